import { z } from 'zod';

export const reportResultSchema = z
  .object({
    columns: z.array(z.object({ name: z.string(), role: z.enum(['dimension', 'period', 'measure']), type: z.enum(['string', 'number']) })),
    rows: z.array(z.record(z.string(), z.unknown())),
  })
  .meta({ id: 'ReportResult' });

export const reportFormatQuerySchema = z.strictObject({ format: z.enum(['json', 'csv']).default('json') });
