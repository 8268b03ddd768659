import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PREDEFINED_ROLES, customRoleSchema, roleKeySchema, upsertRoleBodySchema } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { mutate, poolExecutor, read } from '../../http/route-context.ts';
import { noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { isPredefinedRole, missingPermissions, ROLE_PERMISSIONS } from './permissions.ts';
import { deleteCustomRole, findCustomRole, listCustomRoles, roleInUse, upsertCustomRole } from './roles.repository.ts';

const keyParams = z.strictObject({ key: roleKeySchema });

export function rolesRoutes(deps: ApiDeps) {
  const exec = poolExecutor(deps.pool);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/v1/roles', {
      config: { auth: 'roles:read' },
      schema: { tags: ['roles'], summary: 'Predefined and custom roles with their permissions', response: responses({ 200: z.object({ data: z.array(customRoleSchema) }) }) },
    }, (req) => read(deps.pool, req, async (tx) => ({
      data: [
        ...PREDEFINED_ROLES.map((key) => ({ key, name: key, permissions: [...ROLE_PERMISSIONS[key]], predefined: true })),
        ...(await listCustomRoles(tx)).map((r) => ({ ...r, predefined: false })),
      ],
    })));

    app.put('/v1/roles/:key', {
      config: { auth: 'roles:write' },
      schema: { tags: ['roles'], summary: 'Create or replace a custom role', params: keyParams, body: upsertRoleBodySchema, response: responses({ 200: customRoleSchema }) },
    }, (req, reply) => mutate(req, reply, exec, async (tx, p) => {
      const { key } = req.params;
      if (isPredefinedRole(key)) throw new DomainError('conflict', `"${key}" is a predefined role and cannot be changed`);
      const missing = missingPermissions(p.permissions, req.body.permissions);
      if (missing.length > 0) throw new DomainError('forbidden', 'a role cannot carry permissions you do not hold', { missing });
      const before = await findCustomRole(tx, key);
      const after = { key, name: req.body.name, permissions: [...new Set(req.body.permissions)] };
      await upsertCustomRole(tx, p.tenantId, after);
      await recordAudit(tx, { tenantId: p.tenantId, actor: p.actor, action: before ? 'role.updated' : 'role.created', entityType: 'role', entityId: key, before: before ?? undefined, after, requestId: req.id });
      return { status: 200, body: { ...after, predefined: false } };
    }));

    app.delete('/v1/roles/:key', {
      config: { auth: 'roles:write' },
      schema: { tags: ['roles'], summary: 'Delete a custom role no user holds', params: keyParams, response: responses({ 204: noContent }) },
    }, (req, reply) => mutate(req, reply, exec, async (tx, p) => {
      const before = await findCustomRole(tx, req.params.key);
      if (!before) throw notFound('custom role');
      if (await roleInUse(tx, req.params.key)) throw new DomainError('conflict', 'users still hold this role: give them another first');
      await deleteCustomRole(tx, req.params.key);
      await recordAudit(tx, { tenantId: p.tenantId, actor: p.actor, action: 'role.deleted', entityType: 'role', entityId: req.params.key, before, requestId: req.id });
      return { status: 204, body: undefined };
    }));
  };
}
