import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEntrySchema, auditQuerySchema, pageSchema } from '@loyalty/shared';
import { read } from '../../http/route-context.ts';
import { responses } from '../../http/responses.ts';
import { page, parseSeqCursor } from '../../http/cursor.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { listAudit } from './audit.repository.ts';

export function auditRoutes(deps: ApiDeps) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/v1/audit-log', {
      config: { auth: 'audit:read' },
      schema: { tags: ['audit'], summary: 'Configuration changes and admin actions, newest first', querystring: auditQuerySchema, response: responses({ 200: pageSchema(auditEntrySchema) }) },
    }, (req) => read(deps.pool, req, async (tx) => {
      const { cursor, limit, ...filters } = req.query;
      const rows = await listAudit(tx, { ...filters, beforeId: parseSeqCursor(cursor), limit: limit + 1 });
      return page(rows, limit, (r) => ({
        id: r.id, actor: { type: r.actor_type, id: r.actor_id }, action: r.action, entityType: r.entity_type, entityId: r.entity_id,
        before: r.before, after: r.after, requestId: r.request_id, createdAt: r.created_at.toISOString(),
      }), (r) => r.id);
    }));
  };
}
