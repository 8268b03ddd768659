import type { Permission } from '@loyalty/shared';
import type { Db } from '../../db/pool.ts';
import { isPredefinedRole, ROLE_PERMISSIONS } from './permissions.ts';

// Read on every console request (authentication), so plain SQL; custom roles are edited through Prisma.

/** A role's permissions: predefined roles from code, custom ones from the tenant's table. */
export async function resolveRolePermissions(tx: Db, role: string): Promise<readonly Permission[]> {
  if (isPredefinedRole(role)) return ROLE_PERMISSIONS[role];
  const { rows } = await tx.query<{ permissions: Permission[] }>(
    'SELECT permissions FROM custom_roles WHERE key = $1',
    [role],
  );
  return rows[0]?.permissions ?? [];
}

export async function roleExists(tx: Db, role: string): Promise<boolean> {
  if (isPredefinedRole(role)) return true;
  const { rowCount } = await tx.query('SELECT 1 FROM custom_roles WHERE key = $1', [role]);
  return (rowCount ?? 0) > 0;
}
