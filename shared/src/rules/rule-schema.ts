import { z } from 'zod';
import { MAX_POINTS, textSchema, withRule } from '../api/common.ts';
import { BODY_JSON_LIMITS, storableJson } from '../api/json-safety.ts';
import { conditionSchema } from '../conditions/index.ts';
import { hasAtMostTwoDecimals, roundingModeSchema } from './exact-arithmetic.ts';
import { ruleScheduleSchema } from './schedule.ts';

// A points rule as merchants write it and as it is stored (points_rules.definition). Amounts
// are integers in minor units; rates are decimals with at most two places, applied to amounts
// in MAJOR units (10% of EUR 123.45 is 12.345 points before rounding).

/** Purchases are at most this many minor units (a billion euros). */
export const MAX_PURCHASE_AMOUNT = 100_000_000_000;

function decimal(min: number, max: number, what: string) {
  const range = `must be ${what} from ${min} to ${max}`;
  return (
    z
      .number({ error: range })
      .min(min, range)
      .max(max, range)
      .multipleOf(0.01, 'must have at most two decimals')
      // zod's multipleOf passes tiny numbers written with an exponent (1e-7): checked exactly here.
      .refine(hasAtMostTwoDecimals, 'must have at most two decimals')
  );
}

export const STACKING_MODES = ['stack', 'best_of', 'exclusive'] as const;
export const stackingSchema = z
  .enum(STACKING_MODES)
  .describe(
    'stack: adds to the others; best_of: only the best best_of rule counts; exclusive: the first exclusive rule that applies is the only one',
  );
export type Stacking = z.infer<typeof stackingSchema>;

export const fixedKindSchema = z.strictObject({
  type: z.literal('fixed'),
  points: z.int({ error: 'must be a whole number of points' }).min(1, 'must be at least 1').max(MAX_POINTS),
});

export const percentageKindSchema = z.strictObject({
  type: z.literal('percentage'),
  percent: decimal(0.01, 1000, 'a percentage'),
  rounding: roundingModeSchema,
});

const pointsPerUnit = decimal(0, 1000, 'points per major currency unit');
const amountSchema = z.int({ error: 'must be a whole number of minor units (cents)' }).min(0).max(MAX_PURCHASE_AMOUNT);

export const ruleAmountBandSchema = z.strictObject({
  fromAmount: amountSchema.min(1, 'must be at least 1 minor unit: pointsPerUnit applies from 0'),
  pointsPerUnit,
});

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CATEGORY_KEY_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;
const CATEGORY_KEY = new RegExp(CATEGORY_KEY_CHARACTERS.source.replace('*', '{1,200}'));

export const dynamicKindSchema = z.strictObject({
  type: z.literal('dynamic'),
  pointsPerUnit: pointsPerUnit.describe('points per major currency unit below the first band'),
  bands: withRule(
    z
      .array(ruleAmountBandSchema)
      .min(1, 'must hold at least one band; omit it for a flat rate')
      .max(20)
      .refine(
        (bands) => bands.every((b, i) => i === 0 || b.fromAmount > bands[i - 1]!.fromAmount),
        'fromAmount must increase from band to band',
      )
      .describe(
        'a higher rate from an eligible amount on: the band is chosen by the eligible amount and its rate applies to all of it',
      ),
    'x-increasing-by',
    'fromAmount',
    'fromAmount must increase from band to band',
  ).optional(),
  categoryMultipliers: z
    .record(z.string(), decimal(0, 100, 'a multiplier'))
    .superRefine((m, ctx) => {
      const keys = Object.keys(m);
      if (keys.length < 1 || keys.length > 100)
        ctx.addIssue({ code: 'custom', message: 'must name 1 to 100 categories' });
      // Reported here rather than by a key schema, whose message would only say "Invalid key in record".
      for (const key of keys) {
        if (!CATEGORY_KEY.test(key) || !key.isWellFormed())
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'must be a category name of 1-200 characters, without control characters',
          });
      }
    })
    .meta({
      description: 'category -> multiplier of the points of that category’s lines (0 excludes them)',
      minProperties: 1,
      maxProperties: 100,
      propertyNames: { minLength: 1, maxLength: 200, pattern: CATEGORY_KEY_CHARACTERS.source },
    })
    .optional(),
  rounding: roundingModeSchema,
});

export const ruleKindSchema = z.discriminatedUnion('type', [fixedKindSchema, percentageKindSchema, dynamicKindSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? 'must be fixed, percentage or dynamic' : undefined),
});
export type RuleKind = z.infer<typeof ruleKindSchema>;

/** Every field of a rule, without defaults: the building blocks of the create and patch bodies. */
export const ruleFieldSchemas = {
  name: textSchema(200),
  priority: z
    .int({ error: 'must be a whole number from 0 to 10000' })
    .min(0, 'must be from 0 to 10000')
    .max(10_000, 'must be from 0 to 10000'),
  active: z.boolean(),
  kind: ruleKindSchema,
  condition: storableJson(conditionSchema, BODY_JSON_LIMITS),
  minAmount: amountSchema.describe('minor units; the eligible amount must reach it'),
  maxPoints: z
    .int({ error: 'must be a whole number of points' })
    .min(1, 'must be at least 1')
    .max(MAX_POINTS)
    .describe('cap on this rule’s points per transaction'),
  stacking: stackingSchema,
  schedule: ruleScheduleSchema,
  approvalDays: z
    .int({ error: 'must be a whole number of days' })
    .min(1, 'must be 1 to 365 days')
    .max(365, 'must be 1 to 365 days')
    .describe('points earned by this rule stay pending this many days (the return window)'),
} as const;

export const ruleDefinitionSchema = z
  .strictObject({
    name: ruleFieldSchemas.name,
    priority: ruleFieldSchemas.priority.default(100).describe('lower runs first; ties run in creation order'),
    active: ruleFieldSchemas.active.default(true),
    kind: ruleFieldSchemas.kind,
    condition: ruleFieldSchemas.condition.optional(),
    minAmount: ruleFieldSchemas.minAmount.optional(),
    maxPoints: ruleFieldSchemas.maxPoints.optional(),
    stacking: ruleFieldSchemas.stacking.default('stack'),
    schedule: ruleFieldSchemas.schedule.optional(),
    approvalDays: ruleFieldSchemas.approvalDays.optional(),
  })
  .meta({ id: 'PointsRuleDefinition' });

export type RuleDefinition = z.output<typeof ruleDefinitionSchema>;
export type RuleDefinitionInput = z.input<typeof ruleDefinitionSchema>;
export type RuleDefinitionWithId = RuleDefinition & { readonly id: string };
