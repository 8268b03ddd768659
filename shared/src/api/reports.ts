import { z } from 'zod';

export const reportResultSchema = z
  .object({
    columns: z.array(z.object({ name: z.string(), role: z.enum(['dimension', 'period', 'measure']), type: z.enum(['string', 'number']) })),
    rows: z.array(z.record(z.string(), z.unknown())),
  })
  .meta({ id: 'ReportResult' });

export const reportFormatQuerySchema = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });

const dateSchema = z.iso.date({ error: 'must be a date, YYYY-MM-DD' });
export const kpiQuerySchema = z
  .strictObject({
    from: dateSchema.describe('first day, inclusive (UTC days)'),
    to: dateSchema.describe('last day, exclusive'),
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
    redemptionRate: z.number().nullable().describe('points redeemed / points issued in the range; null when none were issued'),
    postings: z.int(),
    redemptions: z.int(),
  })
  .meta({ id: 'Kpis' });
