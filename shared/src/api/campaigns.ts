import { z } from 'zod';
import { conditionSchema } from '../conditions/condition-schema.ts';
import { PROGRAM_TIME_FORMATS, PROGRAM_TIME_PATTERN } from '../campaigns/program-time.ts';
import {
  cursorQuerySchema,
  distinctItems,
  idSchema,
  mustBeAfter,
  mustBeInTheFuture,
  textSchema,
  withNote,
  timestampSchema,
} from './common.ts';

// Campaigns: a bonus on qualifying transactions between two instants, for members who meet the
// eligibility condition and are in one of the targeted segments. The stored state is draft,
// published or cancelled; the status (draft, scheduled, active, ended, cancelled) derives from
// it and the dates (campaignStatus). The earn path's view of a live campaign is
// `CampaignForCalculation` (shared/src/rules/campaign-bonus.ts), built by campaigns.earn.ts.

export {
  isProgramTimeInput,
  resolveProgramTime,
  toProgramLocal,
  PROGRAM_TIME_FORMATS,
  type ProgramTimeResult,
} from '../campaigns/program-time.ts';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'active', 'ended', 'cancelled'] as const;
export const campaignStatusSchema = z.enum(CAMPAIGN_STATUSES);

export const MAX_CAMPAIGN_SEGMENTS = 50;
export const MAX_CAMPAIGN_FIXED_BONUS = 100_000_000;

const twoDecimals = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-9;

export const campaignBonusSchema = z
  .discriminatedUnion(
    'type',
    [
      z.strictObject({
        type: z.literal('multiplier'),
        multiplier: z
          .number({ error: 'multiplier must be a number' })
          .gt(1, 'multiplier must be above 1')
          .max(10, 'multiplier must be at most 10')
          .multipleOf(0.01, 'multiplier has at most 2 decimals')
          .refine(twoDecimals, 'multiplier has at most 2 decimals')
          .describe(
            'the transaction earns its base points times this (2 = double points); the bonus is the part above 1×',
          ),
      }),
      z.strictObject({
        type: z.literal('fixed'),
        points: z
          .int({ error: 'points must be a whole number' })
          .min(1)
          .max(MAX_CAMPAIGN_FIXED_BONUS)
          .describe('bonus points per qualifying transaction'),
      }),
    ],
    { error: 'bonus.type must be "multiplier" or "fixed"' },
  )
  .meta({ id: 'CampaignBonus' });
export type CampaignBonus = z.infer<typeof campaignBonusSchema>;

export const campaignTimeSchema = z
  .string()
  .max(40)
  .regex(PROGRAM_TIME_PATTERN, `must be ${PROGRAM_TIME_FORMATS}`)
  .describe(
    `${PROGRAM_TIME_FORMATS}. A local time skipped by a daylight saving change is refused; one that occurs twice takes the earlier instant.`,
  );

// Ids are lower-cased as they are read, so two spellings of one id are a repeat too.
const segmentIds = distinctItems(
  z.array(idSchema).max(MAX_CAMPAIGN_SEGMENTS, `at most ${MAX_CAMPAIGN_SEGMENTS} segments`),
  'segment ids must not repeat',
).describe(
  'targeting: the member must be in at least one of these segments of the program (ignoring case, ids must not repeat); empty: everyone',
);
const maxParticipations = z
  .int()
  .min(1)
  .max(1_000_000)
  .nullable()
  .describe('bonuses one member can get from the campaign; null: unlimited');
const budgetPoints = z
  .int()
  .min(1)
  .max(1_000_000_000_000)
  .nullable()
  .describe('total bonus points the campaign may give; null: unlimited');
const description = textSchema(2000).nullable();

export const createCampaignBodySchema = z.strictObject({
  name: textSchema(200),
  description: description.optional(),
  startsAt: campaignTimeSchema,
  endsAt: mustBeInTheFuture(
    mustBeAfter(withNote(campaignTimeSchema, 'exclusive: the campaign is over at this instant'), 'startsAt'),
  ),
  condition: conditionSchema.nullable().optional().describe('eligibility: transaction and member fields'),
  segmentIds: segmentIds.default([]),
  bonus: campaignBonusSchema,
  maxParticipationsPerMember: maxParticipations.default(null),
  budgetPoints: budgetPoints.default(null),
});

/** A patch names only what changes; null clears the nullable fields. */
export const updateCampaignBodySchema = z.strictObject({
  name: textSchema(200).optional(),
  description: description.optional(),
  startsAt: withNote(
    campaignTimeSchema,
    'once the campaign is published, a new start must be in the future and a start that has passed cannot move (409)',
  ).optional(),
  endsAt: mustBeInTheFuture(
    mustBeAfter(
      withNote(campaignTimeSchema, 'exclusive; when no startsAt is given, after the current one (409 otherwise)'),
      'startsAt',
    ),
  ).optional(),
  condition: conditionSchema.nullable().optional(),
  segmentIds: segmentIds.optional(),
  bonus: campaignBonusSchema.optional(),
  maxParticipationsPerMember: maxParticipations.optional(),
  budgetPoints: budgetPoints.optional(),
});

export const campaignSchema = z
  .object({
    id: idSchema,
    programId: idSchema,
    name: z.string(),
    description: z.string().nullable(),
    status: campaignStatusSchema.describe('derived from the stored state and the dates, now'),
    startsAt: timestampSchema,
    endsAt: timestampSchema,
    local: z
      .object({ timeZone: z.string(), startsAt: z.string(), endsAt: z.string() })
      .describe("the dates as wall-clock time in the program's time zone"),
    // Responses are encoded, and the condition schema's validation step only decodes.
    condition: z.record(z.string(), z.unknown()).nullable().describe('the eligibility Condition, as given'),
    segmentIds: z.array(idSchema),
    bonus: campaignBonusSchema,
    maxParticipationsPerMember: z.int().nullable(),
    budgetPoints: z.int().nullable(),
    bonusAwarded: z.int(),
    budgetRemaining: z.int().nullable(),
    participants: z.int().describe('distinct members who got a bonus'),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'Campaign' });
export type CampaignView = z.infer<typeof campaignSchema>;

export const campaignListQuerySchema = cursorQuerySchema.extend({ status: campaignStatusSchema.optional() });

export const campaignParticipationSchema = z
  .object({
    memberId: idSchema,
    postingId: idSchema.nullable(),
    orderId: z.string().nullable().describe("the merchant's order id, when an order earned the bonus"),
    bonusPoints: z.int(),
    createdAt: timestampSchema,
  })
  .meta({ id: 'CampaignParticipation' });

export const campaignParticipationsQuerySchema = cursorQuerySchema.extend({ memberId: idSchema.optional() });

export const campaignStatsSchema = z
  .object({
    participants: z.int().describe('distinct members who got a bonus'),
    participations: z.int().describe('bonuses given'),
    bonusAwarded: z.int(),
    budgetRemaining: z.int().nullable(),
  })
  .meta({ id: 'CampaignStats' });
