import {
  adjustBodySchema,
  balanceSchema,
  earnBodySchema,
  pageSchema,
  postingResultSchema,
  postingSchema,
  redeemBodySchema,
  reverseBodySchema,
} from '@loyalty/shared';
import type { z } from 'zod';
import { requestExample, responseExample, type OperationExamples } from '../openapi-examples.ts';
import {
  API_KEY_ID,
  MEMBER_ID,
  ORDER_RECORD_ID,
  OWNER_ID,
  POSTING_IDS,
  PROGRAM_ID,
  REDEMPTION_ID,
  REWARD_ID,
} from './example-ids.ts';

// Léa's ledger: a welcome bonus, an order, points spent and given back, a goodwill credit, a
// refund and a reward, with her balance after each (the program's points expire after a year).

type Posting = z.output<typeof postingSchema>;
type Balance = z.output<typeof balanceSchema>;

const byCheckout = { type: 'api_key' as const, id: API_KEY_ID };

/** A posted ledger line of Léa's, with what most postings leave empty. */
function posting(p: Pick<Posting, 'id' | 'kind' | 'points' | 'createdAt'> & Partial<Posting>): Posting {
  return {
    memberId: MEMBER_ID,
    programId: PROGRAM_ID,
    status: 'posted',
    reason: null,
    orderId: null,
    reversesId: null,
    holdDeadline: null,
    onDeadline: 'void',
    expiresAt: null,
    actor: byCheckout,
    metadata: {},
    resolvedAt: null,
    ...p,
  };
}

const balance = (available: number, lifetimeEarned: number, lifetimeRedeemed: number): Balance => ({
  available,
  pending: 0,
  lifetimeEarned,
  lifetimeRedeemed,
});

export const LEDGER = {
  welcome: posting({
    id: POSTING_IDS.welcome,
    kind: 'earn',
    points: 250,
    reason: 'Welcome bonus',
    expiresAt: '2027-10-15T10:05:00.000Z',
    metadata: { source: 'signup-form' },
    createdAt: '2026-10-15T10:05:00.000Z',
  }),
  order: posting({
    id: POSTING_IDS.order,
    kind: 'earn',
    points: 40,
    reason: 'order order-1002',
    orderId: 'order-1002',
    expiresAt: '2027-10-20T07:12:05.000Z',
    metadata: { orderId: ORDER_RECORD_ID, amount: 1250, currency: 'EUR' },
    createdAt: '2026-10-20T07:12:05.000Z',
  }),
  redeem: posting({
    id: POSTING_IDS.redeem,
    kind: 'redeem',
    points: -100,
    reason: 'Spent at checkout',
    orderId: 'order-1007',
    createdAt: '2026-10-22T17:30:00.000Z',
  }),
  adjust: posting({
    id: POSTING_IDS.adjust,
    kind: 'adjust',
    points: 50,
    reason: 'Goodwill: order delivered late',
    expiresAt: '2027-10-23T09:45:00.000Z',
    actor: { type: 'user', id: OWNER_ID },
    metadata: { ticket: 'SUP-381' },
    createdAt: '2026-10-23T09:45:00.000Z',
  }),
  reverse: posting({
    id: POSTING_IDS.reverse,
    kind: 'reverse',
    points: 100,
    reason: 'Order order-1007 cancelled',
    orderId: 'order-1007',
    reversesId: POSTING_IDS.redeem,
    expiresAt: '2027-10-24T12:00:00.000Z',
    createdAt: '2026-10-24T12:00:00.000Z',
  }),
  refund: posting({
    id: POSTING_IDS.refund,
    kind: 'reverse',
    points: -15,
    reason: 'Croissant returned',
    orderId: 'order-1002',
    reversesId: POSTING_IDS.order,
    createdAt: '2026-10-26T16:20:00.000Z',
  }),
  reward: posting({
    id: POSTING_IDS.reward,
    kind: 'redeem',
    points: -150,
    reason: 'reward: Free coffee',
    metadata: { rewardId: REWARD_ID, redemptionId: REDEMPTION_ID },
    createdAt: '2026-11-03T08:30:00.000Z',
  }),
} satisfies Record<string, Posting>;

/** Léa's balance after each posting. */
export const BALANCE_AFTER = {
  welcome: balance(250, 250, 0),
  order: balance(290, 290, 0),
  redeem: balance(190, 290, 100),
  adjust: balance(240, 290, 100),
  reverse: balance(340, 290, 0),
  refund: balance(325, 275, 0),
  reward: balance(175, 275, 150),
} satisfies Record<string, Balance>;

const result = (step: keyof typeof LEDGER) =>
  responseExample(postingResultSchema, { posting: LEDGER[step], balance: BALANCE_AFTER[step] });

export const ledgerExamples: OperationExamples = {
  earnPoints: {
    request: requestExample(earnBodySchema, {
      points: 250,
      reason: 'Welcome bonus',
      metadata: { source: 'signup-form' },
    }),
    response: { status: 201, json: result('welcome') },
  },

  redeemPoints: {
    request: requestExample(redeemBodySchema, { points: 100, reason: 'Spent at checkout', orderId: 'order-1007' }),
    response: { status: 201, json: result('redeem') },
  },

  adjustPoints: {
    request: requestExample(adjustBodySchema, {
      points: 50,
      reason: 'Goodwill: order delivered late',
      metadata: { ticket: 'SUP-381' },
    }),
    response: { status: 201, json: result('adjust') },
  },

  reversePosting: {
    request: requestExample(reverseBodySchema, { reason: 'Order order-1007 cancelled' }),
    response: { status: 201, json: result('reverse') },
  },

  getMemberBalance: { response: { status: 200, json: responseExample(balanceSchema, BALANCE_AFTER.reward) } },

  // GET .../postings?limit=3: the three newest, and a cursor to the rest.
  listMemberPostings: {
    response: {
      status: 200,
      json: responseExample(pageSchema(postingSchema), {
        data: [LEDGER.reward, LEDGER.refund, LEDGER.reverse],
        nextCursor: 'c2VxOjE4NDM',
        hasMore: true,
      }),
    },
  },
};
