import type { Permission } from '@loyalty/shared';
import type { RolePermissions } from '../features/session/role-permissions.ts';

// The side navigation, filtered by role: an item whose screen the role cannot use is not offered.

export interface NavItem {
  label: string;
  /** The screen, under the current program. */
  to:
    | '/programs/$programId/dashboard'
    | '/programs/$programId/members'
    | '/programs/$programId/rules'
    | '/programs/$programId/tiers'
    | '/programs/$programId/api-keys';
  needs: Permission;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Dashboard', to: '/programs/$programId/dashboard', needs: 'reports:read' },
  { label: 'Members', to: '/programs/$programId/members', needs: 'members:read' },
  { label: 'Points rules', to: '/programs/$programId/rules', needs: 'rules:read' },
  { label: 'Tiers', to: '/programs/$programId/tiers', needs: 'tiers:read' },
  { label: 'API keys', to: '/programs/$programId/api-keys', needs: 'api_keys:read' },
];

export function navItemsFor(permissions: RolePermissions): NavItem[] {
  return NAV_ITEMS.filter((item) => permissions.can(item.needs));
}
