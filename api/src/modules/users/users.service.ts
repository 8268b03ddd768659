import type pg from 'pg';
import type { z } from 'zod';
import type { createUserBodySchema, updateUserBodySchema } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import { missingPermissions } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { resolveRolePermissions, roleExists } from '../auth/roles.repository.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { findUser, insertUser, setUserRoleAndStatus, userView } from './users.repository.ts';

/** Nobody hands out a role carrying permissions they do not hold themselves. */
async function assertMayGrant(tx: pg.PoolClient, principal: Principal, role: string): Promise<void> {
  if (!(await roleExists(tx, role))) throw new DomainError('validation_failed', `no role "${role}"`, { field: 'role' });
  const missing = missingPermissions(principal.permissions, await resolveRolePermissions(tx, role));
  if (missing.length > 0) throw new DomainError('forbidden', `role "${role}" carries permissions you do not hold`, { missing });
}

export const usersService = {
  async create(tx: pg.PoolClient, principal: Principal, input: z.output<typeof createUserBodySchema>, requestId: string) {
    await assertMayGrant(tx, principal, input.role);
    const passwordHash = await hashPassword(input.password);
    const user = await insertUser(tx, { tenantId: principal.tenantId, email: input.email, name: input.name, passwordHash, role: input.role }).catch(
      (err: { code?: string }) => {
        if (err.code === '23505') throw new DomainError('email_taken', `a user with email ${input.email} exists`);
        throw err;
      },
    );
    await recordAudit(tx, { tenantId: principal.tenantId, actor: principal.actor, action: 'user.created', entityType: 'user', entityId: user.id, after: userView(user), requestId });
    return userView(user);
  },

  async update(tx: pg.PoolClient, principal: Principal, id: string, patch: z.output<typeof updateUserBodySchema>, requestId: string) {
    const before = await findUser(tx, id, { forUpdate: true });
    if (!before) throw notFound('user');
    if (patch.role !== undefined) await assertMayGrant(tx, principal, patch.role);
    if (id === principal.actor.id && (patch.disabled || (patch.role && patch.role !== before.role))) {
      throw new DomainError('conflict', 'you cannot disable yourself or change your own role');
    }
    const disabled = patch.disabled ?? before.disabled_at !== null;
    const after = await setUserRoleAndStatus(tx, id, patch.role ?? before.role, disabled);
    if (disabled || after.role !== before.role) await revokeUserSessions(tx, id);
    await recordAudit(tx, { tenantId: principal.tenantId, actor: principal.actor, action: 'user.updated', entityType: 'user', entityId: id, before: userView(before), after: userView(after), requestId });
    return userView(after);
  },
};
