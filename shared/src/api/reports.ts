import { z } from 'zod';
import { reportDefinitionSchema } from '../reports/report-definition.ts';
import { distinctItems, mustBeAfter, textSchema } from './common.ts';

export const reportResultSchema = z
  .object({
    columns: z.array(
      z.object({
        name: z.string(),
        role: z.enum(['dimension', 'period', 'measure']),
        type: z.enum(['string', 'number']),
      }),
    ),
    rows: z.array(z.record(z.string(), z.unknown())),
  })
  .meta({ id: 'ReportResult' });

/** The same rows as CSV (?format=csv), sent as an attachment. */
export const reportCsvSchema = z
  .string()
  .describe('a header row of the column names, then one line per row; cells that look like formulas are quoted');

export const reportFormatQuerySchema = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });

const dateSchema = z.iso.date({ error: 'must be a date, YYYY-MM-DD' });
export const kpiQuerySchema = z
  .strictObject({
    from: dateSchema.describe('first day, inclusive (UTC days)'),
    to: mustBeAfter(dateSchema.describe('last day, exclusive'), 'from'),
    programId: z.uuid().optional(),
  })
  .refine((q) => q.from < q.to, { path: ['to'], message: 'must be after from' });

export const kpiSchema = z
  .object({
    totalMembers: z.int().describe('members enrolled and not deleted, now'),
    activeMembers: z.int().describe('members with at least one posting in the range'),
    pointsIssued: z.int(),
    pointsRedeemed: z.int(),
    pointsExpired: z.int(),
    redemptionRate: z
      .number()
      .nullable()
      .describe('points redeemed / points issued in the range; null when none were issued'),
    postings: z.int(),
    redemptions: z.int(),
  })
  .meta({ id: 'Kpis' });

export const savedReportSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    definition: z.record(z.string(), z.unknown()),
    shared: z.boolean(),
    mine: z.boolean().describe('whether the caller owns it (only the owner changes or deletes it)'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedReport' });

export const createSavedReportBodySchema = z.strictObject({
  name: textSchema(200),
  definition: reportDefinitionSchema,
  shared: z.boolean().default(false).describe('visible to everyone in the tenant, not only its owner'),
});
export const updateSavedReportBodySchema = z.strictObject({
  name: textSchema(200).optional(),
  definition: reportDefinitionSchema.optional(),
  shared: z.boolean().optional(),
});

export const segmentComparisonBodySchema = z
  .strictObject({
    segmentIds: distinctItems(
      z.array(z.uuid().toLowerCase()).min(2, 'compare at least 2 segments').max(10, 'compare at most 10 segments'),
      'segment ids must be distinct',
    ).describe('distinct ignoring case'),
    from: dateSchema.describe('activity window: first day, inclusive (UTC days)'),
    to: mustBeAfter(dateSchema.describe('activity window: last day, exclusive'), 'from'),
  })
  .refine((q) => q.from < q.to, { path: ['to'], message: 'must be after from' });

export const segmentComparisonSchema = z
  .object({
    data: z.array(
      z.object({
        segmentId: z.uuid(),
        name: z.string(),
        kind: z.enum(['static', 'dynamic', 'hybrid']),
        evaluatedAt: z
          .string()
          .nullable()
          .describe('when the membership compared here was last published to analytics'),
        members: z.int(),
        activeMembers: z.int().describe('members whose last activity falls in the window'),
        activeRate: z.number().nullable(),
        averageBalance: z.number().nullable(),
        lifetimeEarned: z.int(),
        lifetimeRedeemed: z.int(),
        redemptionRate: z
          .number()
          .nullable()
          .describe('points redeemed / points earned, all time; null when none were earned'),
        transactions: z.int(),
        transactionValue: z.int().describe('minor units'),
        averageTransactionValue: z.number().nullable(),
        redemptions: z.int(),
      }),
    ),
  })
  .meta({ id: 'SegmentComparison' });

export const campaignPerformanceSchema = z
  .object({
    data: z.array(
      z.object({
        campaignId: z.uuid(),
        participants: z.int().describe('distinct members who earned a bonus in the range'),
        participations: z.int().describe('qualifying orders in the range'),
        bonusPoints: z.int(),
      }),
    ),
    activeMembers: z.int().describe('members with an order in the range'),
    campaignParticipants: z.int().describe('distinct members who earned any campaign bonus in the range'),
    participationRate: z.number().nullable().describe('campaignParticipants / activeMembers; null without orders'),
  })
  .meta({ id: 'CampaignPerformance' });

export const retentionQuerySchema = z
  .strictObject({
    from: dateSchema.describe('first cohort: members whose first activity is on or after this day'),
    to: mustBeAfter(dateSchema.describe('cohorts before this day (exclusive)'), 'from'),
    grain: z.enum(['week', 'month']).default('month'),
    programId: z.uuid().optional(),
  })
  .refine((q) => q.from < q.to, { path: ['to'], message: 'must be after from' });

export const retentionSchema = z
  .object({
    grain: z.enum(['week', 'month']),
    cohorts: z.array(
      z.object({
        cohort: z.string().describe('first day of the period in which the cohort first earned or redeemed (UTC)'),
        size: z.int(),
        periods: z.array(
          z.object({
            period: z.int().describe('periods since the cohort period; 0 is the cohort period itself'),
            members: z.int(),
            rate: z.number(),
            partial: z
              .boolean()
              .describe(
                'the period has not ended yet (UTC): its members and rate hold the activity so far and can only grow, so a low value is not a fall in retention',
              ),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'RetentionCohorts' });
