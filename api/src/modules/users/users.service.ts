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
import { userChangeRefusal } from './user-change-rules.ts';
import { usersRepository as repo, userView } from './users.repository.ts';

/** Nobody hands out a role carrying permissions they do not hold themselves. */
async function assertMayGrant(tx: PrismaTx, principal: Principal, role: string): Promise<void> {
  const sql = prismaSql(tx);
  if (!(await roleExists(sql, role))) throw new DomainError('not_found', `no role "${role}"`, { field: 'role' });
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
    // Owners are locked first, in one order, so two concurrent demotions cannot both see a spare owner.
    const activeOwners = await repo.lockActiveOwners(tx);
    await repo.lock(tx, id);
    const before = await repo.find(tx, id);
    if (!before) throw notFound('user');
    const sql = prismaSql(tx);
    if (patch.role !== undefined && !(await roleExists(sql, patch.role))) {
      throw new DomainError('not_found', `no role "${patch.role}"`, { field: 'role' });
    }
    const roleChanges = patch.role !== undefined && patch.role !== before.role;
    const disables = patch.disabled === true && before.disabledAt === null;
    const isActiveOwner = before.role === 'owner' && before.disabledAt === null;
    const refusal = userChangeRefusal({
      callerPermissions: principal.permissions,
      targetPermissions: await resolveRolePermissions(sql, before.role),
      newRolePermissions: patch.role === undefined ? undefined : await resolveRolePermissions(sql, patch.role),
      isSelf: id === principal.actor.id,
      removesActiveOwner: isActiveOwner && (disables || (roleChanges && patch.role !== 'owner')),
      activeOwners: activeOwners.length,
      roleChanges,
      disables,
    });
    if (refusal?.code === 'forbidden')
      throw new DomainError('forbidden', refusal.message, { missing: refusal.missing });
    if (refusal) throw new DomainError(refusal.code, refusal.message);
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
