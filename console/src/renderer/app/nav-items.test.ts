import { describe, expect, it } from 'vitest';
import { permissionsOf, UNKNOWN_PERMISSIONS } from '../features/session/role-permissions.ts';
import { navItemsFor } from './nav-items.ts';

describe('navItemsFor', () => {
  it('offers only the screens a role can use', () => {
    expect(navItemsFor(permissionsOf(['members:read'])).map((i) => i.label)).toEqual(['Members']);
    expect(navItemsFor(permissionsOf(['reports:read'])).map((i) => i.label)).toEqual(['Dashboard']);
    expect(navItemsFor(permissionsOf(['points:read']))).toEqual([]);
    expect(navItemsFor(permissionsOf(['rules:read', 'api_keys:read'])).map((i) => i.label)).toEqual([
      'Points rules',
      'API keys',
    ]);
  });

  it('offers everything when the role is unknown, leaving refusals to the API', () => {
    expect(navItemsFor(UNKNOWN_PERMISSIONS).map((i) => i.label)).toEqual([
      'Dashboard',
      'Members',
      'Points rules',
      'Tiers',
      'API keys',
    ]);
  });
});
