import type { Schemas } from '@loyalty/sdk';
import { createApiKeyBodySchema, PERMISSIONS, type Permission } from '@loyalty/shared';
import { z } from 'zod';
import type { RolePermissions } from '../session/role-permissions.ts';

// The API key form: the shared create body with the expiry picked as a day (the key works
// until the end of that day, in the user's time zone), scopes offered by area and only those
// the user holds (the API refuses any other: a key never does more than its creator).

export type ApiKey = Schemas['ApiKey'];

export const apiKeyFormSchema = createApiKeyBodySchema.omit({ expiresAt: true }).extend({
  expiresOn: z
    .string()
    .regex(/^(\d{4}-\d{2}-\d{2})?$/, 'must be a date')
    .optional(),
});
export type ApiKeyFormValues = z.input<typeof apiKeyFormSchema>;

export function apiKeyBodyOf(values: z.output<typeof apiKeyFormSchema>): z.input<typeof createApiKeyBodySchema> {
  const { expiresOn, ...rest } = values;
  if (!expiresOn) return rest;
  const [y, m, d] = expiresOn.split('-').map(Number);
  // The last second of the local day: the key works through the whole day picked, and the
  // list shows that day as its expiry.
  return { ...rest, expiresAt: new Date(y!, m! - 1, d!, 23, 59, 59).toISOString() };
}

export interface ScopeGroup {
  area: string;
  scopes: Permission[];
}

/** The permissions the user holds, grouped by area (`points:earn` is in `points`), in the API's order. */
export function scopeGroupsFor(held: RolePermissions): ScopeGroup[] {
  const groups: ScopeGroup[] = [];
  for (const permission of PERMISSIONS) {
    if (!held.can(permission)) continue;
    const area = permission.slice(0, permission.indexOf(':'));
    const group = groups.find((g) => g.area === area);
    if (group) group.scopes.push(permission);
    else groups.push({ area, scopes: [permission] });
  }
  return groups;
}

/** Toggles a whole area: all on when any is off, else all off. */
export function toggleArea(selected: readonly Permission[], group: ScopeGroup): Permission[] {
  const allOn = group.scopes.every((s) => selected.includes(s));
  const rest = selected.filter((s) => !group.scopes.includes(s));
  return allOn ? rest : [...rest, ...group.scopes];
}

export type KeyStatus = 'active' | 'expires soon' | 'expired' | 'revoked';
const SOON_MS = 7 * 86_400_000;

export function keyStatusOf(key: Pick<ApiKey, 'expiresAt' | 'revokedAt'>, now: Date): KeyStatus {
  if (key.revokedAt) return 'revoked';
  if (!key.expiresAt) return 'active';
  const left = Date.parse(key.expiresAt) - now.getTime();
  if (left <= 0) return 'expired';
  return left <= SOON_MS ? 'expires soon' : 'active';
}
