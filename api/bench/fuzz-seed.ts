import { randomUUID } from 'node:crypto';
import { PERMISSIONS } from '../../shared/src/api/auth.ts';
import { post } from './tenant-setup.ts';

// What the fuzzer needs to get past 404: one of every entity, made through the public API the
// way a merchant would, so every path parameter can be pinned to something that exists.
// Entities the destructive run deletes (a role, a user, an API key) are spares, never the
// fuzzer's own key.

export interface FuzzSeed {
  /** An API key holding every permission: the fuzzer's credential. */
  apiKey: string;
  ids: SeedIds;
}

export interface SeedIds {
  program: string;
  member: string;
  externalId: string;
  earnPosting: string;
  /** Two pending holds: one to confirm, one to void. */
  holdToConfirm: string;
  holdToVoid: string;
  rule: string;
  tier: string;
  reward: string;
  redemption: string;
  segment: string;
  campaign: string;
  orderId: string;
  savedReport: string;
  analyticsUser: string;
  role: string;
  user: string;
  spareApiKey: string;
}

type Json = Record<string, unknown>;

function field(body: Json, path: string): string {
  let value: unknown = body;
  for (const k of path.split('.')) value = (value as Json | undefined)?.[k];
  if (typeof value !== 'string') throw new Error(`seed: expected ${path} in ${JSON.stringify(body).slice(0, 400)}`);
  return value;
}

async function put(baseUrl: string, route: string, body: unknown, bearer: string): Promise<Json> {
  const res = await fetch(`${baseUrl}${route}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`PUT ${route} answered ${res.status}: ${text}`);
  return JSON.parse(text) as Json;
}

async function onboard(baseUrl: string): Promise<{ apiKey: string; spareApiKey: string; slug: string }> {
  const slug = `fuzz-${randomUUID().slice(0, 8)}`;
  const onboarded = await post(baseUrl, '/v1/onboarding', {
    tenant: { slug, name: 'Fuzz tenant' },
    owner: { email: `owner@${slug}.example`, name: 'Fuzz owner', password: randomUUID() },
  });
  const token = field(onboarded, 'tokens.accessToken');
  const key = (name: string) => post(baseUrl, '/v1/api-keys', { name, scopes: [...PERMISSIONS] }, token);
  const apiKey = field(await key('schemathesis'), 'secret');
  const spareApiKey = field(await key('schemathesis spare (revoked by the run)'), 'id');
  return { apiKey, spareApiKey, slug };
}

export async function seedFuzzTenant(baseUrl: string): Promise<FuzzSeed> {
  const { apiKey, spareApiKey, slug } = await onboard(baseUrl);
  const call = (route: string, body: unknown) => post(baseUrl, route, body, apiKey);
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

  const program = field(
    await call('/v1/programs', { name: 'Fuzz Club', currency: 'USD', timezone: 'UTC', settings: {} }),
    'id',
  );
  const externalId = 'fuzz-member-1';
  const member = field(
    await call(`/v1/programs/${program}/members`, { externalId, email: `m1@${slug}.example`, name: 'Member One' }),
    'id',
  );
  // Enough points that every redeem, hold and redemption the fuzzer tries can be afforded.
  const earnPosting = field(
    await call(`/v1/members/${member}/points/earn`, { points: 1_000_000, reason: 'seed' }),
    'posting.id',
  );
  const hold = async () =>
    field(await call(`/v1/members/${member}/points/holds`, { points: 5, deadline: inDays(30) }), 'posting.id');
  const holdToConfirm = await hold();
  const holdToVoid = await hold();
  const rule = field(
    await call(`/v1/programs/${program}/rules`, { name: 'r1', kind: { type: 'fixed', points: 10 } }),
    'id',
  );
  const tier = field(await call(`/v1/programs/${program}/tiers`, { name: 'Gold', threshold: 500 }), 'id');
  const reward = field(
    await call(`/v1/programs/${program}/rewards`, { type: 'physical', name: 'Mug', pointsCost: 10, stock: 100_000 }),
    'id',
  );
  const redemption = field(await call(`/v1/members/${member}/redemptions`, { rewardId: reward }), 'redemption.id');
  const segment = field(
    await call(`/v1/programs/${program}/segments`, {
      name: 'S1',
      kind: 'hybrid',
      condition: { field: 'member.balance', op: 'gte', value: 1 },
    }),
    'id',
  );
  const campaign = field(
    await call(`/v1/programs/${program}/campaigns`, {
      name: 'C1',
      startsAt: inDays(-1).slice(0, 10),
      endsAt: inDays(365).slice(0, 10),
      bonus: { type: 'multiplier', multiplier: 2 },
    }),
    'id',
  );
  const orderId = 'fuzz-order-1';
  await call(`/v1/programs/${program}/transactions`, {
    memberId: member,
    orderId,
    purchase: { amount: 1000, currency: 'USD', occurredAt: new Date().toISOString() },
  });
  const savedReport = field(
    await call('/v1/reports/saved', {
      name: 'fuzz report',
      definition: { measures: ['points_issued'], timeRange: { from: inDays(-30), to: inDays(0) } },
    }),
    'id',
  );
  const analyticsUserBody = await call('/v1/analytics/users', { name: 'Fuzz BI' });
  const analyticsUser =
    typeof analyticsUserBody.id === 'string' ? analyticsUserBody.id : field(analyticsUserBody, 'user.id');
  const role = 'fuzz-role';
  await put(baseUrl, `/v1/roles/${role}`, { name: 'Fuzz role', permissions: ['members:read'] }, apiKey);
  const userBody = await call('/v1/users', {
    email: `user@${slug}.example`,
    name: 'Fuzz user',
    password: randomUUID(),
    role,
  });
  const user = typeof userBody.id === 'string' ? userBody.id : field(userBody, 'user.id');

  return {
    apiKey,
    ids: {
      ...{ program, member, externalId, earnPosting, holdToConfirm, holdToVoid, rule, tier, reward, redemption },
      ...{ segment, campaign, orderId, savedReport, analyticsUser, role, user, spareApiKey },
    },
  };
}
