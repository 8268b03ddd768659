import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, onboard, program, type TestApp, type TenantSession } from '../../testing/test-app.ts';

// The replay store keeps copies of responses; it must keep nothing a response may not keep:
// no secret shown once, no personal data in clear text, nothing of an erased member, nothing
// past its time to live.

let t: TestApp;
let tenant: TenantSession;
let programId: string;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await onboard(t.app);
  programId = await program(t.app, tenant.auth);
});
afterAll(() => t?.close());

const post = (url: string, key: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: { ...tenant.auth, 'idempotency-key': key }, payload });

/** Every table and column holding `needle`, as text or as UTF-8 bytes. */
async function tablesHolding(needle: string): Promise<string[]> {
  const { rows: tables } = await t.ownerPool.query<{ name: string }>(
    "SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const hex = Buffer.from(needle).toString('hex');
  const found: string[] = [];
  for (const { name } of tables) {
    const { rows } = await t.ownerPool.query(
      `SELECT count(*)::int AS n FROM ${name} r WHERE strpos(lower(r::text), lower($1)) > 0 OR strpos(r::text, $2) > 0`,
      [needle, hex],
    );
    if (rows[0].n > 0) found.push(name);
  }
  return found;
}

describe('the replay store', () => {
  it("never holds a key's secret or a member's personal data in clear text, and forgets an erased member", async () => {
    const keyRes = await post('/v1/api-keys', `key-${randomUUID()}`, { name: 'shop', scopes: ['programs:read'] });
    expect(keyRes.statusCode, keyRes.body).toBe(201);
    const secret = keyRes.json().secret as string;
    const email = `ada-${randomUUID().slice(0, 8)}@example.com`;
    const name = `Ada Lovelace ${randomUUID().slice(0, 8)}`;
    const memberKey = `member-${randomUUID()}`;
    const memberBody = { externalId: `cust-${randomUUID()}`, email, name, phone: '+33612345678' };
    const created = await post(`/v1/programs/${programId}/members`, memberKey, memberBody);
    expect(created.statusCode).toBe(201);
    const memberId = created.json().id as string;
    await post(`/v1/members/${memberId}/points/earn`, `earn-${randomUUID()}`, { points: 10 });
    const replay = await post(`/v1/programs/${programId}/members`, memberKey, memberBody);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json()).toEqual(created.json());

    expect(await tablesHolding(secret)).toEqual([]);
    // The part after `lsk_<prefix>_` (base64url, so it may hold more underscores).
    expect(await tablesHolding(secret.slice('lsk_'.length + 13))).toEqual([]);
    expect(await tablesHolding(email)).toEqual([]);
    expect(await tablesHolding(name)).toEqual([]);
    const stored = await t.ownerPool.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE member_id = $1', [
      memberId,
    ]);
    expect(stored.rows[0].n).toBe(2);

    const erased = await t.app.inject({ method: 'DELETE', url: `/v1/members/${memberId}`, headers: tenant.auth });
    expect(erased.statusCode).toBe(204);
    const after = await t.ownerPool.query(
      'SELECT count(*)::int AS n FROM idempotency_keys WHERE member_id = $1 AND status_code <> 204',
      [memberId],
    );
    expect(after.rows[0].n).toBe(0);
    // The merchant's customer id is personal too: after erasure no table holds it.
    expect(await tablesHolding(memberBody.externalId)).toEqual([]);
    const replayAfterErasure = await post(`/v1/programs/${programId}/members`, memberKey, memberBody);
    expect(replayAfterErasure.statusCode).toBe(201);
    expect(replayAfterErasure.headers['idempotent-replayed']).toBeUndefined();
    expect(replayAfterErasure.json().id).not.toBe(memberId);
  });

  it('refuses a key reused on another path or with another body, saying which', async () => {
    const key = `reuse-${randomUUID()}`;
    const body = { name: 'Reused', currency: 'EUR', timezone: 'UTC' };
    expect((await post('/v1/programs', key, body)).statusCode).toBe(201);
    const otherBody = await post('/v1/programs', key, { ...body, name: 'Other' });
    expect(otherBody.statusCode).toBe(409);
    expect(otherBody.json().error.message).toBe('this Idempotency-Key was already used with a different body');
    const otherPath = await post(`/v1/programs/${programId}/members`, key, { externalId: 'reuse-1' });
    expect(otherPath.statusCode).toBe(409);
    expect(otherPath.json().error.message).toBe('this Idempotency-Key was already used on another path or method');
  });

  it('lets a key be used afresh once it has expired, and purges expired keys in pages', async () => {
    const key = `expiring-${randomUUID()}`;
    const first = await post('/v1/programs', key, { name: 'First', currency: 'EUR', timezone: 'UTC' });
    expect(first.statusCode).toBe(201);
    const conflict = await post('/v1/programs', key, { name: 'Other', currency: 'EUR', timezone: 'UTC' });
    expect(conflict.statusCode).toBe(409);
    const ttlHours = t.config.IDEMPOTENCY_TTL_HOURS;
    await t.ownerPool.query(
      `UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $2::int + 1) WHERE key = $1`,
      [key, ttlHours],
    );
    const fresh = await post('/v1/programs', key, { name: 'Other', currency: 'EUR', timezone: 'UTC' });
    expect(fresh.statusCode).toBe(201);
    expect(fresh.json().id).not.toBe(first.json().id);

    const old = Array.from({ length: 5 }, () => `old-${randomUUID()}`);
    for (const k of old) await post('/v1/programs', k, { name: 'Old', currency: 'EUR', timezone: 'UTC' });
    await t.ownerPool.query(
      `UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $2::int + 1) WHERE key = ANY($1)`,
      [old, ttlHours],
    );
    const store = t.app.idempotency;
    const pages: number[] = [];
    const client = await t.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT set_config('app.tenant_id', $1, true)", [tenant.tenantId]);
      for (let purged = -1; purged !== 0;) pages.push((purged = await store.purgeExpired(client, 2)));
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    expect(pages).toEqual([2, 2, 1, 0]);
    const left = await t.ownerPool.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = ANY($1)', [old]);
    expect(left.rows[0].n).toBe(0);
    const kept = await t.ownerPool.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key]);
    expect(kept.rows[0].n).toBe(1);
  });
});
