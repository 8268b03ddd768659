import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey, createTestApp, onboard, program, type TenantSession, type TestApp } from '../testing/test-app.ts';

// Every list pages the same way, configuration lists included: follow nextCursor until hasMore
// is false and each item comes exactly once, in the list's documented order.

let t: TestApp;
let tenant: TenantSession;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await onboard(t.app);
});
afterAll(() => t?.close());

async function walk(url: string, limit: number) {
  const pages: unknown[][] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const query = `${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await t.app.inject({ method: 'GET', url: `${url}${query}`, headers: tenant.auth });
    expect(res.statusCode, res.body).toBe(200);
    const body: { data: unknown[]; nextCursor: string | null; hasMore: boolean } = res.json();
    expect(body.hasMore).toBe(body.nextCursor !== null);
    pages.push(body.data);
    cursor = body.nextCursor;
  } while (cursor);
  return pages;
}

describe('pagination', () => {
  it('pages the programs, oldest first', async () => {
    const created = [
      await program(t.app, tenant.auth),
      await program(t.app, tenant.auth),
      await program(t.app, tenant.auth),
    ];
    const pages = await walk('/v1/programs', 2);
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(pages.flat().map((p) => (p as { id: string }).id)).toEqual(created);
  });

  it('pages the roles: predefined first, most powerful first, then custom ones by key', async () => {
    for (const key of ['zeta-team', 'alpha-team']) {
      const res = await t.app.inject({
        method: 'PUT',
        url: `/v1/roles/${key}`,
        headers: { ...tenant.auth, 'idempotency-key': `role-${key}` },
        payload: { name: key, permissions: ['members:read'] },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const keys = (await walk('/v1/roles', 3)).flat().map((r) => (r as { key: string }).key);
    expect(keys).toEqual(['owner', 'admin', 'marketer', 'analyst', 'support', 'developer', 'alpha-team', 'zeta-team']);
  });

  it('pages the API keys, newest first', async () => {
    const first = await apiKey(t.app, tenant, ['members:read']);
    const second = await apiKey(t.app, tenant, ['members:read']);
    const ids = (await walk('/v1/api-keys', 1)).flat().map((k) => (k as { id: string }).id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('refuses a cursor that another list made, instead of starting somewhere else', async () => {
    const programs = await t.app.inject({ method: 'GET', url: '/v1/programs?limit=1', headers: tenant.auth });
    const { nextCursor } = programs.json();
    const members = await t.app.inject({
      method: 'GET',
      url: `/v1/programs/${programs.json().data[0].id}/members?cursor=${nextCursor}`,
      headers: tenant.auth,
    });
    expect(members.statusCode).toBe(400);
    expect(members.json().error.message).toMatch(/cursor/);
  });
});
