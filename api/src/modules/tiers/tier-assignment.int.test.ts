import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant-tx.ts';
import {
  apiKey,
  createTestApp,
  member,
  onboard,
  program,
  type TestApp,
  type TenantSession,
} from '../../testing/test-app.ts';
import { SYSTEM_ACTOR } from '../auth/principal.ts';
import { createLedgerService } from '../ledger/ledger.service.ts';
import { memberTierForCalculation } from './member-tier.ts';

// Automatic tier assignment inside the posting transaction, recalculation and the member
// reads, through HTTP against real Postgres.

let t: TestApp;
let tenant: TenantSession;
let key: { auth: Record<string, string> };

beforeAll(async () => {
  t = await createTestApp();
  tenant = await onboard(t.app);
  key = await apiKey(t.app, tenant, [
    'members:write',
    'points:read',
    'points:earn',
    'points:redeem',
    'points:reverse',
    'tiers:read',
    'tiers:write',
  ]);
});
afterAll(() => t?.close());

const post = (url: string, payload: object = {}) => t.app.inject({ method: 'POST', url, headers: key.auth, payload });
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: key.auth });
const earn = (m: string, points: number) => post(`/v1/members/${m}/points/earn`, { points });
const redeem = (m: string, points: number) => post(`/v1/members/${m}/points/redeem`, { points });
const tierName = async (m: string) => (await get(`/v1/members/${m}/tier`)).json().tier?.name ?? null;

/** A program with tiers; returns its id and the tier ids by name. */
async function tiered(settings: Record<string, unknown>, ladder: [string, number, number?][]) {
  const p = await program(t.app, tenant.auth, settings);
  const ids: Record<string, string> = {};
  for (const [name, threshold, multiplier] of ladder) {
    const res = await post(`/v1/programs/${p}/tiers`, { name, threshold, benefits: { multiplier: multiplier ?? 1 } });
    expect(res.statusCode).toBe(201);
    ids[name] = res.json().id;
  }
  return { p, ids };
}

async function history(m: string) {
  const { rows } = await t.ownerPool.query(
    `SELECT f.name AS "from", tt.name AS "to", h.reason, h.posting_id AS "postingId", h.basis_points::int AS "basisPoints"
       FROM tier_history h LEFT JOIN tiers f ON f.id = h.from_tier_id LEFT JOIN tiers tt ON tt.id = h.to_tier_id
      WHERE h.member_id = $1 ORDER BY h.id`,
    [m],
  );
  return rows;
}
async function tierEvents(m: string) {
  const { rows } = await t.ownerPool.query(
    "SELECT payload FROM outbox WHERE member_id = $1 AND type = 'tier_changed' ORDER BY id",
    [m],
  );
  return rows.map((r) => r.payload);
}
const recalculate = (p: string, body: object = {}) => post(`/v1/programs/${p}/tiers/recalculate`, body);

describe('assignment on postings', () => {
  it('upgrades a member crossing a threshold in the posting transaction, with history and a tier_changed event', async () => {
    const { p, ids } = await tiered({}, [
      ['Silver', 500, 1.5],
      ['Gold', 2000, 2],
    ]);
    const m = await member(t.app, key.auth, p);
    expect((await earn(m, 300)).statusCode).toBe(201);
    expect((await get(`/v1/members/${m}/tier`)).json()).toEqual({
      tier: null,
      basis: 'lifetime_earned',
      basisPoints: 300,
      since: null,
      next: {
        tier: { id: ids.Silver, name: 'Silver', threshold: 500, benefits: { multiplier: 1.5 } },
        pointsNeeded: 200,
      },
    });
    const up = await earn(m, 250);
    const postingId = up.json().posting.id;
    const view = (await get(`/v1/members/${m}/tier`)).json();
    expect(view).toMatchObject({
      tier: { id: ids.Silver, name: 'Silver', threshold: 500 },
      basisPoints: 550,
      next: { tier: { name: 'Gold' }, pointsNeeded: 1450 },
    });
    expect(Date.parse(view.since)).toBeGreaterThan(Date.now() - 60_000);
    expect(await history(m)).toEqual([{ from: null, to: 'Silver', reason: 'posting', postingId, basisPoints: 550 }]);
    const [event] = await tierEvents(m);
    expect(event).toMatchObject({ type: 'tier_changed', programId: p, memberId: m });
    expect(event.data).toEqual({
      tier: 'Silver',
      from: null,
      to: { id: ids.Silver, name: 'Silver' },
      reason: 'posting',
      basis: 'lifetime_earned',
      basisPoints: 550,
      postingId,
    });
    // The tier event is in the posting's transaction: written right after its own events.
    const { rows } = await t.ownerPool.query(
      "SELECT type FROM outbox WHERE member_id = $1 AND (payload->'data'->'posting'->>'id' = $2 OR payload->'data'->>'postingId' = $2) ORDER BY id",
      [m, postingId],
    );
    expect(rows.map((r) => r.type)).toEqual(['transaction_created', 'points_earned', 'tier_changed']);
    // The calculation's lookup runs in the caller's tenant transaction; outside one, RLS hides the member.
    await expect(memberTierForCalculation(t.pool, m)).rejects.toThrow('member not found');
    expect(await withTenant(t.pool, tenant.tenantId, (tx) => memberTierForCalculation(tx, m))).toEqual({
      id: ids.Silver,
      name: 'Silver',
      multiplier: 1.5,
    });
  });

  it('jumps several tiers in one transition, and the base tier (threshold 0) is entered on the first posting', async () => {
    const { p } = await tiered({}, [
      ['Member', 0],
      ['Silver', 500],
      ['Gold', 2000],
    ]);
    const m = await member(t.app, key.auth, p);
    await earn(m, 10);
    await earn(m, 2500);
    expect((await history(m)).map((h) => [h.from, h.to])).toEqual([
      [null, 'Member'],
      ['Member', 'Gold'],
    ]);
    expect((await get(`/v1/members/${m}/tier`)).json().next).toBeNull();
  });

  it('on lifetime basis: a redemption keeps the tier, a claw-back moves the member down', async () => {
    const { p } = await tiered({}, [['Silver', 500]]);
    const m = await member(t.app, key.auth, p);
    const e = (await earn(m, 600)).json().posting.id;
    expect((await redeem(m, 150)).json().balance).toMatchObject({ available: 450, lifetimeEarned: 600 });
    expect(await tierName(m)).toBe('Silver');
    const claw = await post(`/v1/postings/${e}/reverse`, { points: 100, reason: 'part of the order returned' });
    expect(claw.json().balance).toMatchObject({ available: 350, lifetimeEarned: 500 });
    expect(await tierName(m)).toBe('Silver');
    const claw2 = await post(`/v1/postings/${e}/reverse`, { points: 1, reason: 'one more item returned' });
    expect(claw2.statusCode).toBe(201);
    expect(await tierName(m)).toBeNull();
    expect((await history(m)).map((h) => [h.from, h.to, h.postingId, h.basisPoints])).toEqual([
      [null, 'Silver', e, 600],
      ['Silver', null, claw2.json().posting.id, 499],
    ]);
    expect((await tierEvents(m)).map((ev) => ev.data.tier)).toEqual(['Silver', null]);
  });

  it('on balance basis: redemptions move the member down, a refund back up', async () => {
    const { p } = await tiered({ tierBasis: 'balance' }, [
      ['Silver', 500],
      ['Gold', 1000],
    ]);
    const m = await member(t.app, key.auth, p);
    await earn(m, 1200);
    expect(await tierName(m)).toBe('Gold');
    await redeem(m, 300);
    expect(await tierName(m)).toBe('Silver');
    const r = (await redeem(m, 500)).json().posting.id;
    expect((await get(`/v1/members/${m}/tier`)).json()).toMatchObject({
      tier: null,
      basis: 'balance',
      basisPoints: 400,
      next: { tier: { name: 'Silver' }, pointsNeeded: 100 },
    });
    await post(`/v1/postings/${r}/reverse`, { reason: 'cancelled' });
    expect(await tierName(m)).toBe('Silver');
    expect((await history(m)).map((h) => [h.from, h.to, h.basisPoints])).toEqual([
      [null, 'Gold', 1200],
      ['Gold', 'Silver', 900],
      ['Silver', null, 400],
      [null, 'Silver', 900],
    ]);
  });

  it('counts pending points only once a hold is confirmed', async () => {
    const { p } = await tiered({}, [['Silver', 500]]);
    const m = await member(t.app, key.auth, p);
    const hold = (
      await post(`/v1/members/${m}/points/holds`, {
        points: 600,
        deadline: new Date(Date.now() + 86_400_000).toISOString(),
      })
    ).json().posting.id;
    expect(await tierName(m)).toBeNull();
    expect((await post(`/v1/postings/${hold}/confirm`)).statusCode).toBe(200);
    expect(await tierName(m)).toBe('Silver');
    expect((await history(m))[0]).toMatchObject({ to: 'Silver', postingId: hold, basisPoints: 600 });
  });

  it('changes nothing for a program without tiers', async () => {
    const p = await program(t.app, tenant.auth);
    const m = await member(t.app, key.auth, p);
    await earn(m, 5000);
    expect(await history(m)).toEqual([]);
    expect(await tierEvents(m)).toEqual([]);
    expect((await get(`/v1/members/${m}/tier`)).json()).toEqual({
      tier: null,
      basis: 'lifetime_earned',
      basisPoints: 5000,
      next: null,
      since: null,
    });
  });

  it('moves members of a deleted tier on their next posting, keeping its name in history', async () => {
    const { p, ids } = await tiered({}, [
      ['Silver', 500],
      ['Gold', 1000],
    ]);
    const m = await member(t.app, key.auth, p);
    await earn(m, 1100);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/tiers/${ids.Gold}`, headers: key.auth })).statusCode).toBe(
      204,
    );
    expect(await tierName(m)).toBe('Silver');
    await earn(m, 1);
    expect((await history(m)).map((h) => [h.from, h.to])).toEqual([
      [null, 'Gold'],
      ['Gold', 'Silver'],
    ]);
    expect((await tierEvents(m))[1].data).toMatchObject({
      tier: 'Silver',
      from: { id: ids.Gold, name: 'Gold' },
      to: { id: ids.Silver, name: 'Silver' },
    });
    const page = (await get(`/v1/members/${m}/tier-history?limit=1`)).json();
    expect(page.data).toEqual([
      expect.objectContaining({
        from: { id: ids.Gold, name: 'Gold' },
        to: { id: ids.Silver, name: 'Silver' },
        reason: 'posting',
        basisPoints: 1101,
      }),
    ]);
    const rest = (await get(`/v1/members/${m}/tier-history?limit=1&cursor=${page.nextCursor}`)).json();
    expect(rest).toEqual({
      data: [expect.objectContaining({ from: null, to: { id: ids.Gold, name: 'Gold' } })],
      nextCursor: null,
      hasMore: false,
    });
  });

  it('keeps one consistent history under parallel earns on one member (each transition once)', async () => {
    const { p } = await tiered({}, [
      ['Bronze', 300],
      ['Silver', 700],
      ['Gold', 1500],
    ]);
    const m = await member(t.app, key.auth, p);
    // Half through HTTP (the batcher serializes one member's postings), half in transactions of
    // their own straight on the pool, so the balance row lock itself is contended.
    const ledger = createLedgerService();
    const principal = { tenantId: tenant.tenantId, actor: SYSTEM_ACTOR, permissions: new Set<never>() };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? earn(m, 100).then((r) => r.statusCode)
          : withTenant(t.pool, tenant.tenantId, (tx) => ledger.earn(tx, principal, m, { points: 100 })).then(() => 201),
      ),
    );
    expect(results.every((s) => s === 201)).toBe(true);
    expect((await history(m)).map((h) => [h.from, h.to, h.basisPoints])).toEqual([
      [null, 'Bronze', 300],
      ['Bronze', 'Silver', 700],
      ['Silver', 'Gold', 1500],
    ]);
    expect((await tierEvents(m)).map((e) => [e.data.tier, e.data.basisPoints])).toEqual([
      ['Bronze', 300],
      ['Silver', 700],
      ['Gold', 1500],
    ]);
    expect(await tierName(m)).toBe('Gold');
  });
});

describe('recalculation', () => {
  it('moves members after a threshold change, page by page, and changes nothing the second time', async () => {
    const { p, ids } = await tiered({}, [
      ['Silver', 500],
      ['Gold', 2000],
    ]);
    const members = [];
    for (const points of [100, 600, 1200, 2500]) {
      const m = await member(t.app, key.auth, p);
      await earn(m, points);
      members.push(m);
    }
    expect(await Promise.all(members.map(tierName))).toEqual([null, 'Silver', 'Silver', 'Gold']);
    await t.app.inject({
      method: 'PATCH',
      url: `/v1/tiers/${ids.Silver}`,
      headers: key.auth,
      payload: { threshold: 1000 },
    });
    await t.app.inject({
      method: 'PATCH',
      url: `/v1/tiers/${ids.Gold}`,
      headers: key.auth,
      payload: { threshold: 1100 },
    });
    expect(await Promise.all(members.map(tierName))).toEqual([null, 'Silver', 'Silver', 'Gold']);

    let cursor: string | undefined;
    let changed = 0;
    let examined = 0;
    do {
      const res = await recalculate(p, { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(res.statusCode).toBe(200);
      changed += res.json().changed;
      examined += res.json().examined;
      cursor = res.json().nextCursor ?? undefined;
    } while (cursor);
    expect({ changed, examined }).toEqual({ changed: 2, examined: 4 });
    expect(await Promise.all(members.map(tierName))).toEqual([null, null, 'Gold', 'Gold']);
    expect((await history(members[1]!)).at(-1)).toMatchObject({
      from: 'Silver',
      to: null,
      reason: 'recalculation',
      postingId: null,
      basisPoints: 600,
    });
    const [, event] = await tierEvents(members[2]!);
    expect(event.data).toMatchObject({
      tier: 'Gold',
      from: { name: 'Silver' },
      to: { name: 'Gold' },
      reason: 'recalculation',
      postingId: null,
      basisPoints: 1200,
    });

    expect((await recalculate(p)).json()).toEqual({ examined: 4, changed: 0, nextCursor: null });
    expect(await history(members[2]!)).toHaveLength(2);
  });

  it('follows a change of the tier basis and a deleted tier; refuses a foreign cursor', async () => {
    const { p, ids } = await tiered({}, [['Silver', 500]]);
    const m = await member(t.app, key.auth, p);
    await earn(m, 800);
    await redeem(m, 700);
    await t.app.inject({
      method: 'PATCH',
      url: `/v1/programs/${p}`,
      headers: tenant.auth,
      payload: { settings: { tierBasis: 'balance' } },
    });
    expect((await recalculate(p)).json()).toMatchObject({ changed: 1 });
    expect(await tierName(m)).toBeNull();
    await earn(m, 500);
    expect(await tierName(m)).toBe('Silver');
    await t.app.inject({ method: 'DELETE', url: `/v1/tiers/${ids.Silver}`, headers: key.auth });
    expect((await recalculate(p)).json()).toMatchObject({ changed: 1 });
    expect((await history(m)).at(-1)).toMatchObject({ from: 'Silver', to: null, reason: 'recalculation' });
    expect((await recalculate(p, { cursor: 'abc' })).statusCode).toBe(400);
    expect((await recalculate(p, { limit: 0 })).statusCode).toBe(400);
  });
});
