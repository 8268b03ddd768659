import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  cursorQuerySchema,
  customRoleSchema,
  pageSchema,
  PREDEFINED_ROLES,
  roleParamsSchema,
  type Permission,
  upsertRoleBodySchema,
} from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { pageOfSorted, type SortedList } from '../../http/cursor.ts';
import { mutate, read } from '../../http/route-context.ts';
import { prismaSql } from '../../db/prisma.ts';
import { noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { isPredefinedRole, missingPermissions, ROLE_PERMISSIONS } from './permissions.ts';

function predefinedRoles() {
  return PREDEFINED_ROLES.map((key) => ({ key, name: key, permissions: [...ROLE_PERMISSIONS[key]], predefined: true }));
}

/** The predefined roles first, most powerful first; then custom roles by key. */
const predefinedFirst: SortedList<{ key: string; predefined: boolean }> = {
  keyOf: (r) => (r.predefined ? [0, (PREDEFINED_ROLES as readonly string[]).indexOf(r.key), ''] : [1, 0, r.key]),
  directions: ['asc', 'asc', 'asc'],
};

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
          description:
            'The predefined roles (owner, admin, marketer, analyst, support, developer) first, then your custom roles by key, each with its permissions. Needs `roles:read`.',
          querystring: cursorQuerySchema,
          response: responses({ 200: pageSchema(customRoleSchema) }),
        },
      },
      (req) =>
        read(deps.config, req, async (tx) => {
          const custom = (await tx.customRole.findMany()).map((r) => ({
            key: r.key,
            name: r.name,
            permissions: r.permissions as Permission[],
            predefined: false,
          }));
          return pageOfSorted([...predefinedRoles(), ...custom], req.query, predefinedFirst);
        }),
    );

    app.put(
      '/v1/roles/:roleKey',
      {
        config: { auth: 'roles:write', idempotent: true },
        schema: {
          operationId: 'putRole',
          tags: ['roles'],
          summary: 'Create or replace a custom role',
          description:
            'Creates the custom role with this key, or replaces its name and permissions; users holding it have the new permissions from their next request. Needs `roles:write`, and a role may carry only permissions you hold (403 `forbidden`); a predefined role cannot be changed (409 `conflict`). Idempotent: the same body leaves the same role. Recorded in the audit log.',
          params: roleParamsSchema,
          body: upsertRoleBodySchema,
          response: responses({ 200: customRoleSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          const { roleKey: key } = req.params;
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
      '/v1/roles/:roleKey',
      {
        config: { auth: 'roles:write', idempotent: true },
        schema: {
          operationId: 'deleteRole',
          tags: ['roles'],
          summary: 'Delete a custom role no user holds',
          description:
            'Deletes a custom role. Needs `roles:write`. 409 `conflict` while a user holds it (give them another role first); 404 for a predefined role or an unknown key, so deleting again answers 404.',
          params: roleParamsSchema,
          response: responses({ 204: noContent }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          const id = { tenantId_key: { tenantId: p.tenantId, key: req.params.roleKey } };
          const found = await tx.customRole.findUnique({ where: id });
          if (!found) throw notFound('custom role');
          const before = { key: found.key, name: found.name, permissions: found.permissions };
          if (await tx.user.findFirst({ where: { role: req.params.roleKey }, select: { id: true } })) {
            throw new DomainError('conflict', 'users still hold this role: give them another first');
          }
          await tx.customRole.delete({ where: id });
          await recordAudit(prismaSql(tx), {
            tenantId: p.tenantId,
            actor: p.actor,
            action: 'role.deleted',
            entityType: 'role',
            entityId: req.params.roleKey,
            before,
            requestId: req.id,
          });
          return { status: 204, body: undefined };
        }),
    );
  };
}
