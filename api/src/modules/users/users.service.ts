import type { z } from 'zod';
import type { createUserBodySchema, updateUserBodySchema } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { prismaSql, type PrismaTx } from '../../db/prisma.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import { missingPermissions } from '../auth/permissions.ts';
import type { Principal } from '../auth/principal.ts';
import { resolveRolePermissions, roleExists } from '../auth/roles.repository.ts';
import { revokeUserSessions } from '../auth/sessions.ts';
import { usersRepository as repo, userView } from './users.repository.ts';

/** Nobody hands out a role carrying permissions they do not hold themselves. */
async function assertMayGrant(tx: PrismaTx, principal: Principal, role: string): Promise<void> {
  const sql = prismaSql(tx);
  if (!(await roleExists(sql, role)))
    throw new DomainError('validation_failed', `no role "${role}"`, { field: 'role' });
  const missing = missingPermissions(principal.permissions, await resolveRolePermissions(sql, role));
  if (missing.length > 0)
    throw new DomainError('forbidden', `role "${role}" carries permissions you do not hold`, { missing });
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'P2002';

export const usersService = {
  async create(tx: PrismaTx, principal: Principal, input: z.output<typeof createUserBodySchema>, requestId: string) {
    await assertMayGrant(tx, principal, input.role);
    const passwordHash = await hashPassword(input.password);
    const user = await repo
      .create(tx, {
        tenantId: principal.tenantId,
        email: input.email,
        name: input.name,
        passwordHash,
        role: input.role,
      })
      .catch((err: unknown) => {
        if (isUniqueViolation(err)) throw new DomainError('email_taken', `a user with email ${input.email} exists`);
        throw err;
      });
    await recordAudit(prismaSql(tx), {
      tenantId: principal.tenantId,
      actor: principal.actor,
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      after: userView(user),
      requestId,
    });
    return userView(user);
  },

  async update(
    tx: PrismaTx,
    principal: Principal,
    id: string,
    patch: z.output<typeof updateUserBodySchema>,
    requestId: string,
  ) {
    await repo.lock(tx, id);
    const before = await repo.find(tx, id);
    if (!before) throw notFound('user');
    if (patch.role !== undefined) await assertMayGrant(tx, principal, patch.role);
    if (id === principal.actor.id && (patch.disabled || (patch.role && patch.role !== before.role))) {
      throw new DomainError('conflict', 'you cannot disable yourself or change your own role');
    }
    const disabled = patch.disabled ?? before.disabledAt !== null;
    const after = await repo.update(tx, id, patch.role ?? before.role, disabled, before.disabledAt);
    if (disabled || after.role !== before.role) await revokeUserSessions(prismaSql(tx), id);
    await recordAudit(prismaSql(tx), {
      tenantId: principal.tenantId,
      actor: principal.actor,
      action: 'user.updated',
      entityType: 'user',
      entityId: id,
      before: userView(before),
      after: userView(after),
      requestId,
    });
    return userView(after);
  },
};
