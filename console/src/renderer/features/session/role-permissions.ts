import { PREDEFINED_ROLE_PERMISSIONS, PREDEFINED_ROLES, type Permission } from '@loyalty/shared';

// What the signed-in user may do, so the console offers only that. Predefined roles are known
// (shared/ defines them for the API too); a custom role's list comes from GET /v1/roles, which
// needs `roles:read`. Without it the list is unknown: everything is offered and the API's 403
// says what is not allowed.

export interface RolePermissions {
  /** False when the console could not learn the role's permissions. */
  known: boolean;
  can(permission: Permission): boolean;
}

export function permissionsOf(list: readonly Permission[]): RolePermissions {
  const held = new Set(list);
  return { known: true, can: (p) => held.has(p) };
}

export const UNKNOWN_PERMISSIONS: RolePermissions = { known: false, can: () => true };

export function predefinedPermissions(role: string): RolePermissions | undefined {
  if (!(PREDEFINED_ROLES as readonly string[]).includes(role)) return undefined;
  return permissionsOf(PREDEFINED_ROLE_PERMISSIONS[role as (typeof PREDEFINED_ROLES)[number]]);
}

/** A custom role's permissions from the GET /v1/roles list, or unknown when it is not there. */
export function customRolePermissions(
  role: string,
  roles: readonly { key: string; permissions: readonly Permission[] }[],
): RolePermissions {
  const found = roles.find((r) => r.key === role);
  return found ? permissionsOf(found.permissions) : UNKNOWN_PERMISSIONS;
}
