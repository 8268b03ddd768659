import { z } from 'zod';
import { conditionSchema, resolveConditionField, type Condition } from '../conditions/index.ts';
import { cursorQuerySchema, idSchema, MAX_POINTS, pointsSchema, textSchema, timestampSchema } from './common.ts';
import { balanceSchema } from './members.ts';
import { currencySchema } from './programs.ts';

// Rewards (the catalogue members spend points on) and redemptions (a member spending them).

export const REWARD_TYPES = ['physical', 'digital', 'experience', 'coupon'] as const;
export const rewardTypeSchema = z.enum(REWARD_TYPES);
export type RewardType = z.infer<typeof rewardTypeSchema>;

/** Stock and limits stay far below the int4 columns that hold them. */
export const MAX_REWARD_STOCK = 1_000_000_000;
const MAX_STOCK = MAX_REWARD_STOCK;

/** Postgres has no year 0 and JSON clients choke on 5-digit years: dates stay in 1900-9999. */
const rewardTimestampSchema = timestampSchema.refine((s) => {
  const year = new Date(Date.parse(s)).getUTCFullYear();
  return year >= 1900 && year <= 9999;
}, 'must be a timestamp between the years 1900 and 9999');

// Type-specific details. A delivered code cannot be taken back, so a redemption that hands one
// out (a pooled digital code, a coupon) is fulfilled at once; the others wait for fulfilment.

export const physicalRewardDetailsSchema = z.strictObject({
  requiresShipping: z
    .boolean()
    .default(true)
    .describe('shipped to the member (the redemption note can carry delivery instructions)'),
  sku: textSchema(100).optional().describe("the merchant's stock-keeping unit, for the warehouse"),
  instructions: textSchema(2000).optional().describe('for the fulfilment team'),
});

export const digitalRewardDetailsSchema = z.strictObject({
  codePool: z
    .boolean()
    .default(true)
    .describe(
      'hand out one imported code per redemption (out of stock when the pool is empty); false: delivered by other means, pending until fulfilled',
    ),
  instructions: textSchema(2000).optional().describe('how the member uses the code or content'),
});

export const experienceRewardDetailsSchema = z
  .strictObject({
    location: textSchema(500).optional(),
    startsAt: rewardTimestampSchema.optional(),
    endsAt: rewardTimestampSchema.optional(),
    instructions: textSchema(2000).optional(),
  })
  .refine((d) => !d.startsAt || !d.endsAt || Date.parse(d.endsAt) > Date.parse(d.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });

const couponDiscountSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percentage'), percent: z.int().min(1).max(100) }),
  z.strictObject({
    kind: z.literal('amount'),
    amount: z.int().min(1).max(MAX_POINTS).describe('minor units (cents)'),
    currency: currencySchema,
  }),
]);

export const COUPON_CODE_LENGTH = { min: 6, max: 32 } as const;
export const couponRewardDetailsSchema = z.strictObject({
  codePrefix: z
    .string()
    .regex(/^[A-Z0-9-]{0,20}$/, 'must be at most 20 upper-case letters, digits or "-"')
    .default('')
    .describe('put before every generated code'),
  codeLength: z
    .int()
    .min(COUPON_CODE_LENGTH.min)
    .max(COUPON_CODE_LENGTH.max)
    .default(10)
    .describe('random characters after the prefix'),
  discount: couponDiscountSchema
    .optional()
    .describe('what the coupon is worth at checkout, for the merchant systems that honour it'),
});

/** Each type's details, for validating a patch against the reward's (fixed) type. */
export const REWARD_DETAILS_SCHEMAS = {
  physical: physicalRewardDetailsSchema,
  digital: digitalRewardDetailsSchema,
  experience: experienceRewardDetailsSchema,
  coupon: couponRewardDetailsSchema,
} as const satisfies Record<RewardType, z.ZodType>;
export type RewardDetails = z.output<(typeof REWARD_DETAILS_SCHEMAS)[RewardType]>;

type Issue = { path: (string | number)[]; message: string };

function rewardConditionIssues(c: Condition, path: (string | number)[]): Issue[] {
  if ('all' in c) return c.all.flatMap((child, i) => rewardConditionIssues(child, [...path, 'all', i]));
  if ('any' in c) return c.any.flatMap((child, i) => rewardConditionIssues(child, [...path, 'any', i]));
  if ('not' in c) return rewardConditionIssues(c.not, [...path, 'not']);
  const issues: Issue[] = [];
  if (resolveConditionField(c.field)?.spec.scope === 'transaction') {
    issues.push({
      path: [...path, 'field'],
      message: `"${c.field}" is not available in reward conditions: a redemption has no transaction, use member fields`,
    });
  }
  return issues;
}

/** The condition language, member fields only: a redemption is judged on who the member is. */
export const rewardConditionSchema = conditionSchema.superRefine((c, ctx) => {
  for (const issue of rewardConditionIssues(c, [])) ctx.addIssue({ code: 'custom', ...issue });
});

const tierIdsSchema = z
  .array(idSchema)
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a tier')
  .describe('only members whose current tier is one of these may redeem; empty: everyone');

const rewardFields = {
  name: textSchema(200),
  description: textSchema(2000).nullable().default(null),
  pointsCost: pointsSchema.describe('points one redemption costs'),
  stock: z.int().min(0).max(MAX_STOCK).nullable().default(null).describe('units left; null: unlimited'),
  validFrom: rewardTimestampSchema.nullable().default(null).describe('redeemable from; null: already'),
  validUntil: rewardTimestampSchema.nullable().default(null).describe('redeemable until (exclusive); null: no end'),
  perMemberLimit: z
    .int()
    .min(1)
    .max(MAX_STOCK)
    .nullable()
    .default(null)
    .describe('redemptions one member may make (cancelled ones do not count); null: no limit'),
  condition: rewardConditionSchema.nullable().default(null).describe('eligibility: a condition on member fields'),
  tierIds: tierIdsSchema.default([]),
  campaignId: idSchema
    .nullable()
    .default(null)
    .describe("a campaign's special reward: redeemable only while the campaign is active"),
  active: z
    .boolean()
    .default(true)
    .describe('inactive rewards cannot be redeemed and are left out of member catalogues'),
};

function windowIsOrdered(r: { validFrom?: string | null; validUntil?: string | null }): boolean {
  return !r.validFrom || !r.validUntil || Date.parse(r.validUntil) > Date.parse(r.validFrom);
}

export const createRewardBodySchema = z
  .discriminatedUnion('type', [
    z.strictObject({ ...rewardFields, type: z.literal('physical'), details: physicalRewardDetailsSchema.prefault({}) }),
    z.strictObject({ ...rewardFields, type: z.literal('digital'), details: digitalRewardDetailsSchema.prefault({}) }),
    z.strictObject({
      ...rewardFields,
      type: z.literal('experience'),
      details: experienceRewardDetailsSchema.prefault({}),
    }),
    z.strictObject({ ...rewardFields, type: z.literal('coupon'), details: couponRewardDetailsSchema.prefault({}) }),
  ])
  .refine(windowIsOrdered, { message: 'validUntil must be after validFrom', path: ['validUntil'] });
export type CreateRewardBody = z.output<typeof createRewardBodySchema>;

// No defaults: a patch changes only what it names. The type is fixed once created.
export const updateRewardBodySchema = z
  .strictObject({
    name: rewardFields.name.optional(),
    description: textSchema(2000).nullable().optional(),
    pointsCost: pointsSchema.optional(),
    stock: z.int().min(0).max(MAX_STOCK).nullable().optional().describe('sets the units left; null: unlimited'),
    addStock: z
      .int()
      .min(1)
      .max(MAX_STOCK)
      .optional()
      .describe('adds units to a limited stock, atomically (restocking while members redeem)'),
    validFrom: rewardTimestampSchema.nullable().optional(),
    validUntil: rewardTimestampSchema.nullable().optional(),
    perMemberLimit: z.int().min(1).max(MAX_STOCK).nullable().optional(),
    condition: rewardConditionSchema.nullable().optional(),
    tierIds: tierIdsSchema.optional(),
    campaignId: idSchema.nullable().optional(),
    active: z.boolean().optional(),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("replaces the details; the same shape as at creation for the reward's type"),
  })
  .refine((b) => b.stock === undefined || b.addStock === undefined, {
    message: 'give stock or addStock, not both',
    path: ['addStock'],
  });
export type UpdateRewardBody = z.output<typeof updateRewardBodySchema>;

export const rewardSchema = z
  .object({
    id: idSchema,
    programId: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    type: rewardTypeSchema,
    pointsCost: z.int(),
    stock: z
      .int()
      .nullable()
      .describe('units left; null: unlimited (a digital code pool also limits it: see the codes summary)'),
    validFrom: timestampSchema.nullable(),
    validUntil: timestampSchema.nullable(),
    perMemberLimit: z.int().nullable(),
    condition: z.record(z.string(), z.unknown()).nullable().describe('the eligibility Condition, as given'),
    tierIds: z.array(idSchema),
    campaignId: idSchema.nullable(),
    active: z.boolean(),
    details: z.record(z.string(), z.unknown()).describe("the type's details, defaults filled in"),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Reward' });

export const rewardListQuerySchema = cursorQuerySchema.extend({
  active: z.stringbool().optional(),
  type: rewardTypeSchema.optional(),
});

// Code pools -------------------------------------------------------------------------------------

export const MAX_CODES_PER_IMPORT = 10_000;
const rewardCodeSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const importRewardCodesBodySchema = z.strictObject({
  codes: z.array(rewardCodeSchema).min(1).max(MAX_CODES_PER_IMPORT, `at most ${MAX_CODES_PER_IMPORT} codes per call`),
});

export const importRewardCodesResultSchema = z
  .object({
    imported: z.int().describe('codes added to the pool'),
    duplicates: z.int().describe('codes skipped: repeated in the call or already in the pool'),
    duplicateCodes: z.array(z.string()).describe('the skipped codes (the first 1,000)'),
  })
  .meta({ id: 'RewardCodeImport' });

export const rewardCodesSummarySchema = z
  .object({ total: z.int(), available: z.int(), assigned: z.int() })
  .meta({ id: 'RewardCodesSummary' });

// Redemptions ------------------------------------------------------------------------------------

export const REDEMPTION_STATUSES = ['pending', 'fulfilled', 'cancelled'] as const;
export const redemptionStatusSchema = z.enum(REDEMPTION_STATUSES);

/** Why a member cannot redeem a reward now; each is also the error code of a refused redemption. */
export const REDEMPTION_REFUSALS = [
  'reward_inactive',
  'reward_not_yet_valid',
  'reward_expired',
  'campaign_not_active',
  'tier_required',
  'not_eligible',
  'redemption_limit_reached',
  'out_of_stock',
  'insufficient_points',
] as const;
export type RedemptionRefusal = (typeof REDEMPTION_REFUSALS)[number];

export const redeemRewardBodySchema = z.strictObject({
  rewardId: idSchema,
  note: textSchema(1000).optional().describe('for fulfilment, such as delivery instructions; not sent in events'),
});

export const cancelRedemptionBodySchema = z.strictObject({
  reason: textSchema(500).describe('why: recorded on the refund posting and in the audit log'),
});

export const redemptionSchema = z
  .object({
    id: idSchema,
    programId: idSchema,
    rewardId: idSchema,
    memberId: idSchema,
    postingId: idSchema.describe('the redeem posting that took the points'),
    points: z.int(),
    status: redemptionStatusSchema,
    code: z.string().nullable().describe('the pooled code or generated coupon code handed out'),
    note: z.string().nullable(),
    refundPostingId: idSchema.nullable().describe('the reversal that gave the points back (cancelled only)'),
    createdAt: timestampSchema,
    resolvedAt: timestampSchema.nullable().describe('when it was fulfilled or cancelled'),
  })
  .meta({ id: 'Redemption' });

export const redemptionResultSchema = z
  .object({ redemption: redemptionSchema, balance: balanceSchema })
  .meta({ id: 'RedemptionResult' });

export const redemptionListQuerySchema = cursorQuerySchema.extend({ status: redemptionStatusSchema.optional() });

export const memberRewardSchema = z
  .object({
    reward: rewardSchema,
    eligible: z.boolean().describe('whether a redemption would be accepted now'),
    reason: z
      .object({ code: z.enum(REDEMPTION_REFUSALS), message: z.string() })
      .nullable()
      .describe('why not, when not eligible'),
  })
  .meta({ id: 'MemberReward' });

export const memberCatalogueQuerySchema = cursorQuerySchema.extend({
  eligibleOnly: z.stringbool().optional(),
  type: rewardTypeSchema.optional(),
});
