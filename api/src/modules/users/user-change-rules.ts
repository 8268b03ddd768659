import type { Permission } from '@loyalty/shared';
import { missingPermissions } from '../auth/permissions.ts';

// Who may change whom: nobody changes a user who can do more than they can (else a
// `users:write` holder could demote or disable the owner), nobody hands out a role beyond their
// own rights, nobody changes their own role or disables themselves, and a tenant always keeps
// an active owner, since only an owner can make another.

export interface UserChange {
  callerPermissions: ReadonlySet<Permission>;
  /** What the target holds now. */
  targetPermissions: readonly Permission[];
  /** What the new role grants, when the role changes. */
  newRolePermissions?: readonly Permission[];
  isSelf: boolean;
  /** The change removes an active owner: a demotion from owner, or disabling one. */
  removesActiveOwner: boolean;
  /** Active owners in the tenant before the change (the target included). */
  activeOwners: number;
  roleChanges: boolean;
  disables: boolean;
}

export type UserChangeRefusal =
  { code: 'forbidden'; message: string; missing: Permission[] } | { code: 'conflict'; message: string };

export function userChangeRefusal(change: UserChange): UserChangeRefusal | undefined {
  if (change.isSelf && (change.disables || change.roleChanges)) {
    return { code: 'conflict', message: 'you cannot disable yourself or change your own role' };
  }
  const overTarget = missingPermissions(change.callerPermissions, change.targetPermissions);
  if (overTarget.length > 0) {
    return { code: 'forbidden', message: 'this user holds permissions you do not hold', missing: overTarget };
  }
  const overRole = missingPermissions(change.callerPermissions, change.newRolePermissions ?? []);
  if (overRole.length > 0) {
    return { code: 'forbidden', message: 'the new role carries permissions you do not hold', missing: overRole };
  }
  if (change.removesActiveOwner && change.activeOwners <= 1) {
    return { code: 'conflict', message: 'the last active owner can be neither demoted nor disabled' };
  }
  return undefined;
}
