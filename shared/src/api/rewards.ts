import { z } from 'zod';
import { rewardConditionSchema } from '../conditions/index.ts';
import { TRIMMED_CODE_PATTERN } from './string-patterns.ts';
import {
  cursorQuerySchema,
  distinctItems,
  idSchema,
  mustBeAfter,
  MAX_POINTS,
  notTogether,
  pointsSchema,
  queryBooleanSchema,
  textSchema,
  timestampBetweenYears,
  timestampSchema,
  withNote,
} from './common.ts';
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
const rewardTimestampSchema = timestampBetweenYears(
  1900,
  9999,
  'must be an ISO 8601 timestamp with seconds and a UTC offset, between the years 1900 and 9999',
);

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
    endsAt: mustBeAfter(rewardTimestampSchema, 'startsAt').optional(),
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

/** The document's name of a type's details as a patch sends them. */
const sentDetailsId = (type: RewardType) => `${type[0]!.toUpperCase()}${type.slice(1)}RewardDetailsPatch`;

/** A type's details as sent, defaults not filled in (its rules across fields stated, checked by the service). */
function sentDetails(type: RewardType) {
  const fields = Object.entries(REWARD_DETAILS_SCHEMAS[type].shape).map(([key, field]) => [
    key,
    field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType).optional() : field,
  ]);
  return z
    .strictObject(Object.fromEntries(fields) as z.ZodRawShape)
    .meta({ id: sentDetailsId(type), description: `the details of a ${type} reward` });
}

/** Each type's details as a patch sends them. */
export const REWARD_DETAILS_SENT_SCHEMAS = Object.fromEntries(
  REWARD_TYPES.map((type) => [type, sentDetails(type)]),
) as Record<RewardType, z.ZodObject>;

/** How far details are from a type's: unknown keys say it is another type's, far more than a bad value. */
const distance = (issues: readonly z.core.$ZodIssue[]) =>
  issues.reduce((n, issue) => n + (issue.code === 'unrecognized_keys' ? 1000 : 1), 0);

/**
 * A patch's details: those of one of the types (anyOf the four, by reference in the document).
 * When none fits, the issues are those of the type they come closest to; whether they are the
 * reward's own type is for the service to say (409 when they are another's).
 */
const detailsPatchSchema = z
  .record(z.string(), z.unknown())
  .superRefine((details, ctx) => {
    const results = REWARD_TYPES.map((type) => REWARD_DETAILS_SENT_SCHEMAS[type].safeParse(details));
    if (results.some((r) => r.success)) return;
    const closest = results
      .map((r) => r.error!.issues)
      .reduce((best, issues) => (distance(issues) < distance(best) ? issues : best));
    for (const issue of closest) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  })
  .meta({ anyOf: REWARD_TYPES.map((type) => ({ $ref: `#/components/schemas/${sentDetailsId(type)}Input` })) });

/** The condition language, member fields only: a redemption is judged on who the member is. */
export { rewardConditionSchema };

const tierIdsSchema = distinctItems(z.array(idSchema).max(50), 'must not repeat a tier').describe(
  'only members whose current tier is one of these may redeem; empty: everyone; each a tier of the program (404 otherwise)',
);

const rewardFields = {
  name: textSchema(200),
  description: textSchema(2000).nullable().default(null),
  pointsCost: pointsSchema.describe('points one redemption costs'),
  stock: z.int().min(0).max(MAX_STOCK).nullable().default(null).describe('units left; null: unlimited'),
  validFrom: rewardTimestampSchema.nullable().default(null).describe('redeemable from; null: already'),
  validUntil: mustBeAfter(withNote(rewardTimestampSchema, 'redeemable until (exclusive)'), 'validFrom')
    .nullable()
    .default(null)
    .describe('null: no end'),
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
    .describe(
      "a campaign's special reward: redeemable only while the campaign is active; a campaign of the program (404 otherwise)",
    ),
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
export const updateRewardBodySchema = notTogether(
  z.strictObject({
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
    validUntil: mustBeAfter(
      withNote(rewardTimestampSchema, 'when no validFrom is given, after the current one (409 otherwise)'),
      'validFrom',
    )
      .nullable()
      .optional(),
    perMemberLimit: z.int().min(1).max(MAX_STOCK).nullable().optional(),
    condition: rewardConditionSchema.nullable().optional(),
    tierIds: tierIdsSchema.optional(),
    campaignId: idSchema.nullable().optional(),
    active: z.boolean().optional(),
    details: detailsPatchSchema
      .optional()
      .describe("replaces the details: the details of the reward's own type, as at creation (409 for another type's)"),
  }),
  ['stock', 'addStock'],
  'give stock or addStock, not both',
);
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
  active: queryBooleanSchema.optional(),
  type: rewardTypeSchema.optional(),
});

// Code pools -------------------------------------------------------------------------------------

export const MAX_CODES_PER_IMPORT = 10_000;
// Checked as sent (length, and the pattern that allows spaces around the code), then trimmed.
const rewardCodeSchema = z
  .string()
  .max(200, 'must be at most 200 characters')
  .regex(TRIMMED_CODE_PATTERN, 'must be printable ASCII without spaces')
  .trim();

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
  eligibleOnly: queryBooleanSchema.optional(),
  type: rewardTypeSchema.optional(),
});
