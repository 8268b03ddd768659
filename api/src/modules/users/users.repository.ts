import type { PrismaTx } from '../../db/prisma.ts';
import type { Db } from '../../db/pool.ts';
import type { User } from '../../generated/prisma/client.ts';

export function userView(u: User) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    createdAt: u.createdAt.toISOString(),
    disabled: u.disabledAt !== null,
  };
}

export const usersRepository = {
  list: (tx: PrismaTx) => tx.user.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  find: (tx: PrismaTx, id: string) => tx.user.findUnique({ where: { id } }),
  lock: (tx: PrismaTx, id: string) => tx.$executeRaw`SELECT 1 FROM users WHERE id = ${id}::uuid FOR UPDATE`,
  lockActiveOwners: (tx: PrismaTx) =>
    tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM users WHERE role = 'owner' AND disabled_at IS NULL ORDER BY id FOR UPDATE`,
  create: (tx: PrismaTx, u: { tenantId: string; email: string; name: string; passwordHash: string; role: string }) =>
    tx.user.create({ data: u }),
  update: (tx: PrismaTx, id: string, role: string, disabled: boolean, wasDisabledAt: Date | null) =>
    tx.user.update({
      where: { id },
      data: { role, disabledAt: disabled ? (wasDisabledAt ?? new Date()) : null, updatedAt: new Date() },
    }),
};

export interface UserRow {
  id: string;
  password_hash: string;
  role: string;
  disabled_at: Date | null;
}

/** Login runs before a session exists, in a plain SQL transaction scoped to the tenant. */
export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>('SELECT id, password_hash, role, disabled_at FROM users WHERE email = $1', [
    email,
  ]);
  return rows[0];
}

/** A stronger hash of the same password, written at login when the parameters were raised. */
export async function updatePasswordHash(db: Db, id: string, passwordHash: string): Promise<void> {
  await db.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [id, passwordHash]);
}
