import { describe, expect, it } from 'vitest';
import type { Permission } from '@loyalty/shared';
import { effectiveKeyScopes, type ApiKeyRow } from './authenticate.ts';

const row = (patch: Partial<ApiKeyRow>): ApiKeyRow => ({
  id: 'k',
  tenant_id: 't',
  secret_hash: 'h',
  scopes: ['programs:read', 'programs:write', 'users:write'] as Permission[],
  expires_at: null,
  revoked_at: null,
  creator_role: 'admin',
  creator_custom_permissions: null,
  creator_disabled: false,
  chain_revoked: false,
  ...patch,
});

describe("an API key's effective scopes", () => {
  it('are its scopes while the creator holds them', () => {
    expect([...effectiveKeyScopes(row({}))].sort()).toEqual(['programs:read', 'programs:write', 'users:write']);
  });

  it('shrink to what a demoted creator still holds', () => {
    expect([...effectiveKeyScopes(row({ creator_role: 'analyst' }))]).toEqual(['programs:read']);
  });

  it('follow a custom role, and a vanished custom role grants nothing', () => {
    const custom = row({ creator_role: 'viewer', creator_custom_permissions: ['programs:read'] as Permission[] });
    expect([...effectiveKeyScopes(custom)]).toEqual(['programs:read']);
    expect(effectiveKeyScopes(row({ creator_role: 'gone' })).size).toBe(0);
  });

  it('stay as granted for keys with no recorded creator', () => {
    expect(effectiveKeyScopes(row({ creator_role: null })).size).toBe(3);
  });
});
