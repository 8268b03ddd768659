import type { OpenAPIV3_1 } from 'openapi-types';

// The groups the reference UI shows operations in, in this order, each with what it covers.
// Every tag a route names must be here (the document lint refuses an undeclared one).

export const OPENAPI_TAGS: OpenAPIV3_1.TagObject[] = [
  {
    name: 'tenants',
    description: 'Your merchant account: signing up (onboarding), the merchant profile and its settings.',
  },
  {
    name: 'auth',
    description:
      'Console sessions: log in with a tenant slug, email and password, refresh the tokens, log out. ' +
      'Server-to-server calls use an API key instead and need none of this.',
  },
  { name: 'users', description: 'The console users of your tenant and the role each holds.' },
  {
    name: 'roles',
    description:
      'The predefined roles and your custom roles: named sets of permissions. Nobody grants a permission they do not hold.',
  },
  {
    name: 'api keys',
    description:
      'Keys for server-to-server calls, each with its own scopes; a key can do no more than the user behind it can now.',
  },
  {
    name: 'audit',
    description: 'Who changed which configuration and when, and admin actions such as manual point adjustments.',
  },
  {
    name: 'programs',
    description:
      'Loyalty programs: currency, time zone, point expiry, holds, tier basis and caps. Members, rules, tiers, ' +
      'rewards, segments and campaigns each belong to one program.',
  },
  {
    name: 'members',
    description:
      "A program's members: enrolment under the merchant's customer id, profile (stored encrypted), custom " +
      'attributes, erasure.',
  },
  {
    name: 'points ledger',
    description:
      'The append-only points ledger: earn, hold, redeem, adjust, reverse and expire points; balances and ' +
      'posting history. A balance always equals the sum of its postings.',
  },
  { name: 'rules', description: 'Points rules: what a purchase earns, when, and how rules combine.' },
  {
    name: 'tiers',
    description:
      "Tiers reached at thresholds on the program's tier basis, with multipliers and perks; a member's tier and its history.",
  },
  { name: 'rewards', description: 'The reward catalogue, and the code pools of digital rewards.' },
  {
    name: 'redemptions',
    description: 'Members spending points on rewards, and the fulfilment or cancellation of what they redeemed.',
  },
  {
    name: 'segments',
    description:
      'Groups of members: curated lists, conditions evaluated on the analytics store, or both. Campaigns target ' +
      'them and conditions test them.',
  },
  {
    name: 'campaigns',
    description:
      'Time-boxed bonuses on purchases, with targeting, a per-member limit and a budget. Drafts are published, ' +
      'then run between their dates.',
  },
  {
    name: 'transactions',
    description:
      "Purchases: the program's rules, the member's tier and the live campaigns give the points, posted in one " +
      "call that is idempotent on the merchant's order id; orders and refunds.",
  },
  {
    name: 'reports',
    description:
      'Analytics from the ClickHouse store: KPIs, custom reports (JSON or CSV), campaign, retention and segment ' +
      'reports; saved report definitions. Reading analytics answers 503 when the API runs without ClickHouse.',
  },
  {
    name: 'analytics access',
    description: "Read-only ClickHouse users for your data teams, limited to your tenant's rows.",
  },
];
