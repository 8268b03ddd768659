import { PREDEFINED_ROLE_PERMISSIONS, PREDEFINED_ROLES, type Permission } from '@loyalty/shared';

export type PredefinedRole = (typeof PREDEFINED_ROLES)[number];

/** What each predefined role may do (defined in shared/, which the console reads too); custom roles are stored per tenant. */
export const ROLE_PERMISSIONS: Record<PredefinedRole, readonly Permission[]> = PREDEFINED_ROLE_PERMISSIONS;

export function isPredefinedRole(key: string): key is PredefinedRole {
  return (PREDEFINED_ROLES as readonly string[]).includes(key);
}

/** Permissions someone lacks out of a wanted set: nobody may grant more than they hold. */
export function missingPermissions(held: ReadonlySet<Permission>, wanted: readonly Permission[]): Permission[] {
  return wanted.filter((p) => !held.has(p));
}
