import { z } from 'zod';
import { idSchema, textSchema, timestampSchema } from './common.ts';

// Data teams query ClickHouse directly with their own tools, through a per-tenant read-only user
// whose row policies admit only their tenant's rows.

export const createAnalyticsUserBodySchema = z.strictObject({
  name: textSchema(100).describe('who the user is for, such as "BI team"'),
});

export const analyticsUserSchema = z
  .object({
    id: idSchema,
    username: z.string(),
    name: z.string(),
    provisioned: z
      .boolean()
      .describe('false on the embedded engine (no access storage): recorded, not created in ClickHouse'),
    createdBy: z.string(),
    createdAt: timestampSchema,
    revokedAt: timestampSchema.nullable(),
  })
  .meta({ id: 'AnalyticsUser' });

export const analyticsUserCredentialsSchema = z
  .object({
    user: analyticsUserSchema,
    password: z
      .string()
      .nullable()
      .describe(
        'shown once (null when an Idempotency-Key replays the answer); never stored, ClickHouse keeps only its SHA-256',
      ),
    connection: z.object({
      url: z.string().nullable().describe("ClickHouse's HTTP interface, when configured"),
      database: z.string(),
      examples: z.record(z.string(), z.string()),
    }),
  })
  .meta({ id: 'AnalyticsUserCredentials' });
