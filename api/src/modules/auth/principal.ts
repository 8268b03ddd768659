import type { Permission } from '@loyalty/shared';

export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string;
}

/** Who is calling, for which tenant, allowed to do what. */
export interface Principal {
  tenantId: string;
  actor: Actor;
  permissions: ReadonlySet<Permission>;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: 'system' };
