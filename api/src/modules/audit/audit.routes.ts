import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEntrySchema, auditQuerySchema, pageSchema } from '@loyalty/shared';
import { read } from '../../http/route-context.ts';
import { responses } from '../../http/responses.ts';
import { page, parseSeqCursor } from '../../http/cursor.ts';
import type { ApiDeps } from '../../api-deps.ts';

export function auditRoutes(deps: ApiDeps) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/v1/audit-log',
      {
        config: { auth: 'audit:read' },
        schema: {
          operationId: 'listAuditLog',
          tags: ['audit'],
          summary: 'Configuration changes and admin actions, newest first',
          description:
            'Configuration changes and admin actions in your tenant, newest first: who (user, API key or system) did what to which entity, the entity before and after, and the request id. Filter by action, entityType and entityId. Needs `audit:read`.',
          querystring: auditQuerySchema,
          response: responses({ 200: pageSchema(auditEntrySchema) }),
        },
      },
      (req) =>
        read(deps.config, req, async (tx) => {
          const { cursor, limit, action, entityType, entityId } = req.query;
          const before = parseSeqCursor(cursor);
          const rows = await tx.auditEntry.findMany({
            where: { action, entityType, entityId, ...(before ? { id: { lt: BigInt(before) } } : {}) },
            orderBy: { id: 'desc' },
            take: limit + 1,
          });
          return page(
            rows,
            limit,
            (r) => ({
              id: String(r.id),
              actor: { type: r.actorType as 'user' | 'api_key' | 'system', id: r.actorId },
              action: r.action,
              entityType: r.entityType,
              entityId: r.entityId,
              before: r.before,
              after: r.after,
              requestId: r.requestId,
              createdAt: r.createdAt.toISOString(),
            }),
            (r) => String(r.id),
          );
        }),
    );
  };
}
