import { z } from 'zod';
import { stackingSchema } from './rule-schema.ts';

// What a calculation returns: the total and every line that makes it up, plus what did not
// apply and why. Invariants: points = the sum of the lines' points, an integer, never negative.

const points = z.int().min(0);

export const SKIP_REASONS = [
  'inactive',
  'condition',
  'schedule',
  'min_amount',
  'currency',
  'best_of',
  'exclusive',
  'not_started',
  'ended',
  'segment',
  'max_participations',
  'budget',
  'zero_points',
] as const;
export const skipReasonSchema = z.enum(SKIP_REASONS);
export type SkipReason = z.infer<typeof skipReasonSchema>;

export const CAP_REASONS = ['program_max_points_per_transaction', 'points_limit'] as const;

export const ruleLineSchema = z.object({
  source: z.literal('rule'),
  ruleId: z.string(),
  name: z.string(),
  points,
  eligibleAmount: z.int().min(0).describe('minor units of the lines the rule matched'),
  stacking: stackingSchema,
  capped: z.boolean().optional().describe('true when the rule’s maxPoints cut its points'),
});
export const tierLineSchema = z.object({
  source: z.literal('tier'),
  tierId: z.string(),
  name: z.string(),
  multiplier: z.number(),
  points,
});
export const campaignLineSchema = z.object({
  source: z.literal('campaign'),
  campaignId: z.string(),
  name: z.string(),
  points,
  clippedByBudget: z.boolean().optional().describe('true when the campaign’s remaining budget cut the bonus'),
});
export const capLineSchema = z.object({
  source: z.literal('cap'),
  points: z.int().max(-1).describe('negative: what the cap took away'),
  reason: z
    .enum(CAP_REASONS)
    .describe(
      'program_max_points_per_transaction: the program’s cap; points_limit: the platform’s per-posting maximum',
    ),
});

export const breakdownLineSchema = z.discriminatedUnion('source', [
  ruleLineSchema,
  tierLineSchema,
  campaignLineSchema,
  capLineSchema,
]);

export const skippedItemSchema = z.object({
  source: z.enum(['rule', 'campaign']),
  id: z.string(),
  name: z.string(),
  reason: skipReasonSchema,
});

export const pointsBreakdownSchema = z
  .object({
    points: points.describe('total earned: the sum of the lines'),
    basePoints: points.describe('from rules, after the program cap'),
    tierBonus: points.describe('after the program cap'),
    campaignBonus: points.describe('after the program cap'),
    approvalDays: z
      .int()
      .min(1)
      .nullable()
      .describe(
        'the longest approval period of the rules that gave points: hold the points pending that long; null: none',
      ),
    lines: z.array(breakdownLineSchema),
    skipped: z.array(skippedItemSchema),
  })
  .meta({ id: 'PointsBreakdown' });

export type RuleLine = z.infer<typeof ruleLineSchema>;
export type TierLine = z.infer<typeof tierLineSchema>;
export type CampaignLine = z.infer<typeof campaignLineSchema>;
export type CapLine = z.infer<typeof capLineSchema>;
export type BreakdownLine = z.infer<typeof breakdownLineSchema>;
export type SkippedItem = z.infer<typeof skippedItemSchema>;
export type PointsBreakdown = z.infer<typeof pointsBreakdownSchema>;
