import { z } from 'zod';
import {
  boundedJsonSchema,
  cursorQuerySchema,
  idSchema,
  MAX_POINTS,
  mustBeInTheFuture,
  pointsSchema,
  textSchema,
  timestampSchema,
  withNote,
} from './common.ts';

export const POSTING_KINDS = ['earn', 'redeem', 'adjust', 'reverse', 'expire'] as const;
export const POSTING_STATUSES = ['posted', 'pending', 'voided'] as const;
const metadataSchema = boundedJsonSchema(4 * 1024);

export const earnBodySchema = z.strictObject({
  points: pointsSchema,
  reason: textSchema(500).optional(),
  orderId: textSchema(200).optional().describe("the merchant's order id, for reconciliation"),
  expiresAt: mustBeInTheFuture(
    withNote(timestampSchema, "overrides the program's expiry policy for these points"),
  ).optional(),
  metadata: metadataSchema.optional(),
});

export const holdBodySchema = earnBodySchema.extend({
  deadline: mustBeInTheFuture(
    withNote(
      timestampSchema,
      "voided automatically if not confirmed by then; at most the program's settings.maxHoldDays ahead (409 otherwise)",
    ),
  ),
});

export const redeemBodySchema = z.strictObject({
  points: pointsSchema,
  reason: textSchema(500).optional(),
  orderId: textSchema(200).optional().describe("the merchant's order id, for reconciliation"),
  metadata: metadataSchema.optional(),
});

export const adjustBodySchema = z.strictObject({
  points: z
    .int({ error: 'points must be a whole number' })
    .min(-MAX_POINTS)
    .max(MAX_POINTS)
    .refine((p) => p !== 0, 'an adjustment must not be zero')
    .meta({ not: { const: 0 }, description: 'signed, never zero: positive credits, negative debits' }),
  reason: textSchema(500).describe('required: why the balance is corrected'),
  metadata: metadataSchema.optional(),
});

export const reverseBodySchema = z.strictObject({
  points: pointsSchema.optional().describe('omit to reverse what is left of the original'),
  reason: textSchema(500),
  metadata: metadataSchema.optional(),
});

export const holdResolutionBodySchema = z.strictObject({ reason: textSchema(500).optional() });

export const postingSchema = z
  .object({
    id: idSchema,
    memberId: idSchema,
    programId: idSchema,
    kind: z.enum(POSTING_KINDS),
    status: z.enum(POSTING_STATUSES),
    points: z.int().describe('signed effect on the balance'),
    reason: z.string().nullable(),
    orderId: z.string().nullable().describe("the merchant's order id"),
    reversesId: idSchema.nullable(),
    holdDeadline: timestampSchema.nullable(),
    onDeadline: z
      .enum(['void', 'confirm'])
      .describe('what the deadline does to a pending hold: void it, or confirm it (an approval period)'),
    expiresAt: timestampSchema.nullable(),
    actor: z.object({ type: z.enum(['user', 'api_key', 'system']), id: z.string() }),
    metadata: z.record(z.string(), z.unknown()),
    createdAt: timestampSchema,
    resolvedAt: timestampSchema.nullable(),
  })
  .meta({ id: 'Posting' });

export const postingResultSchema = z
  .object({
    posting: postingSchema,
    balance: z.object({ available: z.int(), pending: z.int(), lifetimeEarned: z.int(), lifetimeRedeemed: z.int() }),
  })
  .meta({ id: 'PostingResult' });

export const historyQuerySchema = cursorQuerySchema.extend({
  kind: z.enum(POSTING_KINDS).optional(),
  status: z.enum(POSTING_STATUSES).optional(),
  from: timestampSchema.optional().describe('postings at or after this instant (inclusive)'),
  to: timestampSchema.optional().describe('postings before this instant (exclusive)'),
});

export const expireDueResultSchema = z.object({
  membersAffected: z.int(),
  pointsExpired: z.int(),
  holdsVoided: z.int(),
  holdsConfirmed: z.int(),
});
