import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { keyIdOf } from './tokens.ts';
import {
  apiKey,
  createTestApp,
  errorCode,
  onboard,
  OWNER_PASSWORD,
  program,
  type TestApp,
  type TenantSession,
} from '../../testing/test-app.ts';

let t: TestApp;
let tenant: TenantSession;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await onboard(t.app);
});
afterAll(() => t?.close());

const req = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  headers: Record<string, string> = {},
  payload?: object,
) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

// The README's examples onboard `brew-house` in the same test database: this file keeps clear of it.
describe('onboarding', () => {
  it('creates a merchant with its white-label subdomain and a logged-in owner', async () => {
    const res = await req(
      'POST',
      '/v1/onboarding',
      {},
      {
        tenant: { slug: 'bean-house', name: 'Brew House', contactEmail: 'Hello@Brew.example' },
        owner: { email: 'Boss@Brew.example', name: 'Boss', password: OWNER_PASSWORD },
      },
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.tenant).toMatchObject({
      slug: 'bean-house',
      subdomain: 'bean-house.loyaltystudio.ai',
      contactEmail: 'hello@brew.example',
    });
    expect(body.tokens.tokenType).toBe('Bearer');
    const me = await req('GET', '/v1/tenant', { authorization: `Bearer ${body.tokens.accessToken}` });
    expect(me.json().id).toBe(body.tenant.id);
  });

  it.each([
    ['a taken slug', { slug: 'bean-house' }, 409, 'slug_taken'],
    ['a reserved slug', { slug: 'admin' }, 409, 'slug_taken'],
    ['an invalid slug', { slug: 'Brew House!' }, 400, 'validation_failed'],
    ['a slug longer than a DNS label', { slug: 'a'.repeat(64) }, 400, 'validation_failed'],
  ])('refuses %s', async (_name, tenantPatch, status, code) => {
    const res = await req(
      'POST',
      '/v1/onboarding',
      {},
      { tenant: { name: 'X', ...tenantPatch }, owner: { email: 'o@x.example', name: 'O', password: OWNER_PASSWORD } },
    );
    expect(res.statusCode).toBe(status);
    expect(errorCode(res)).toBe(code);
  });

  it('refuses a short password', async () => {
    const res = await req(
      'POST',
      '/v1/onboarding',
      {},
      { tenant: { slug: 'short-pw', name: 'X' }, owner: { email: 'o@x.example', name: 'O', password: 'short' } },
    );
    expect(errorCode(res)).toBe('validation_failed');
    const exists = await t.ownerPool.query("SELECT 1 FROM tenants WHERE slug = 'short-pw'");
    expect(exists.rowCount).toBe(0);
  });
});

describe('console sessions', () => {
  it('logs in, refreshes with rotation, detects reuse of a rotated token, and logs out', async () => {
    const login = await req(
      'POST',
      '/v1/auth/login',
      {},
      { tenant: tenant.slug, email: `owner@${tenant.slug}.example`, password: OWNER_PASSWORD },
    );
    expect(login.statusCode).toBe(200);
    const first = login.json();
    const refreshed = await req('POST', '/v1/auth/refresh', {}, { refreshToken: first.refreshToken });
    expect(refreshed.statusCode).toBe(200);
    expect(refreshed.json().refreshToken).not.toBe(first.refreshToken);
    // Reusing the rotated token ends the session: the newer token stops working too.
    expect(errorCode(await req('POST', '/v1/auth/refresh', {}, { refreshToken: first.refreshToken }))).toBe(
      'unauthenticated',
    );
    expect(errorCode(await req('POST', '/v1/auth/refresh', {}, { refreshToken: refreshed.json().refreshToken }))).toBe(
      'unauthenticated',
    );

    const again = (
      await req(
        'POST',
        '/v1/auth/login',
        {},
        { tenant: tenant.slug, email: `owner@${tenant.slug}.example`, password: OWNER_PASSWORD },
      )
    ).json();
    expect((await req('POST', '/v1/auth/logout', {}, { refreshToken: again.refreshToken })).statusCode).toBe(204);
    expect(errorCode(await req('POST', '/v1/auth/refresh', {}, { refreshToken: again.refreshToken }))).toBe(
      'unauthenticated',
    );
  });

  it.each([
    ['a wrong password', { password: 'not the password at all' }],
    ['an unknown email', { email: 'nobody@nowhere.example' }],
    ['an unknown tenant', { tenant: 'no-such-tenant' }],
  ])('gives one answer for %s', async (_name, patch) => {
    const res = await req(
      'POST',
      '/v1/auth/login',
      {},
      { tenant: tenant.slug, email: `owner@${tenant.slug}.example`, password: OWNER_PASSWORD, ...patch },
    );
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toEqual({ code: 'unauthenticated', message: 'unknown tenant, email or password' });
  });

  it('refuses an expired access token, a forged one, and a malformed refresh token', async () => {
    const key = new TextEncoder().encode(t.config.AUTH_TOKEN_SECRET);
    const expired = await new SignJWT({ tid: tenant.tenantId, role: 'owner' })
      .setProtectedHeader({ alg: 'HS256', kid: keyIdOf(t.config.AUTH_TOKEN_SECRET) })
      .setSubject(tenant.ownerId)
      .setIssuer('loyalty-studio')
      .setAudience('loyalty-studio-api')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    expect(errorCode(await req('GET', '/v1/tenant', { authorization: `Bearer ${expired}` }))).toBe('token_expired');
    const forged = await new SignJWT({ tid: tenant.tenantId, role: 'owner' })
      .setProtectedHeader({ alg: 'HS256', kid: keyIdOf(t.config.AUTH_TOKEN_SECRET) })
      .setSubject(tenant.ownerId)
      .setIssuer('loyalty-studio')
      .setAudience('loyalty-studio-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    expect(errorCode(await req('GET', '/v1/tenant', { authorization: `Bearer ${forged}` }))).toBe('unauthenticated');
    expect(errorCode(await req('POST', '/v1/auth/refresh', {}, { refreshToken: 'not.a.token' }))).toBe(
      'unauthenticated',
    );
  });
});

describe('API keys', () => {
  it('shows the secret once, lists only the prefix, and records last use', async () => {
    const created = await apiKey(t.app, tenant, ['programs:read']);
    expect(created.key).toMatch(/^lsk_[0-9a-f]{12}_/);
    const list = (await req('GET', '/v1/api-keys', tenant.auth)).json().data;
    const listed = list.find((k: { id: string }) => k.id === created.id);
    expect(listed.prefix).toBe(created.key.slice(0, 16));
    expect(JSON.stringify(list)).not.toContain(created.key.slice(17));
    expect((await req('GET', '/v1/programs', created.auth)).statusCode).toBe(200);
    const stored = await t.ownerPool.query('SELECT secret_hash, last_used_at FROM api_keys WHERE id = $1', [
      created.id,
    ]);
    expect(stored.rows[0].secret_hash).not.toContain(created.key.slice(17));
    expect(stored.rows[0].last_used_at).not.toBeNull();
  });

  it('accepts the X-API-Key header too', async () => {
    const created = await apiKey(t.app, tenant, ['programs:read']);
    expect((await req('GET', '/v1/programs', { 'x-api-key': created.key })).statusCode).toBe(200);
  });

  it('stops working the moment it is revoked', async () => {
    const created = await apiKey(t.app, tenant, ['programs:read']);
    const revoked = await req('POST', `/v1/api-keys/${created.id}/revoke`, tenant.auth);
    expect(revoked.json().revokedAt).not.toBeNull();
    const res = await req('GET', '/v1/programs', created.auth);
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('api_key_revoked');
  });

  it('stops working once expired', async () => {
    const created = await apiKey(t.app, tenant, ['programs:read'], {
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await t.ownerPool.query("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [created.id]);
    expect(errorCode(await req('GET', '/v1/programs', created.auth))).toBe('api_key_expired');
  });

  it.each([
    ['no credentials', {}],
    ['a malformed key', { authorization: 'Bearer lsk_nothex_abc' }],
    ['an unknown key', { authorization: `Bearer lsk_000000000000_${'A'.repeat(43)}` }],
    ['a wrong scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers 401 to %s', async (_name, headers) => {
    const res = await req('GET', '/v1/programs', headers);
    expect(res.statusCode).toBe(401);
    expect(errorCode(res)).toBe('unauthenticated');
  });

  it('cannot carry permissions its creator lacks', async () => {
    const dev = await apiKey(t.app, tenant, ['api_keys:write', 'programs:read']);
    const res = await req('POST', '/v1/api-keys', dev.auth, { name: 'escalate', scopes: ['programs:write'] });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.details).toEqual({ missing: ['programs:write'] });
  });
});

describe('RBAC', () => {
  async function userWithRole(role: string) {
    const email = `${role}-${Date.now()}@staff.example`;
    const created = await req('POST', '/v1/users', tenant.auth, { email, name: role, password: OWNER_PASSWORD, role });
    expect(created.statusCode).toBe(201);
    const login = await req('POST', '/v1/auth/login', {}, { tenant: tenant.slug, email, password: OWNER_PASSWORD });
    return { id: created.json().id, auth: { authorization: `Bearer ${login.json().accessToken}` } };
  }

  it('an analyst reads but cannot change anything', async () => {
    const analyst = await userWithRole('analyst');
    expect((await req('GET', '/v1/programs', analyst.auth)).statusCode).toBe(200);
    const res = await req('POST', '/v1/programs', analyst.auth, { name: 'P', currency: 'EUR', timezone: 'UTC' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toMatchObject({ code: 'forbidden', details: { required: 'programs:write' } });
  });

  it('an API key scoped to reads cannot post points', async () => {
    const reader = await apiKey(t.app, tenant, ['points:read']);
    const res = await req('POST', `/v1/members/${crypto.randomUUID()}/points/earn`, reader.auth, { points: 1 });
    expect(res.statusCode).toBe(403);
  });

  it('custom roles grant exactly their permissions, and cannot exceed the creator', async () => {
    const put = await req('PUT', '/v1/roles/campaign-viewer', tenant.auth, {
      name: 'Campaign viewer',
      permissions: ['programs:read'],
    });
    expect(put.statusCode).toBe(200);
    const viewer = await userWithRole('campaign-viewer');
    expect((await req('GET', '/v1/programs', viewer.auth)).statusCode).toBe(200);
    expect((await req('GET', '/v1/users', viewer.auth)).statusCode).toBe(403);
    expect(
      errorCode(await req('PUT', '/v1/roles/owner', tenant.auth, { name: 'x', permissions: ['programs:read'] })),
    ).toBe('conflict');
    expect(errorCode(await req('DELETE', '/v1/roles/campaign-viewer', tenant.auth))).toBe('conflict');
    const roles = (await req('GET', '/v1/roles', tenant.auth)).json().data.map((r: { key: string }) => r.key);
    expect(roles).toEqual(
      expect.arrayContaining(['owner', 'admin', 'marketer', 'analyst', 'support', 'developer', 'campaign-viewer']),
    );
  });

  it('refuses a second user with the same email (any case) and writes nothing', async () => {
    const body = { email: `dup-${Date.now()}@staff.example`, name: 'Dup', password: OWNER_PASSWORD, role: 'analyst' };
    expect((await req('POST', '/v1/users', tenant.auth, body)).statusCode).toBe(201);
    const again = await req('POST', '/v1/users', tenant.auth, { ...body, email: body.email.toUpperCase() });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('email_taken');
    const { rows } = await t.ownerPool.query('SELECT count(*)::int AS n FROM users WHERE email = $1', [body.email]);
    expect(rows[0].n).toBe(1);
  });

  it('disabling a user ends their sessions', async () => {
    const support = await userWithRole('support');
    expect((await req('PATCH', `/v1/users/${support.id}`, tenant.auth, { disabled: true })).json().disabled).toBe(true);
    const login = await req(
      'POST',
      '/v1/auth/login',
      {},
      {
        tenant: tenant.slug,
        email: (await t.ownerPool.query('SELECT email FROM users WHERE id = $1', [support.id])).rows[0].email,
        password: OWNER_PASSWORD,
      },
    );
    expect(login.statusCode).toBe(401);
  });
});

describe('tenant isolation', () => {
  it("answers 404 for another tenant's resources, through the API and through row-level security", async () => {
    const other = await onboard(t.app);
    const theirProgram = await program(t.app, other.auth);
    expect((await req('GET', `/v1/programs/${theirProgram}`, tenant.auth)).statusCode).toBe(404);
    expect((await req('PATCH', `/v1/programs/${theirProgram}`, tenant.auth, { name: 'mine now' })).statusCode).toBe(
      404,
    );
    expect(
      (await req('POST', `/v1/programs/${theirProgram}/members`, tenant.auth, { externalId: 'x' })).statusCode,
    ).toBe(404);
    const mine = (await req('GET', '/v1/programs', tenant.auth)).json().data.map((p: { id: string }) => p.id);
    expect(mine).not.toContain(theirProgram);
    // The second wall: as the API's database role, with our tenant set, their rows do not exist.
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenant.tenantId]);
      expect((await client.query('SELECT * FROM programs WHERE id = $1', [theirProgram])).rowCount).toBe(0);
      await expect(
        client.query("INSERT INTO programs (tenant_id, name, currency, timezone) VALUES ($1, 'x', 'EUR', 'UTC')", [
          other.tenantId,
        ]),
      ).rejects.toThrow(/row-level security/);
      await client.query('ROLLBACK');
      // With no tenant set, nothing is visible at all.
      expect((await client.query('SELECT * FROM programs')).rowCount).toBe(0);
    } finally {
      client.release();
    }
  });
});

describe('rate limiting', () => {
  it('answers 429 with standard headers once a key exceeds its limit', async () => {
    const limited = await createTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const s = await onboard(limited.app);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 5; i++) {
        last = await limited.app.inject({ method: 'GET', url: '/v1/programs', headers: s.auth });
        statuses.push(last.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(errorCode(last!)).toBe('rate_limited');
      expect(last!.headers['ratelimit-limit']).toBe('3');
      expect(last!.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });
});

describe('idempotency on configuration calls', () => {
  it('replays a program creation instead of creating a second program', async () => {
    const headers = { ...tenant.auth, 'idempotency-key': `program-${Date.now()}` };
    const body = { name: 'Once', currency: 'USD', timezone: 'America/New_York' };
    const first = await req('POST', '/v1/programs', headers, body);
    const again = await req('POST', '/v1/programs', headers, body);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const { rows } = await t.ownerPool.query(
      "SELECT count(*)::int AS n FROM programs WHERE tenant_id = $1 AND name = 'Once'",
      [tenant.tenantId],
    );
    expect(rows[0].n).toBe(1);
    expect(errorCode(await req('POST', '/v1/programs', headers, { ...body, name: 'Twice' }))).toBe(
      'idempotency_key_reused',
    );
  });
});

describe('audit log', () => {
  it('records who changed what, before and after', async () => {
    const id = await program(t.app, tenant.auth);
    await req('PATCH', `/v1/programs/${id}`, tenant.auth, { name: 'Renamed' });
    const log = (await req('GET', `/v1/audit-log?entityType=program&entityId=${id}`, tenant.auth)).json();
    expect(log.data.map((e: { action: string }) => e.action)).toEqual(['program.updated', 'program.created']);
    expect(log.data[0]).toMatchObject({
      actor: { type: 'user', id: tenant.ownerId },
      before: { name: 'Coffee Club' },
      after: { name: 'Renamed' },
    });
    const page = (await req('GET', '/v1/audit-log?limit=1', tenant.auth)).json();
    expect(page.data).toHaveLength(1);
    const next = (await req('GET', `/v1/audit-log?limit=1&cursor=${page.nextCursor}`, tenant.auth)).json();
    expect(next.data[0].id).not.toBe(page.data[0].id);
  });
});
