import {
  calculatePoints,
  compileRules,
  purchaseSchema,
  redeemRewardBodySchema,
  redemptionResultSchema,
  refundBodySchema,
  refundResultSchema,
  ruleDefinitionSchema,
  transactionBodySchema,
  transactionResultSchema,
} from '@loyalty/shared';
import { requestExample, responseExample, type OperationExamples } from '../openapi-examples.ts';
import {
  AFTERNOON_RULE_ID,
  AUTUMN_CAMPAIGN_ID,
  MEMBER_ID,
  ORDER_RECORD_ID,
  POSTING_IDS,
  PROGRAM_ID,
  REDEMPTION_ID,
  REFUND_ID,
  REWARD_ID,
  RULE_ID,
} from './example-ids.ts';
import { RULE } from './configuration-examples.ts';
import { BALANCE_AFTER, LEDGER } from './ledger-examples.ts';

// Léa buys two flat whites and a croissant during the autumn campaign, returns the croissant,
// and later spends points on a free coffee. The breakdown is the engine's own answer for this
// purchase under the program's rule, an afternoon rule (15:00-17:00 on weekdays, so not at
// 09:12 in Paris) and the campaign's double points.

const purchase = {
  amount: 1250,
  currency: 'EUR' as const,
  occurredAt: '2026-10-20T07:12:00Z',
  channel: 'pos',
  store: 'paris-11',
  lines: [
    { sku: 'FLAT-WHITE', category: 'coffee', quantity: 2, amount: 760 },
    { sku: 'CROISSANT', category: 'pastry', quantity: 1, amount: 490 },
  ],
};
const afternoon = {
  name: 'Afternoon',
  kind: { type: 'fixed' as const, points: 5 },
  schedule: { daysOfWeek: [1, 2, 3, 4, 5], timeWindows: [{ start: '15:00', end: '17:00' }] },
};
const breakdown = calculatePoints(
  compileRules([
    { ...ruleDefinitionSchema.parse(RULE), id: RULE_ID },
    { ...ruleDefinitionSchema.parse(afternoon), id: AFTERNOON_RULE_ID },
  ]),
  {
    purchase: purchaseSchema.parse(purchase),
    timezone: 'Europe/Paris',
    currency: 'EUR',
    member: { balance: BALANCE_AFTER.welcome.available, lifetimeEarned: BALANCE_AFTER.welcome.lifetimeEarned },
    tier: null,
    campaigns: [
      {
        id: AUTUMN_CAMPAIGN_ID,
        name: 'Autumn double points',
        startsAt: new Date('2026-09-30T22:00:00Z'),
        endsAt: new Date('2026-10-31T23:00:00Z'),
        segmentIds: [],
        bonus: { type: 'multiplier', multiplier: 2 },
        maxParticipationsPerMember: null,
        budgetRemaining: null,
      },
    ],
    participations: new Map(),
    maxPointsPerTransaction: 5000,
    now: new Date('2026-10-20T07:12:05Z'),
  },
);

const order = {
  id: ORDER_RECORD_ID,
  orderId: 'order-1002',
  programId: PROGRAM_ID,
  memberId: MEMBER_ID,
  status: 'completed' as const,
  amount: 1250,
  refundedAmount: 0,
  currency: 'EUR',
  occurredAt: '2026-10-20T07:12:00.000Z',
  points: breakdown.points,
  pointsReversed: 0,
  pending: false,
  confirmsAt: null,
  createdAt: '2026-10-20T07:12:05.000Z',
};

export const purchaseExamples: OperationExamples = {
  recordTransaction: {
    request: requestExample(transactionBodySchema, {
      memberExternalId: 'cust-1042',
      orderId: 'order-1002',
      purchase,
    }),
    response: {
      status: 201,
      json: responseExample(transactionResultSchema, {
        order,
        breakdown,
        posting: LEDGER.order,
        balance: BALANCE_AFTER.order,
      }),
    },
  },

  refundOrder: {
    request: requestExample(refundBodySchema, { amount: 490, reason: 'Croissant returned' }),
    response: {
      status: 201,
      json: responseExample(refundResultSchema, {
        order: { ...order, status: 'partially_refunded', refundedAmount: 490, pointsReversed: 15 },
        refund: {
          id: REFUND_ID,
          amount: 490,
          points: 15,
          unrecoverablePoints: 0,
          reason: 'Croissant returned',
          createdAt: '2026-10-26T16:20:00.000Z',
        },
        balance: BALANCE_AFTER.refund,
      }),
    },
  },

  redeemReward: {
    request: requestExample(redeemRewardBodySchema, { rewardId: REWARD_ID }),
    response: {
      status: 201,
      json: responseExample(redemptionResultSchema, {
        redemption: {
          id: REDEMPTION_ID,
          programId: PROGRAM_ID,
          rewardId: REWARD_ID,
          memberId: MEMBER_ID,
          postingId: POSTING_IDS.reward,
          points: 150,
          status: 'fulfilled',
          code: 'COFFEE-7QK2M9XD',
          note: null,
          refundPostingId: null,
          createdAt: '2026-11-03T08:30:00.000Z',
          resolvedAt: '2026-11-03T08:30:00.000Z',
        },
        balance: BALANCE_AFTER.reward,
      }),
    },
  },
};
