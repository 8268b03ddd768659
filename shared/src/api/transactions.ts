import { z } from 'zod';
import { pointsBreakdownSchema, purchaseSchema } from '../rules/index.ts';
import { exactlyOneOf, idSchema, textSchema, timestampSchema } from './common.ts';
import { postingSchema } from './ledger.ts';
import { balanceSchema } from './members.ts';

// Purchases in, points out: the transaction endpoint evaluates the program's rules, the
// member's tier and the live campaigns, and posts the earn. The merchant's order id makes it
// idempotent on its own (a resend of the same order returns the first result).

export const orderRefSchema = textSchema(200).describe(
  "the merchant's order id: unique per program; a resend of the same order returns the first result",
);

const memberRef = {
  memberId: idSchema.optional().describe('the member, by our id'),
  memberExternalId: textSchema(200).optional().describe("the member, by the merchant's customer id"),
};
const MEMBER_REFS = ['memberId', 'memberExternalId'] as const;
const ONE_MEMBER_REF = 'name the member by exactly one of memberId or memberExternalId';

export const transactionBodySchema = exactlyOneOf(
  z.strictObject({ ...memberRef, orderId: orderRefSchema, purchase: purchaseSchema }),
  MEMBER_REFS,
  ONE_MEMBER_REF,
);
export type TransactionBody = z.output<typeof transactionBodySchema>;

export const simulateTransactionBodySchema = exactlyOneOf(
  z.strictObject({ ...memberRef, purchase: purchaseSchema }),
  MEMBER_REFS,
  ONE_MEMBER_REF,
);

export const ORDER_STATUSES = ['completed', 'partially_refunded', 'refunded'] as const;

export const orderSchema = z
  .object({
    id: idSchema,
    orderId: z.string().describe("the merchant's order id"),
    programId: idSchema,
    memberId: idSchema,
    status: z.enum(ORDER_STATUSES),
    amount: z.int().describe('minor units'),
    refundedAmount: z.int(),
    currency: z.string(),
    occurredAt: timestampSchema,
    points: z.int().describe('points the order earned (before refunds)'),
    pointsReversed: z.int().describe('points taken back by refunds so far'),
    pending: z.boolean().describe('the points are held for an approval period (a return window)'),
    confirmsAt: timestampSchema.nullable().describe('when held points become spendable, unless refunded first'),
    createdAt: timestampSchema,
  })
  .meta({ id: 'Order' });

export const transactionResultSchema = z
  .object({
    order: orderSchema,
    breakdown: pointsBreakdownSchema,
    posting: postingSchema.nullable().describe('the earn posting; null when the order earned no points'),
    balance: balanceSchema,
  })
  .meta({ id: 'TransactionResult' });

export const simulationResultSchema = z
  .object({
    breakdown: pointsBreakdownSchema,
    tier: z.object({ id: idSchema, name: z.string(), multiplier: z.number() }).nullable(),
    confirmsAt: timestampSchema.nullable().describe('when the points would become spendable, for an approval period'),
  })
  .meta({ id: 'TransactionSimulation' });

export const refundBodySchema = z.strictObject({
  amount: z
    .int('amount must be a whole number of minor units')
    .min(1, 'amount must be at least 1')
    .describe('refunded amount in minor units; omit for the whole remainder')
    .optional(),
  reason: textSchema(500).optional(),
});

export const refundResultSchema = z
  .object({
    order: orderSchema,
    refund: z.object({
      id: idSchema,
      amount: z.int(),
      points: z.int().describe('points taken back by this refund'),
      unrecoverablePoints: z
        .int()
        .describe('points the refund should have taken back but the member had already spent'),
      reason: z.string().nullable(),
      createdAt: timestampSchema,
    }),
    balance: balanceSchema,
  })
  .meta({ id: 'RefundResult' });
