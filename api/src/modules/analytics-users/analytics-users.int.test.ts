import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestApp,
  errorCode,
  onboard,
  OWNER_PASSWORD,
  type TenantSession,
  type TestApp,
} from '../../testing/test-app.ts';

// Data-team users through HTTP. The test stack's ClickHouse is the embedded engine, which has no
// access storage: users are recorded as not provisioned there (the statements themselves are
// checked by ClickHouse's parser in clickhouse/src/access).

let t: TestApp;
let owner: TenantSession;
let other: TenantSession;

beforeAll(async () => {
  t = await createTestApp();
  owner = await onboard(t.app);
  other = await onboard(t.app);
});
afterAll(() => t?.close());

async function loginAs(session: TenantSession, role: string) {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.com`;
  const created = await t.app.inject({
    method: 'POST',
    url: '/v1/users',
    headers: session.auth,
    payload: { email, name: role, password: OWNER_PASSWORD, role },
  });
  expect(created.statusCode).toBe(201);
  const login = await t.app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { tenant: session.slug, email, password: OWNER_PASSWORD },
  });
  return { authorization: `Bearer ${login.json().accessToken}` };
}

describe('data-team ClickHouse users', () => {
  it('lets the owner create one, shows the password once, and scopes it to the tenant', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/analytics/users',
      headers: owner.auth,
      payload: { name: 'BI team' },
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.user.username).toMatch(new RegExp(`^t_${owner.slug.replace(/-/g, '_')}_[0-9a-f]{8}$`));
    expect(body.user.provisioned).toBe(false);
    expect(body.password.length).toBeGreaterThanOrEqual(32);
    expect(body.connection.examples.curl).toContain(body.user.username);

    const list = (await t.app.inject({ method: 'GET', url: '/v1/analytics/users', headers: owner.auth })).json();
    expect(list.data.map((u: { id: string }) => u.id)).toEqual([body.user.id]);
    expect(JSON.stringify(list)).not.toContain(body.password);
    expect(
      (await t.app.inject({ method: 'GET', url: '/v1/analytics/users', headers: other.auth })).json().data,
    ).toEqual([]);

    expect(
      errorCode(
        await t.app.inject({ method: 'DELETE', url: `/v1/analytics/users/${body.user.id}`, headers: other.auth }),
      ),
    ).toBe('not_found');
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/v1/analytics/users/${body.user.id}`,
      headers: owner.auth,
    });
    expect(revoked.statusCode).toBe(204);
    const listed = (await t.app.inject({ method: 'GET', url: '/v1/analytics/users', headers: owner.auth })).json();
    expect(listed.data.find((u: { id: string }) => u.id === body.user.id).revokedAt).not.toBeNull();
    const { rows } = await t.ownerPool.query(
      "SELECT action FROM audit_log WHERE tenant_id = $1 AND entity_type = 'analytics_user' ORDER BY id",
      [owner.tenantId],
    );
    expect(rows.map((r) => r.action)).toEqual(['analytics_user.created', 'analytics_user.revoked']);
  });

  it('never stores the password: a replay with the same Idempotency-Key answers without it', async () => {
    const headers = { ...owner.auth, 'idempotency-key': `analytics-${Date.now()}` };
    const first = await t.app.inject({
      method: 'POST',
      url: '/v1/analytics/users',
      headers,
      payload: { name: 'Data team' },
    });
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/analytics/users',
      headers,
      payload: { name: 'Data team' },
    });
    expect(first.json().password).toEqual(expect.any(String));
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toMatchObject({ user: { id: first.json().user.id }, password: null });
    const { rows } = await t.ownerPool.query('SELECT response::text AS r FROM idempotency_keys WHERE tenant_id = $1', [
      owner.tenantId,
    ]);
    expect(rows.some((r) => r.r.includes(first.json().password))).toBe(false);
  });

  it('refuses admins and analysts (owner only), and bad input', async () => {
    for (const role of ['admin', 'analyst']) {
      const auth = await loginAs(owner, role);
      expect(
        errorCode(
          await t.app.inject({ method: 'POST', url: '/v1/analytics/users', headers: auth, payload: { name: 'x' } }),
        ),
      ).toBe('forbidden');
    }
    for (const payload of [{}, { name: '' }, { name: 'x', extra: 1 }, { name: 'x'.repeat(101) }]) {
      expect(
        (await t.app.inject({ method: 'POST', url: '/v1/analytics/users', headers: owner.auth, payload })).statusCode,
      ).toBe(400);
    }
  });
});
