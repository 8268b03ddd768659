import { describe, expect, it } from 'vitest';
import type { Permission } from '@loyalty/shared';
import { ROLE_PERMISSIONS } from '../auth/permissions.ts';
import { userChangeRefusal, type UserChange } from './user-change-rules.ts';

const owner = ROLE_PERMISSIONS.owner;
const admin = ROLE_PERMISSIONS.admin;
const change = (patch: Partial<UserChange>): UserChange => ({
  callerPermissions: new Set<Permission>(owner),
  targetPermissions: admin,
  isSelf: false,
  removesActiveOwner: false,
  activeOwners: 2,
  roleChanges: false,
  disables: false,
  ...patch,
});

describe('who may change whom', () => {
  it('lets an owner change an admin', () => {
    expect(userChangeRefusal(change({ roleChanges: true, newRolePermissions: ROLE_PERMISSIONS.analyst }))).toBe(
      undefined,
    );
  });

  it('refuses a caller who holds less than the target', () => {
    const refusal = userChangeRefusal(
      change({ callerPermissions: new Set<Permission>(['users:read', 'users:write']), targetPermissions: owner }),
    );
    expect(refusal).toMatchObject({ code: 'forbidden', message: 'this user holds permissions you do not hold' });
  });

  it('refuses a role beyond the caller', () => {
    const refusal = userChangeRefusal(
      change({ callerPermissions: new Set<Permission>(admin), targetPermissions: [], newRolePermissions: owner }),
    );
    expect(refusal).toMatchObject({ code: 'forbidden', message: 'the new role carries permissions you do not hold' });
  });

  it('refuses to remove the last active owner, but not one of two', () => {
    const last = change({ targetPermissions: owner, removesActiveOwner: true, disables: true, activeOwners: 1 });
    expect(userChangeRefusal(last)).toMatchObject({ code: 'conflict' });
    expect(userChangeRefusal({ ...last, activeOwners: 2 })).toBe(undefined);
  });

  it('refuses changing your own role or disabling yourself, but allows other self edits', () => {
    expect(userChangeRefusal(change({ isSelf: true, disables: true }))).toMatchObject({ code: 'conflict' });
    expect(userChangeRefusal(change({ isSelf: true, roleChanges: true }))).toMatchObject({ code: 'conflict' });
    expect(userChangeRefusal(change({ isSelf: true }))).toBe(undefined);
  });
});
