import {
  redeemRewardBodySchema,
  redemptionResultSchema,
  refundBodySchema,
  refundResultSchema,
  transactionBodySchema,
  transactionResultSchema,
} from '@loyalty/shared';
import { requestExample, responseExample, type OperationExamples } from '../openapi-examples.ts';
import {
  AFTERNOON_RULE_ID,
  CAMPAIGN_ID,
  MEMBER_ID,
  ORDER_RECORD_ID,
  POSTING_IDS,
  PROGRAM_ID,
  REDEMPTION_ID,
  REFUND_ID,
  REWARD_ID,
  RULE_ID,
} from './example-ids.ts';
import { BALANCE_AFTER, LEDGER } from './ledger-examples.ts';

// Léa buys two flat whites and a croissant in January (double points month), returns the
// croissant, and later spends points on a free coffee. The breakdown is what the engine gives
// for this purchase with the rules and campaign of configuration-examples.ts, at 09:12 in Paris
// (the afternoon rule, 15:00-17:00 on weekdays, does not apply).

const order = {
  id: ORDER_RECORD_ID,
  orderId: 'order-1002',
  programId: PROGRAM_ID,
  memberId: MEMBER_ID,
  status: 'completed' as const,
  amount: 1250,
  refundedAmount: 0,
  currency: 'EUR',
  occurredAt: '2027-01-20T08:12:00.000Z',
  points: 40,
  pointsReversed: 0,
  pending: false,
  confirmsAt: null,
  createdAt: '2027-01-20T08:12:05.000Z',
};

export const purchaseExamples: OperationExamples = {
  recordTransaction: {
    request: requestExample(transactionBodySchema, {
      memberExternalId: 'cust-1042',
      orderId: 'order-1002',
      purchase: {
        amount: 1250,
        currency: 'EUR',
        occurredAt: '2027-01-20T08:12:00Z',
        channel: 'pos',
        store: 'paris-11',
        lines: [
          { sku: 'FLAT-WHITE', category: 'coffee', quantity: 2, amount: 760 },
          { sku: 'CROISSANT', category: 'pastry', quantity: 1, amount: 490 },
        ],
      },
    }),
    response: {
      status: 201,
      json: responseExample(transactionResultSchema, {
        order,
        breakdown: {
          points: 40,
          basePoints: 20,
          tierBonus: 0,
          campaignBonus: 20,
          approvalDays: null,
          lines: [
            {
              source: 'rule',
              ruleId: RULE_ID,
              name: '1 point per euro, coffee double',
              points: 20,
              eligibleAmount: 1250,
              stacking: 'stack',
            },
            { source: 'campaign', campaignId: CAMPAIGN_ID, name: 'Double points month', points: 20 },
          ],
          skipped: [{ source: 'rule', id: AFTERNOON_RULE_ID, name: 'Afternoon', reason: 'schedule' }],
        },
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
          createdAt: '2027-01-25T16:20:00.000Z',
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
          createdAt: '2027-02-03T08:30:00.000Z',
          resolvedAt: '2027-02-03T08:30:00.000Z',
        },
        balance: BALANCE_AFTER.reward,
      }),
    },
  },
};
