import { PERMISSIONS, PREDEFINED_ROLES, type Permission } from '@loyalty/shared';

export type PredefinedRole = (typeof PREDEFINED_ROLES)[number];

const read = PERMISSIONS.filter((p) => p.endsWith(':read'));

/** What each predefined role may do; custom roles are stored per tenant with their own list. */
export const ROLE_PERMISSIONS: Record<PredefinedRole, readonly Permission[]> = {
  owner: PERMISSIONS,
  // Data-team database users see a whole tenant's analytics: only the owner creates them.
  admin: PERMISSIONS.filter((p) => p !== 'analytics_users:write'),
  marketer: [
    'tenant:read',
    'programs:read',
    'programs:write',
    'members:read',
    'points:read',
    'audit:read',
    'reports:read',
    'reports:write',
    'rules:read',
    'rules:write',
    'tiers:read',
    'tiers:write',
    'rewards:read',
    'rewards:write',
    'segments:read',
    'segments:write',
    'campaigns:read',
    'campaigns:write',
  ],
  // Analysts build, save and export reports; everything else they only read, except the codes
  // handed out to members (vouchers are as good as money) and operational metrics.
  analyst: [...read.filter((p) => p !== 'reward_codes:read' && p !== 'metrics:read'), 'reports:write'],
  support: [
    'tenant:read',
    'programs:read',
    'members:read',
    'members:write',
    'points:read',
    'points:adjust',
    'points:reverse',
    'rewards:read',
    'rewards:redeem',
    'rewards:fulfil',
    'reward_codes:read',
    'tiers:read',
    'segments:read',
    'campaigns:read',
  ],
  developer: [
    'tenant:read',
    'api_keys:read',
    'api_keys:write',
    'programs:read',
    'members:read',
    'points:read',
    'audit:read',
    'rules:read',
    'tiers:read',
    'rewards:read',
    'segments:read',
    'campaigns:read',
    'metrics:read',
  ],
};

export function isPredefinedRole(key: string): key is PredefinedRole {
  return (PREDEFINED_ROLES as readonly string[]).includes(key);
}

/** Permissions someone lacks out of a wanted set: nobody may grant more than they hold. */
export function missingPermissions(held: ReadonlySet<Permission>, wanted: readonly Permission[]): Permission[] {
  return wanted.filter((p) => !held.has(p));
}
