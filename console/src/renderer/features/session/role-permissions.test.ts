import { describe, expect, it } from 'vitest';
import { customRolePermissions, predefinedPermissions } from './role-permissions.ts';

describe('role permissions', () => {
  it('knows what predefined roles may do: support adjusts points, an analyst only reads them', () => {
    expect(predefinedPermissions('support')?.can('points:adjust')).toBe(true);
    expect(predefinedPermissions('analyst')?.can('points:adjust')).toBe(false);
    expect(predefinedPermissions('analyst')?.can('members:read')).toBe(true);
    expect(predefinedPermissions('owner')?.can('roles:write')).toBe(true);
  });

  it("takes a custom role's list from the roles the API lists, and admits not knowing otherwise", () => {
    expect(predefinedPermissions('cashier')).toBeUndefined();
    const listed = customRolePermissions('cashier', [{ key: 'cashier', permissions: ['members:read'] }]);
    expect(listed.known).toBe(true);
    expect(listed.can('members:read')).toBe(true);
    expect(listed.can('points:adjust')).toBe(false);
    const unlisted = customRolePermissions('cashier', []);
    expect(unlisted.known).toBe(false);
    expect(unlisted.can('points:adjust')).toBe(true);
  });
});
