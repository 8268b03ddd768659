import type { Permission } from '@loyalty/shared';
import type { Db } from '../../db/pool.ts';
import { isPredefinedRole, ROLE_PERMISSIONS } from './permissions.ts';

export interface CustomRoleRow {
  key: string;
  name: string;
  permissions: Permission[];
}

/** A role's permissions: predefined roles from code, custom ones from the tenant's table. */
export async function resolveRolePermissions(tx: Db, role: string): Promise<readonly Permission[]> {
  if (isPredefinedRole(role)) return ROLE_PERMISSIONS[role];
  const { rows } = await tx.query<{ permissions: Permission[] }>('SELECT permissions FROM custom_roles WHERE key = $1', [role]);
  return rows[0]?.permissions ?? [];
}

export async function roleExists(tx: Db, role: string): Promise<boolean> {
  if (isPredefinedRole(role)) return true;
  const { rowCount } = await tx.query('SELECT 1 FROM custom_roles WHERE key = $1', [role]);
  return (rowCount ?? 0) > 0;
}

export async function listCustomRoles(tx: Db): Promise<CustomRoleRow[]> {
  const { rows } = await tx.query<CustomRoleRow>('SELECT key, name, permissions FROM custom_roles ORDER BY key');
  return rows;
}

export async function findCustomRole(tx: Db, key: string): Promise<CustomRoleRow | undefined> {
  const { rows } = await tx.query<CustomRoleRow>('SELECT key, name, permissions FROM custom_roles WHERE key = $1 FOR UPDATE', [key]);
  return rows[0];
}

export async function upsertCustomRole(tx: Db, tenantId: string, r: CustomRoleRow): Promise<void> {
  await tx.query(
    `INSERT INTO custom_roles (tenant_id, key, name, permissions) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, key) DO UPDATE SET name = EXCLUDED.name, permissions = EXCLUDED.permissions, updated_at = now()`,
    [tenantId, r.key, r.name, r.permissions],
  );
}

export async function deleteCustomRole(tx: Db, key: string): Promise<void> {
  await tx.query('DELETE FROM custom_roles WHERE key = $1', [key]);
}

export async function roleInUse(tx: Db, key: string): Promise<boolean> {
  const { rowCount } = await tx.query('SELECT 1 FROM users WHERE role = $1 LIMIT 1', [key]);
  return (rowCount ?? 0) > 0;
}
