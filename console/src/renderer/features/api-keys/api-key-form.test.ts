import { createApiKeyBodySchema } from '@loyalty/shared';
import { describe, expect, it } from 'vitest';
import { permissionsOf, predefinedPermissions, UNKNOWN_PERMISSIONS } from '../session/role-permissions.ts';
import { apiKeyBodyOf, apiKeyFormSchema, keyStatusOf, scopeGroupsFor, toggleArea } from './api-key-form.ts';

describe('API key form', () => {
  it('groups only the held permissions by area, in the API order', () => {
    expect(scopeGroupsFor(permissionsOf(['points:earn', 'members:read', 'points:read']))).toEqual([
      { area: 'members', scopes: ['members:read'] },
      { area: 'points', scopes: ['points:read', 'points:earn'] },
    ]);
    const developer = scopeGroupsFor(predefinedPermissions('developer')!);
    expect(developer.flatMap((g) => g.scopes)).not.toContain('points:earn');
    expect(developer.find((g) => g.area === 'api_keys')?.scopes).toEqual(['api_keys:read', 'api_keys:write']);
    expect(scopeGroupsFor(UNKNOWN_PERMISSIONS).find((g) => g.area === 'reward_codes')?.scopes).toEqual([
      'reward_codes:read',
    ]);
  });

  it('toggles a whole area on, then off', () => {
    const points = { area: 'points', scopes: ['points:read', 'points:earn'] as const };
    const on = toggleArea(['members:read', 'points:read'], { ...points, scopes: [...points.scopes] });
    expect(on).toEqual(['members:read', 'points:read', 'points:earn']);
    expect(toggleArea(on, { ...points, scopes: [...points.scopes] })).toEqual(['members:read']);
  });

  it('maps the form to the create body: the key works through the whole day picked', () => {
    const values = apiKeyFormSchema.parse({ name: 'Shop', scopes: ['points:earn'], expiresOn: '2031-05-20' });
    const body = apiKeyBodyOf(values);
    expect(body).toEqual({
      name: 'Shop',
      scopes: ['points:earn'],
      expiresAt: new Date(2031, 4, 20, 23, 59, 59).toISOString(),
    });
    expect(createApiKeyBodySchema.safeParse(body).success).toBe(true);
    expect(apiKeyBodyOf(apiKeyFormSchema.parse({ name: 'Shop', scopes: ['points:earn'], expiresOn: '' }))).toEqual({
      name: 'Shop',
      scopes: ['points:earn'],
    });
    expect(apiKeyFormSchema.safeParse({ name: 'Shop', scopes: [] }).success).toBe(false);
  });

  it('says when a key is revoked, expired or expires within 7 days', () => {
    const now = new Date('2030-01-10T12:00:00Z');
    expect(keyStatusOf({ expiresAt: null, revokedAt: null }, now)).toBe('active');
    expect(keyStatusOf({ expiresAt: '2030-01-30T00:00:00Z', revokedAt: null }, now)).toBe('active');
    expect(keyStatusOf({ expiresAt: '2030-01-15T00:00:00Z', revokedAt: null }, now)).toBe('expires soon');
    expect(keyStatusOf({ expiresAt: '2030-01-01T00:00:00Z', revokedAt: null }, now)).toBe('expired');
    expect(keyStatusOf({ expiresAt: null, revokedAt: '2030-01-02T00:00:00Z' }, now)).toBe('revoked');
  });
});
