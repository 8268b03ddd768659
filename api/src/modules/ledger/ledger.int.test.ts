import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiKey,
  createTestApp,
  errorCode,
  member,
  onboard,
  program,
  type TestApp,
  type TenantSession,
} from '../../testing/test-app.ts';

// The points ledger through HTTP against real Postgres.

let t: TestApp;
let tenant: TenantSession;
let key: { auth: Record<string, string> };
let programId: string;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await onboard(t.app);
  key = await apiKey(t.app, tenant, [
    'members:read',
    'members:write',
    'points:read',
    'points:earn',
    'points:redeem',
    'points:adjust',
    'points:reverse',
    'points:expire',
  ]);
  programId = await program(t.app, tenant.auth, { pointsExpiryDays: 365 });
});
afterAll(() => t?.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...key.auth, ...headers }, payload: payload as object });
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: key.auth });
const earn = (m: string, points: number, extra: object = {}) =>
  post(`/v1/members/${m}/points/earn`, { points, ...extra });
const redeem = (m: string, points: number) => post(`/v1/members/${m}/points/redeem`, { points });

async function ledgerState(memberId: string) {
  const q = async (sql: string) => Number((await t.ownerPool.query(sql, [memberId])).rows[0].v ?? 0);
  return {
    balance: await q('SELECT available AS v FROM member_balances WHERE member_id = $1'),
    pending: await q('SELECT pending AS v FROM member_balances WHERE member_id = $1'),
    entries: await q(
      "SELECT sum(amount) AS v FROM ledger_entries WHERE account = 'member_available' AND account_id = $1",
    ),
    pendingEntries: await q(
      "SELECT sum(amount) AS v FROM ledger_entries WHERE account = 'member_pending' AND account_id = $1",
    ),
    buckets: await q('SELECT sum(remaining) AS v FROM point_buckets WHERE member_id = $1'),
  };
}

/** The projection equals the ledger, and the buckets hold exactly the balance. */
async function expectConsistent(memberId: string, available: number, pending = 0) {
  expect(await ledgerState(memberId)).toEqual({
    balance: available,
    pending,
    entries: available,
    pendingEntries: pending,
    buckets: available,
  });
}

describe('earn and redeem', () => {
  it('credits and debits with a running balance, lifetime totals and history', async () => {
    const m = await member(t.app, key.auth, programId);
    const e = await earn(m, 120, { reason: 'purchase', orderId: 'order-1' });
    expect(e.statusCode).toBe(201);
    expect(e.json().posting).toMatchObject({
      kind: 'earn',
      status: 'posted',
      points: 120,
      orderId: 'order-1',
      actor: { type: 'api_key' },
    });
    expect(e.json().balance).toEqual({ available: 120, pending: 0, lifetimeEarned: 120, lifetimeRedeemed: 0 });
    const r = await redeem(m, 45);
    expect(r.statusCode).toBe(201);
    expect(r.json().posting).toMatchObject({ kind: 'redeem', points: -45 });
    expect(r.json().balance).toEqual({ available: 75, pending: 0, lifetimeEarned: 120, lifetimeRedeemed: 45 });
    expect((await get(`/v1/members/${m}/balance`)).json()).toEqual({
      available: 75,
      pending: 0,
      lifetimeEarned: 120,
      lifetimeRedeemed: 45,
    });
    const history = (await get(`/v1/members/${m}/postings`)).json();
    expect(history.data.map((p: { kind: string }) => p.kind)).toEqual(['redeem', 'earn']);
    await expectConsistent(m, 75);
  });

  it('refuses to overspend with 409 insufficient_points and writes nothing', async () => {
    const m = await member(t.app, key.auth, programId);
    await earn(m, 10);
    const before = await t.ownerPool.query('SELECT count(*)::int AS n FROM postings WHERE member_id = $1', [m]);
    const r = await redeem(m, 11);
    expect(r.statusCode).toBe(409);
    expect(errorCode(r)).toBe('insufficient_points');
    expect(r.json().error.details).toEqual({ available: 10, requested: 11 });
    const after = await t.ownerPool.query('SELECT count(*)::int AS n FROM postings WHERE member_id = $1', [m]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
    await expectConsistent(m, 10);
  });

  it('spends the bucket that expires first', async () => {
    const m = await member(t.app, key.auth, programId);
    const later = await earn(m, 50, { expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString() });
    const sooner = await earn(m, 30, { expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString() });
    await redeem(m, 40);
    const { rows } = await t.ownerPool.query(
      'SELECT posting_id, remaining::int FROM point_buckets WHERE member_id = $1',
      [m],
    );
    const remaining = Object.fromEntries(rows.map((r) => [r.posting_id, r.remaining]));
    expect(remaining[sooner.json().posting.id]).toBe(0);
    expect(remaining[later.json().posting.id]).toBe(40);
    await expectConsistent(m, 40);
  });

  it('records the earn, its ledger entries and its outbox events in one transaction', async () => {
    const m = await member(t.app, key.auth, programId);
    const id = (await earn(m, 7)).json().posting.id;
    const entries = await t.ownerPool.query(
      'SELECT account, amount::int FROM ledger_entries WHERE posting_id = $1 ORDER BY amount',
      [id],
    );
    expect(entries.rows).toEqual([
      { account: 'program_issued', amount: -7 },
      { account: 'member_available', amount: 7 },
    ]);
    const events = await t.ownerPool.query(
      "SELECT type, payload FROM outbox WHERE payload->'data'->'posting'->>'id' = $1 ORDER BY id",
      [id],
    );
    expect(events.rows.map((r) => r.type)).toEqual(['transaction_created', 'points_earned']);
    expect(events.rows[1].payload).toMatchObject({
      type: 'points_earned',
      tenantId: tenant.tenantId,
      programId,
      memberId: m,
      data: { posting: { points: 7 } },
    });
  });
});

describe('adjust, reverse and expire', () => {
  it('adjusts both ways with a reason, and never below zero', async () => {
    const m = await member(t.app, key.auth, programId);
    expect(
      (await post(`/v1/members/${m}/points/adjust`, { points: 25, reason: 'goodwill' })).json().balance.available,
    ).toBe(25);
    expect(
      (await post(`/v1/members/${m}/points/adjust`, { points: -5, reason: 'duplicate credit' })).json().balance
        .available,
    ).toBe(20);
    const tooMuch = await post(`/v1/members/${m}/points/adjust`, { points: -21, reason: 'oops' });
    expect(errorCode(tooMuch)).toBe('insufficient_points');
    expect(errorCode(await post(`/v1/members/${m}/points/adjust`, { points: 5 }))).toBe('validation_failed');
    await expectConsistent(m, 20);
    const audit = await t.ownerPool.query('SELECT action, after FROM audit_log WHERE entity_id = $1 ORDER BY id', [m]);
    expect(audit.rows.map((r) => [r.action, r.after.points, r.after.reason])).toEqual([
      ['points.adjusted', 25, 'goodwill'],
      ['points.adjusted', -5, 'duplicate credit'],
    ]);
  });

  it('reverses an earn partially, then the rest, and never more than the original', async () => {
    const m = await member(t.app, key.auth, programId);
    const e = (await earn(m, 100)).json().posting.id;
    await earn(m, 500);
    const r1 = await post(`/v1/postings/${e}/reverse`, { points: 30, reason: 'partial refund' });
    expect(r1.statusCode).toBe(201);
    expect(r1.json().posting).toMatchObject({ kind: 'reverse', points: -30, reversesId: e });
    const over = await post(`/v1/postings/${e}/reverse`, { points: 71, reason: 'too much' });
    expect(over.statusCode).toBe(409);
    expect(errorCode(over)).toBe('reversal_exceeds_original');
    expect(over.json().error.details).toEqual({ reversible: 70, requested: 71 });
    const rest = await post(`/v1/postings/${e}/reverse`, { reason: 'full refund' });
    expect(rest.json().posting.points).toBe(-70);
    expect(errorCode(await post(`/v1/postings/${e}/reverse`, { points: 1, reason: 'again' }))).toBe(
      'reversal_exceeds_original',
    );
    expect(rest.json().balance).toMatchObject({ available: 500, lifetimeEarned: 500 });
    // The clawed-back earn's own bucket went first.
    const bucket = await t.ownerPool.query('SELECT remaining::int FROM point_buckets WHERE posting_id = $1', [e]);
    expect(bucket.rows[0].remaining).toBe(0);
    await expectConsistent(m, 500);
  });

  it('refunds a redemption, and refuses to reverse a reversal', async () => {
    const m = await member(t.app, key.auth, programId);
    await earn(m, 60);
    const r = (await redeem(m, 50)).json().posting.id;
    const refund = await post(`/v1/postings/${r}/reverse`, { points: 20, reason: 'reward out of stock' });
    expect(refund.json().posting.points).toBe(20);
    expect(refund.json().balance).toMatchObject({ available: 30, lifetimeRedeemed: 30 });
    expect(errorCode(await post(`/v1/postings/${refund.json().posting.id}/reverse`, { reason: 'x' }))).toBe(
      'posting_not_reversible',
    );
    await expectConsistent(m, 30);
  });

  it('a claw-back that the member already spent is refused rather than driving the balance negative', async () => {
    const m = await member(t.app, key.auth, programId);
    const e = (await earn(m, 40)).json().posting.id;
    await redeem(m, 35);
    const r = await post(`/v1/postings/${e}/reverse`, { reason: 'fraud' });
    expect(errorCode(r)).toBe('insufficient_points');
    await expectConsistent(m, 5);
  });

  it('expiry removes exactly what is left of each due bucket', async () => {
    const m = await member(t.app, key.auth, programId);
    const due = (await earn(m, 100)).json().posting.id;
    await earn(m, 50);
    await redeem(m, 30);
    // Time travel: make the first bucket due (the ledger tables are append-only, buckets are not).
    await t.ownerPool.query("UPDATE point_buckets SET expires_at = now() - interval '1 second' WHERE posting_id = $1", [
      due,
    ]);
    const res = await post(`/v1/programs/${programId}/points/expire-due`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json().pointsExpired).toBeGreaterThanOrEqual(70);
    const history = (await get(`/v1/members/${m}/postings?kind=expire`)).json().data;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ kind: 'expire', points: -70, actor: { type: 'system', id: 'expiry' } });
    await expectConsistent(m, 50);
  });
});

describe('pending holds', () => {
  const deadline = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

  it('are not spendable until confirmed', async () => {
    const m = await member(t.app, key.auth, programId);
    const h = await post(`/v1/members/${m}/points/holds`, { points: 80, deadline: deadline() });
    expect(h.statusCode).toBe(201);
    expect(h.json().posting).toMatchObject({ status: 'pending', points: 80 });
    expect(h.json().balance).toMatchObject({ available: 0, pending: 80 });
    expect(errorCode(await redeem(m, 1))).toBe('insufficient_points');
    await expectConsistent(m, 0, 80);
    const c = await post(`/v1/postings/${h.json().posting.id}/confirm`, {});
    expect(c.statusCode).toBe(200);
    expect(c.json().balance).toMatchObject({ available: 80, pending: 0, lifetimeEarned: 80 });
    expect(errorCode(await post(`/v1/postings/${h.json().posting.id}/void`, {}))).toBe('hold_not_pending');
    await expectConsistent(m, 80);
  });

  it('can be voided, and a hold past its deadline is voided by the sweep, never confirmed', async () => {
    const m = await member(t.app, key.auth, programId);
    const h1 = (await post(`/v1/members/${m}/points/holds`, { points: 10, deadline: deadline() })).json().posting.id;
    expect((await post(`/v1/postings/${h1}/void`, {})).json()).toMatchObject({
      posting: { status: 'voided' },
      balance: { pending: 0 },
    });
    const h2 = (await post(`/v1/members/${m}/points/holds`, { points: 15, deadline: deadline() })).json().posting.id;
    await t.ownerPool.query('ALTER TABLE postings DISABLE TRIGGER postings_guard');
    await t.ownerPool.query("UPDATE postings SET hold_deadline = now() - interval '1 second' WHERE id = $1", [h2]);
    await t.ownerPool.query('ALTER TABLE postings ENABLE TRIGGER postings_guard');
    expect(errorCode(await post(`/v1/postings/${h2}/confirm`, {}))).toBe('hold_not_pending');
    expect((await post(`/v1/programs/${programId}/points/expire-due`, {})).json().holdsVoided).toBeGreaterThanOrEqual(
      1,
    );
    expect((await get(`/v1/postings/${h2}`)).json().status).toBe('voided');
    await expectConsistent(m, 0, 0);
  });

  it('refuses a deadline in the past or beyond the program maximum', async () => {
    const m = await member(t.app, key.auth, programId);
    expect(
      errorCode(
        await post(`/v1/members/${m}/points/holds`, { points: 1, deadline: new Date(Date.now() - 1000).toISOString() }),
      ),
    ).toBe('validation_failed');
    expect(
      errorCode(
        await post(`/v1/members/${m}/points/holds`, {
          points: 1,
          deadline: new Date(Date.now() + 400 * 86_400_000).toISOString(),
        }),
      ),
    ).toBe('conflict');
  });
});

describe('idempotency', () => {
  it('a replay returns the first response and posts once', async () => {
    const m = await member(t.app, key.auth, programId);
    const k = { 'idempotency-key': randomUUID() };
    const first = await post(`/v1/members/${m}/points/earn`, { points: 5 }, k);
    const again = await post(`/v1/members/${m}/points/earn`, { points: 5 }, k);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    await expectConsistent(m, 5);
  });

  it('the same key with a different body is a 409 and changes nothing', async () => {
    const m = await member(t.app, key.auth, programId);
    const k = { 'idempotency-key': randomUUID() };
    await post(`/v1/members/${m}/points/earn`, { points: 5 }, k);
    const other = await post(`/v1/members/${m}/points/earn`, { points: 6 }, k);
    expect(other.statusCode).toBe(409);
    expect(errorCode(other)).toBe('idempotency_key_reused');
    await expectConsistent(m, 5);
  });

  it('concurrent requests with one key post once', async () => {
    const m = await member(t.app, key.auth, programId);
    const k = { 'idempotency-key': randomUUID() };
    const all = await Promise.all(
      Array.from({ length: 20 }, () => post(`/v1/members/${m}/points/earn`, { points: 3 }, k)),
    );
    expect(all.map((r) => r.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(all.map((r) => r.json().posting.id)).size).toBe(1);
    await expectConsistent(m, 3);
  });

  it('a failed request stores nothing, so the same key can be retried once the cause is fixed', async () => {
    const m = await member(t.app, key.auth, programId);
    const k = { 'idempotency-key': randomUUID() };
    expect(errorCode(await post(`/v1/members/${m}/points/redeem`, { points: 5 }, k))).toBe('insufficient_points');
    await earn(m, 5);
    expect((await post(`/v1/members/${m}/points/redeem`, { points: 5 }, k)).statusCode).toBe(201);
    await expectConsistent(m, 0);
  });

  it('refuses a malformed key', async () => {
    const m = await member(t.app, key.auth, programId);
    expect(
      errorCode(await post(`/v1/members/${m}/points/earn`, { points: 5 }, { 'idempotency-key': 'x'.repeat(256) })),
    ).toBe('bad_request');
    await expectConsistent(m, 0);
  });
});

describe('concurrency', () => {
  it('200 parallel redeems on one member never overspend, and the balance equals the sum of its entries', async () => {
    const m = await member(t.app, key.auth, programId);
    await earn(m, 1_000);
    const results = await Promise.all(Array.from({ length: 200 }, () => redeem(m, 7)));
    const ok = results.filter((r) => r.statusCode === 201).length;
    const refused = results.filter((r) => r.statusCode === 409);
    expect(ok).toBe(Math.floor(1_000 / 7));
    expect(refused).toHaveLength(200 - ok);
    for (const r of refused) expect(errorCode(r)).toBe('insufficient_points');
    await expectConsistent(m, 1_000 - ok * 7);
  });

  it('parallel earns, redeems and adjustments on many members keep every balance equal to its ledger', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, () => member(t.app, key.auth, programId)));
    await Promise.all(members.map((m) => earn(m, 100)));
    const ops = Array.from({ length: 150 }, (_, i) => {
      const m = members[i % members.length]!;
      if (i % 3 === 0) return earn(m, 10);
      if (i % 3 === 1) return redeem(m, 15);
      return post(`/v1/members/${m}/points/adjust`, { points: -5, reason: 'test' });
    });
    for (const r of await Promise.all(ops)) expect([201, 409]).toContain(r.statusCode);
    for (const m of members) {
      const s = await ledgerState(m);
      expect(s.balance).toBeGreaterThanOrEqual(0);
      expect(s.entries).toBe(s.balance);
      expect(s.buckets).toBe(s.balance);
    }
  });
});

describe('immutability', () => {
  it('the database refuses to change or delete ledger entries and posted postings', async () => {
    const m = await member(t.app, key.auth, programId);
    const id = (await earn(m, 9)).json().posting.id;
    await expect(
      t.ownerPool.query('UPDATE ledger_entries SET amount = amount * 2 WHERE posting_id = $1', [id]),
    ).rejects.toThrow(/append-only/);
    await expect(t.ownerPool.query('DELETE FROM ledger_entries WHERE posting_id = $1', [id])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ownerPool.query('UPDATE postings SET points = 1000 WHERE id = $1', [id])).rejects.toThrow(
      /immutable/,
    );
    await expect(t.ownerPool.query('DELETE FROM postings WHERE id = $1', [id])).rejects.toThrow(/append-only/);
  });
});

describe("a program's postings (the console's live feed)", () => {
  it("lists every member's postings in the program, newest first, page by page, and only that program's", async () => {
    const p = await program(t.app, tenant.auth);
    const [a, b] = [await member(t.app, key.auth, p), await member(t.app, key.auth, p)];
    const elsewhere = await member(t.app, key.auth, programId);
    await earn(elsewhere, 1);
    const ids: string[] = [];
    for (const [m, points] of [
      [a, 10],
      [b, 20],
      [a, 30],
    ] as const)
      ids.push((await earn(m, points)).json().posting.id);
    ids.push((await redeem(b, 5)).json().posting.id);

    const first = await get(`/v1/programs/${p}/postings?limit=3`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.data.map((x: { id: string }) => x.id)).toEqual(ids.slice(1).reverse());
    expect(page1.data[0]).toMatchObject({ kind: 'redeem', points: -5, memberId: b, programId: p });
    expect(page1.hasMore).toBe(true);
    const page2 = (await get(`/v1/programs/${p}/postings?limit=3&cursor=${page1.nextCursor}`)).json();
    expect(page2).toEqual({
      data: [expect.objectContaining({ id: ids[0], points: 10 })],
      nextCursor: null,
      hasMore: false,
    });
  });

  it('answers 404 for a program of another tenant and refuses a cursor of another list', async () => {
    const other = await onboard(t.app);
    const theirs = await program(t.app, other.auth);
    const res = await get(`/v1/programs/${theirs}/postings`);
    expect(res.statusCode).toBe(404);
    const foreignCursor = Buffer.from('id:00000000-0000-4000-8000-000000000000').toString('base64url');
    const bad = await get(`/v1/programs/${programId}/postings?cursor=${foreignCursor}`);
    expect(bad.statusCode).toBe(400);
    expect(errorCode(bad)).toBe('validation_failed');
  });
});
