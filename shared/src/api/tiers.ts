import { z } from 'zod';
import { cursorQuerySchema, cursorSchema, idSchema, MAX_POINTS, textSchema, timestampSchema } from './common.ts';
import { tierBasisSchema } from './programs.ts';

// Customer tiers (spec 3.4): thresholds on the program's tier basis, benefits per tier,
// automatic assignment on every posting, history of every move.

export const MAX_TIERS_PER_PROGRAM = 20;
export const TIER_CHANGE_REASONS = ['posting', 'recalculation', 'manual'] as const;

const multiplierSchema = z
  .number({ error: 'multiplier must be a number' })
  .min(1, 'multiplier must be at least 1')
  .max(10, 'multiplier must be at most 10')
  .multipleOf(0.01, 'multiplier has at most 2 decimals')
  .refine((m) => /^\d+(\.\d{1,2})?$/.test(String(m)), 'multiplier has at most 2 decimals')
  .describe('earned points are multiplied by this for members in the tier');
const descriptionSchema = textSchema(1000);
const perksSchema = z
  .array(textSchema(200))
  .max(20, 'at most 20 perks')
  .describe('benefits shown to members, such as "free shipping"');
const thresholdSchema = z
  .int({ error: 'threshold must be a whole number of points' })
  .min(0, 'threshold must be 0 or more')
  .max(MAX_POINTS)
  .describe("points on the program's tier basis needed to reach the tier; 0 makes it the base tier");

export const tierBenefitsInputSchema = z.strictObject({
  multiplier: multiplierSchema.default(1),
  description: descriptionSchema.optional(),
  perks: perksSchema.optional(),
});

export const createTierBodySchema = z.strictObject({
  name: textSchema(100).describe('unique in the program, ignoring case'),
  threshold: thresholdSchema,
  benefits: tierBenefitsInputSchema.default({ multiplier: 1 }),
});

/** Named benefit fields replace theirs, others are kept; null clears description or perks. */
export const updateTierBodySchema = z.strictObject({
  name: textSchema(100).optional(),
  threshold: thresholdSchema.optional(),
  benefits: z
    .strictObject({
      multiplier: multiplierSchema.optional(),
      description: descriptionSchema.nullable().optional(),
      perks: perksSchema.nullable().optional(),
    })
    .optional(),
});

export const tierBenefitsSchema = z
  .object({ multiplier: z.number(), description: z.string().optional(), perks: z.array(z.string()).optional() })
  .meta({ id: 'TierBenefits' });
export type TierBenefits = z.infer<typeof tierBenefitsSchema>;

export const tierSchema = z
  .object({
    id: idSchema,
    programId: idSchema,
    name: z.string(),
    threshold: z.int(),
    benefits: tierBenefitsSchema,
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Tier' });
export type TierView = z.infer<typeof tierSchema>;

export const tierSummarySchema = z
  .object({ id: idSchema, name: z.string(), threshold: z.int(), benefits: tierBenefitsSchema })
  .meta({ id: 'TierSummary' });
export const tierRefSchema = z.object({ id: idSchema, name: z.string() }).meta({ id: 'TierRef' });

export const memberTierSchema = z
  .object({
    tier: tierSummarySchema.nullable().describe('null: below every threshold, or the program has no tiers'),
    basis: tierBasisSchema,
    basisPoints: z.int().describe("the member's points on the basis"),
    next: z.object({ tier: tierSummarySchema, pointsNeeded: z.int() }).nullable().describe('null at the top tier'),
    since: timestampSchema.nullable().describe('when the member entered the tier'),
  })
  .meta({ id: 'MemberTier' });

export const tierHistoryEntrySchema = z
  .object({
    id: z.string(),
    from: tierRefSchema.nullable(),
    to: tierRefSchema.nullable(),
    reason: z.enum(TIER_CHANGE_REASONS),
    postingId: idSchema.nullable().describe('the posting that moved the member, for reason posting'),
    basisPoints: z.int(),
    at: timestampSchema,
  })
  .meta({ id: 'TierHistoryEntry' });

export const tierHistoryQuerySchema = cursorQuerySchema;

export const tierRecalculationBodySchema = z.strictObject({
  cursor: cursorSchema.optional(),
  limit: z.int().min(1).max(1000).default(500).describe('members examined in this page'),
});

export const tierRecalculationSchema = z
  .object({
    examined: z.int(),
    changed: z.int(),
    nextCursor: z.string().nullable().describe('null: the last page was done'),
  })
  .meta({ id: 'TierRecalculation' });

/** The data of a tier_changed event; `tier` is the new tier's name (what analytics reads). */
export const tierChangedEventDataSchema = z.object({
  tier: z.string().nullable().describe("the new tier's name; null: the member is below every threshold"),
  from: tierRefSchema.nullable().describe('the tier left; null: the member had none'),
  to: tierRefSchema.nullable().describe('the tier entered; null: the member has none now'),
  reason: z
    .enum(TIER_CHANGE_REASONS)
    .describe('posting: a balance change moved the member; recalculation: thresholds changed'),
  basis: tierBasisSchema.describe("what the program's thresholds measure"),
  basisPoints: z.int().describe("the member's points on that basis at the move"),
  postingId: idSchema.nullable().describe('the posting that moved the member, for reason posting'),
});
export type TierChangedEventData = z.infer<typeof tierChangedEventDataSchema>;
