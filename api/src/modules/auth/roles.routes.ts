import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  PREDEFINED_ROLES,
  customRoleSchema,
  roleKeySchema,
  upsertRoleBodySchema,
  type Permission,
} from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { mutate, read } from '../../http/route-context.ts';
import { prismaSql } from '../../db/prisma.ts';
import { noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { isPredefinedRole, missingPermissions, ROLE_PERMISSIONS } from './permissions.ts';

const keyParams = z.strictObject({ key: roleKeySchema });

export function rolesRoutes(deps: ApiDeps) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/v1/roles',
      {
        config: { auth: 'roles:read' },
        schema: {
          operationId: 'listRoles',
          tags: ['roles'],
          summary: 'Predefined and custom roles with their permissions',
          response: responses({ 200: z.object({ data: z.array(customRoleSchema) }) }),
        },
      },
      (req) =>
        read(deps.config, req, async (tx) => ({
          data: [
            ...PREDEFINED_ROLES.map((key) => ({
              key,
              name: key,
              permissions: [...ROLE_PERMISSIONS[key]],
              predefined: true,
            })),
            ...(await tx.customRole.findMany({ orderBy: { key: 'asc' } })).map((r) => ({
              key: r.key,
              name: r.name,
              permissions: r.permissions as Permission[],
              predefined: false,
            })),
          ],
        })),
    );

    app.put(
      '/v1/roles/:key',
      {
        config: { auth: 'roles:write', idempotent: true },
        schema: {
          operationId: 'putRole',
          tags: ['roles'],
          summary: 'Create or replace a custom role',
          params: keyParams,
          body: upsertRoleBodySchema,
          response: responses({ 200: customRoleSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          const { key } = req.params;
          if (isPredefinedRole(key))
            throw new DomainError('conflict', `"${key}" is a predefined role and cannot be changed`);
          const missing = missingPermissions(p.permissions, req.body.permissions);
          if (missing.length > 0)
            throw new DomainError('forbidden', 'a role cannot carry permissions you do not hold', { missing });
          const id = { tenantId_key: { tenantId: p.tenantId, key } };
          const found = await tx.customRole.findUnique({ where: id });
          const before = found ? { key, name: found.name, permissions: found.permissions } : undefined;
          const after = { key, name: req.body.name, permissions: [...new Set(req.body.permissions)] };
          await tx.customRole.upsert({
            where: id,
            create: { tenantId: p.tenantId, ...after },
            update: { name: after.name, permissions: after.permissions, updatedAt: new Date() },
          });
          await recordAudit(prismaSql(tx), {
            tenantId: p.tenantId,
            actor: p.actor,
            action: before ? 'role.updated' : 'role.created',
            entityType: 'role',
            entityId: key,
            before: before ?? undefined,
            after,
            requestId: req.id,
          });
          return { status: 200, body: { ...after, predefined: false } };
        }),
    );

    app.delete(
      '/v1/roles/:key',
      {
        config: { auth: 'roles:write', idempotent: true },
        schema: {
          operationId: 'deleteRole',
          tags: ['roles'],
          summary: 'Delete a custom role no user holds',
          params: keyParams,
          response: responses({ 204: noContent }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          const id = { tenantId_key: { tenantId: p.tenantId, key: req.params.key } };
          const found = await tx.customRole.findUnique({ where: id });
          if (!found) throw notFound('custom role');
          const before = { key: found.key, name: found.name, permissions: found.permissions };
          if (await tx.user.findFirst({ where: { role: req.params.key }, select: { id: true } })) {
            throw new DomainError('conflict', 'users still hold this role: give them another first');
          }
          await tx.customRole.delete({ where: id });
          await recordAudit(prismaSql(tx), {
            tenantId: p.tenantId,
            actor: p.actor,
            action: 'role.deleted',
            entityType: 'role',
            entityId: req.params.key,
            before,
            requestId: req.id,
          });
          return { status: 204, body: undefined };
        }),
    );
  };
}
