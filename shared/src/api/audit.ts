import { z } from 'zod';
import { cursorQuerySchema, timestampSchema } from './common.ts';

export const auditEntrySchema = z
  .object({
    id: z.string(),
    actor: z.object({ type: z.enum(['user', 'api_key', 'system']), id: z.string() }),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    // Any JSON value, null included: z.unknown() says so without an always-true `anyOf` branch.
    before: z.unknown().describe('the entity before the change, as JSON; null when there is none, as for a creation'),
    after: z.unknown().describe('the entity after the change, as JSON; null when there is none, as for a deletion'),
    requestId: z.string().nullable(),
    createdAt: timestampSchema,
  })
  .meta({ id: 'AuditEntry' });

export const auditQuerySchema = cursorQuerySchema.extend({
  action: z.string().max(100).optional(),
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(200).optional(),
});
