import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@loyalty/shared';
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

// Holes a security review found, each closed and kept closed: escalation through users:write,
// idempotent replays that skipped authorization, and API keys that outlived their creator's rights.

let t: TestApp;
let tenant: TenantSession;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await onboard(t.app);
});
afterAll(() => t?.close());

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const req = (method: Method, url: string, headers: Record<string, string> = {}, payload?: object) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

/** A staff user of `session`'s tenant with `role`, created by `by`, logged in. */
async function userWithRole(role: string, by = tenant.auth, session: TenantSession = tenant) {
  const email = `${role}-${randomUUID().slice(0, 8)}@staff.example`;
  const created = await req('POST', '/v1/users', by, { email, name: role, password: OWNER_PASSWORD, role });
  expect(created.statusCode, created.body).toBe(201);
  const login = await req('POST', '/v1/auth/login', {}, { tenant: session.slug, email, password: OWNER_PASSWORD });
  return { id: created.json().id as string, auth: { authorization: `Bearer ${login.json().accessToken}` } };
}

async function ownerState() {
  const { rows } = await t.ownerPool.query('SELECT role, disabled_at FROM users WHERE id = $1', [tenant.ownerId]);
  return rows[0];
}

describe('changing users', () => {
  it('a users:write holder cannot demote or disable someone who holds more than they do', async () => {
    await req('PUT', '/v1/roles/user-manager', tenant.auth, {
      name: 'User manager',
      permissions: ['users:read', 'users:write'],
    });
    const manager = await userWithRole('user-manager');
    const demote = await req('PATCH', `/v1/users/${tenant.ownerId}`, manager.auth, { role: 'user-manager' });
    expect(demote.statusCode).toBe(403);
    expect(demote.json().error.message).toBe('this user holds permissions you do not hold');
    const disable = await req('PATCH', `/v1/users/${tenant.ownerId}`, manager.auth, { disabled: true });
    expect(disable.statusCode).toBe(403);
    expect(await ownerState()).toEqual({ role: 'owner', disabled_at: null });
  });

  it('an API key with users:write cannot disable the owner', async () => {
    const key = await apiKey(t.app, tenant, ['users:read', 'users:write']);
    const res = await req('PATCH', `/v1/users/${tenant.ownerId}`, key.auth, { disabled: true });
    expect(res.statusCode).toBe(403);
    expect(await ownerState()).toEqual({ role: 'owner', disabled_at: null });
  });

  it('lets an owner remove another while an active owner remains, and never lets an admin touch an owner', async () => {
    const second = await userWithRole('owner');
    const demoteSecond = await req('PATCH', `/v1/users/${second.id}`, tenant.auth, { role: 'admin' });
    expect(demoteSecond.statusCode, demoteSecond.body).toBe(200);
    const admin = await userWithRole('admin');
    const byAdmin = await req('PATCH', `/v1/users/${tenant.ownerId}`, admin.auth, { disabled: true });
    expect(errorCode(byAdmin)).toBe('forbidden');
    expect(await ownerState()).toEqual({ role: 'owner', disabled_at: null });
  });

  it('refuses to remove the only active owner', async () => {
    const solo = await onboard(t.app);
    const { id: secondId, auth: second } = await userWithRole('owner', solo.auth, solo);
    expect((await req('PATCH', `/v1/users/${solo.ownerId}`, second, { role: 'admin' })).statusCode).toBe(200);
    const demote = await req('PATCH', `/v1/users/${secondId}`, solo.auth, { role: 'admin' });
    expect(demote.statusCode).toBe(403);
    const selfDemote = await req('PATCH', `/v1/users/${secondId}`, second, { role: 'admin' });
    expect(errorCode(selfDemote)).toBe('conflict');
    // A key of the owner's with every permission passes the rights check: the rule itself refuses.
    const keyRes = await req('POST', '/v1/api-keys', second, { name: 'all', scopes: [...PERMISSIONS] });
    const ownersKey = { authorization: `Bearer ${keyRes.json().secret}` };
    for (const change of [{ role: 'admin' }, { disabled: true }]) {
      const res = await req('PATCH', `/v1/users/${secondId}`, ownersKey, change);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.message).toBe('the last active owner can be neither demoted nor disabled');
    }
    const { rows } = await t.ownerPool.query('SELECT role FROM users WHERE id = $1', [secondId]);
    expect(rows[0].role).toBe('owner');
  });

  it('never lets two concurrent demotions remove the last two owners', async () => {
    const pair = await onboard(t.app);
    const { id: b, auth: bAuth } = await userWithRole('owner', pair.auth, pair);
    const results = await Promise.all([
      req('PATCH', `/v1/users/${b}`, pair.auth, { disabled: true }),
      req('PATCH', `/v1/users/${pair.ownerId}`, bAuth, { disabled: true }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const { rows } = await t.ownerPool.query(
      "SELECT count(*)::int AS n FROM users WHERE tenant_id = $1 AND role = 'owner' AND disabled_at IS NULL",
      [pair.tenantId],
    );
    expect(rows[0].n).toBe(1);
  });
});

describe('idempotent replays', () => {
  it("another credential re-sending the owner's request and key gets a 409, not the owner's result", async () => {
    const developer = await userWithRole('developer');
    const key = `create-key-${randomUUID()}`;
    const body = { name: 'owner key', scopes: ['analytics_users:write', 'programs:read'] };
    const first = await req('POST', '/v1/api-keys', { ...tenant.auth, 'idempotency-key': key }, body);
    expect(first.statusCode).toBe(201);
    const stolen = await req('POST', '/v1/api-keys', { ...developer.auth, 'idempotency-key': key }, body);
    expect(stolen.statusCode).toBe(409);
    expect(JSON.stringify(stolen.json())).not.toContain(first.json().secret);
    const devKey = await apiKey(t.app, tenant, ['api_keys:write', 'programs:read']);
    const replayByKey = await req(
      'POST',
      '/v1/api-keys',
      { ...devKey.auth, 'idempotency-key': key },
      { name: 'owner key', scopes: ['programs:read'] },
    );
    expect(replayByKey.statusCode).toBe(409);
    expect(replayByKey.json().error.message).toBe('this Idempotency-Key was used by another credential');
    expect(JSON.stringify(replayByKey.json())).not.toContain(first.json().secret);
  });

  it('the same credential replays the creation without the secret, which was shown once', async () => {
    const key = `create-key-${randomUUID()}`;
    const body = { name: 'replayed', scopes: ['programs:read'] };
    const first = await req('POST', '/v1/api-keys', { ...tenant.auth, 'idempotency-key': key }, body);
    const again = await req('POST', '/v1/api-keys', { ...tenant.auth, 'idempotency-key': key }, body);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual({ ...first.json(), secret: null });
  });
});

describe('API keys follow their creator', () => {
  it('a key loses what its creator loses, and stops when the creator is disabled', async () => {
    const admin = await userWithRole('admin');
    const created = await req('POST', '/v1/api-keys', admin.auth, {
      name: 'admin key',
      scopes: ['programs:read', 'programs:write'],
    });
    const key = { authorization: `Bearer ${created.json().secret}` };
    const program = { name: 'P', currency: 'EUR', timezone: 'UTC' };
    expect((await req('POST', '/v1/programs', key, program)).statusCode).toBe(201);
    await req('PATCH', `/v1/users/${admin.id}`, tenant.auth, { role: 'analyst' });
    const afterDemotion = await req('POST', '/v1/programs', key, program);
    expect(afterDemotion.statusCode).toBe(403);
    expect((await req('GET', '/v1/programs', key)).statusCode).toBe(200);
    await req('PATCH', `/v1/users/${admin.id}`, tenant.auth, { disabled: true });
    const afterDisable = await req('GET', '/v1/programs', key);
    expect(afterDisable.statusCode).toBe(401);
    expect(afterDisable.json().error.message).toBe('the user who created this API key is disabled');
  });

  it('a key made by a key stops when its parent is revoked, and is bounded by the root user', async () => {
    const admin = await userWithRole('admin');
    const parentRes = await req('POST', '/v1/api-keys', admin.auth, {
      name: 'parent',
      scopes: ['api_keys:write', 'programs:read', 'programs:write'],
    });
    const parent = { id: parentRes.json().id as string, auth: { authorization: `Bearer ${parentRes.json().secret}` } };
    const childRes = await req('POST', '/v1/api-keys', parent.auth, { name: 'child', scopes: ['programs:write'] });
    expect(childRes.statusCode, childRes.body).toBe(201);
    const child = { authorization: `Bearer ${childRes.json().secret}` };
    const program = { name: 'P', currency: 'EUR', timezone: 'UTC' };
    expect((await req('POST', '/v1/programs', child, program)).statusCode).toBe(201);
    await req('PATCH', `/v1/users/${admin.id}`, tenant.auth, { role: 'analyst' });
    expect((await req('POST', '/v1/programs', child, program)).statusCode).toBe(403);
    await req('PATCH', `/v1/users/${admin.id}`, tenant.auth, { role: 'admin' });
    expect((await req('POST', '/v1/programs', child, program)).statusCode).toBe(201);
    await req('POST', `/v1/api-keys/${parent.id}/revoke`, tenant.auth);
    const afterRevoke = await req('GET', '/v1/programs', child);
    expect(afterRevoke.statusCode).toBe(401);
    expect(errorCode(afterRevoke)).toBe('api_key_revoked');
  });
});

describe('guessing', () => {
  const login = (slug: string, email: string, password: string, remoteAddress = '10.0.0.1') =>
    t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { tenant: slug, email, password },
      remoteAddress,
    });

  it('blocks an account after repeated failed logins, with Retry-After, without locking out others', async () => {
    const target = await onboard(t.app);
    const email = `owner@${target.slug}.example`;
    const limit = t.config.LOGIN_FAILURES_PER_ACCOUNT;
    for (let i = 0; i < limit; i++) {
      const res = await login(target.slug, email, 'wrong password', `10.1.0.${i}`);
      expect(res.statusCode).toBe(401);
    }
    const blocked = await login(target.slug, email, 'wrong password', '10.1.1.1');
    expect(blocked.statusCode).toBe(401);
    const evenTheRightPassword = await login(target.slug, email, OWNER_PASSWORD, '10.1.1.2');
    expect(evenTheRightPassword.statusCode).toBe(429);
    expect(errorCode(evenTheRightPassword)).toBe('rate_limited');
    expect(Number(evenTheRightPassword.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const other = await onboard(t.app);
    expect((await login(other.slug, `owner@${other.slug}.example`, OWNER_PASSWORD, '10.1.1.3')).statusCode).toBe(200);
  });

  it('blocks an address that fails too many credential checks, before looking any up', async () => {
    const bad = { authorization: `Bearer lsk_${'0'.repeat(12)}_${'A'.repeat(43)}` };
    const from = (remoteAddress: string, headers: Record<string, string>) =>
      t.app.inject({ method: 'GET', url: '/v1/programs', headers, remoteAddress });
    for (let i = 0; i < t.config.AUTH_FAILURES_PER_ADDRESS; i++) {
      expect((await from('10.2.0.1', bad)).statusCode).toBe(401);
    }
    expect((await from('10.2.0.1', bad)).statusCode).toBe(401);
    // Count what reaches the database from here on: a blocked address costs no query.
    const query = t.pool.query.bind(t.pool);
    let queries = 0;
    t.pool.query = ((...args: Parameters<typeof query>) => {
      queries += 1;
      return query(...args);
    }) as typeof t.pool.query;
    try {
      const blocked = await from('10.2.0.1', bad);
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect((await from('10.2.0.1', tenant.auth)).statusCode).toBe(429);
      expect(queries).toBe(0);
    } finally {
      t.pool.query = query;
    }
    expect((await from('10.2.0.2', tenant.auth)).statusCode).toBe(200);
    expect((await from('10.2.0.1', {})).statusCode).toBe(401);
  });
});

describe('behind a load balancer', () => {
  it('throttles each client address from X-Forwarded-For when TRUST_PROXY names the proxy', async () => {
    const proxied = await createTestApp({ TRUST_PROXY: '127.0.0.1' });
    try {
      const session = await onboard(proxied.app);
      const bad = { authorization: `Bearer lsk_${'0'.repeat(12)}_${'A'.repeat(43)}` };
      const from = (client: string, headers: Record<string, string>) =>
        proxied.app.inject({
          method: 'GET',
          url: '/v1/programs',
          headers: { ...headers, 'x-forwarded-for': client },
          remoteAddress: '127.0.0.1',
        });
      for (let i = 0; i <= proxied.config.AUTH_FAILURES_PER_ADDRESS; i++) await from('203.0.113.7', bad);
      expect((await from('203.0.113.7', session.auth)).statusCode).toBe(429);
      expect((await from('203.0.113.8', session.auth)).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });
});

describe('smaller exposures', () => {
  it('shows delivered coupon codes whole only to holders of reward_codes:read', async () => {
    const programId = await program(t.app, tenant.auth);
    const reward = await req('POST', `/v1/programs/${programId}/rewards`, tenant.auth, {
      name: 'Free coffee',
      type: 'coupon',
      pointsCost: 10,
    });
    const member = await req('POST', `/v1/programs/${programId}/members`, tenant.auth, { externalId: 'codes-1' });
    const memberId = member.json().id as string;
    await req('POST', `/v1/members/${memberId}/points/earn`, tenant.auth, { points: 50 });
    const redeemed = await req('POST', `/v1/members/${memberId}/redemptions`, tenant.auth, {
      rewardId: reward.json().id,
    });
    expect(redeemed.statusCode, redeemed.body).toBe(201);
    const code = redeemed.json().redemption.code as string;
    expect(code.length).toBeGreaterThan(8);
    const analyst = await userWithRole('analyst');
    const support = await userWithRole('support');
    const reader = await apiKey(t.app, tenant, ['rewards:read']);
    for (const auth of [analyst.auth, reader.auth]) {
      const list = await req('GET', `/v1/members/${memberId}/redemptions`, auth);
      expect(list.json().data[0].code).toBe(`${'•'.repeat(code.length - 4)}${code.slice(-4)}`);
      const one = await req('GET', `/v1/redemptions/${redeemed.json().redemption.id}`, auth);
      expect(one.json().code).not.toContain(code.slice(0, 4));
    }
    const forSupport = await req('GET', `/v1/members/${memberId}/redemptions`, support.auth);
    expect(forSupport.json().data[0].code).toBe(code);
  });

  it('refuses a tenant website that is not an http or https address', async () => {
    for (const website of ['javascript:alert(1)', 'data:text/html,<script>1</script>', 'ftp://example.com']) {
      const res = await req('PATCH', '/v1/tenant', tenant.auth, { website });
      expect(res.statusCode, website).toBe(400);
    }
    expect((await req('PATCH', '/v1/tenant', tenant.auth, { website: 'https://brew.example' })).statusCode).toBe(200);
  });
});
