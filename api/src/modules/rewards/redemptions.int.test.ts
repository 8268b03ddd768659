import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  errorCode,
  member,
  onboard,
  program,
  type TestApp,
  type TenantSession,
  tenantWithProgram,
} from '../../testing/test-app.ts';
import {
  auditActions,
  createReward,
  earn,
  insertCampaign,
  insertTier,
  ledgerTotals,
  outboxEvents,
  redeem,
  rewardStock,
  setMemberTier,
} from './reward-fixtures.ts';

// Redemptions over HTTP against real Postgres: every refusal, code pools, coupons, fulfilment,
// cancellation with refund and the member catalogue. Concurrency: redemptions-concurrency.int.test.ts.

let t: TestApp;
let tenant: TenantSession;
let programId: string;

beforeAll(async () => {
  ({ t, tenant, programId } = await tenantWithProgram());
});
afterAll(() => t?.close());

const auth = () => tenant.auth;
const get = (url: string) => t.app.inject({ method: 'GET', url, headers: auth() });
const post = (url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...auth(), ...headers }, ...(payload ? { payload } : {}) });
const reward = (body: Record<string, unknown> = {}) => createReward(t.app, auth(), programId, body);

async function richMember(points = 1000, body: Record<string, unknown> = {}): Promise<string> {
  const m = await member(t.app, auth(), programId, body);
  await earn(t.app, auth(), m, points);
  return m;
}

async function writes(memberId: string, rewardId: string) {
  const q = async (sql: string, params: unknown[]) => (await t.ownerPool.query(sql, params)).rows[0].n as number;
  return {
    postings: await q('SELECT count(*)::int AS n FROM postings WHERE member_id = $1', [memberId]),
    redemptions: await q('SELECT count(*)::int AS n FROM redemptions WHERE member_id = $1', [memberId]),
    outbox: await q('SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1', [tenant.tenantId]),
    stock: await rewardStock(t.ownerPool, rewardId),
  };
}

async function expectConsistent(memberId: string, available: number) {
  expect(await ledgerTotals(t.ownerPool, memberId)).toEqual({ available, entries: available });
}

describe('redeeming', () => {
  it('deducts the points, takes a unit of stock, records a pending redemption and announces it without personal data', async () => {
    const r = await reward({ pointsCost: 200, stock: 5 });
    const m = await richMember(500);
    const res = await redeem(t.app, auth(), m, r.id, { note: 'leave at the door, 12 rue de la Paix' });
    expect(res.statusCode).toBe(201);
    const { redemption, balance } = res.json();
    expect(redemption).toMatchObject({
      rewardId: r.id,
      memberId: m,
      programId,
      points: 200,
      status: 'pending',
      code: null,
      note: 'leave at the door, 12 rue de la Paix',
      refundPostingId: null,
      resolvedAt: null,
    });
    expect(balance).toEqual({ available: 300, pending: 0, lifetimeEarned: 500, lifetimeRedeemed: 200 });
    expect(await rewardStock(t.ownerPool, r.id)).toBe(4);
    expect((await get(`/v1/redemptions/${redemption.id}`)).json()).toEqual(redemption);

    const posting = (await get(`/v1/postings/${redemption.postingId}`)).json();
    expect(posting).toMatchObject({
      kind: 'redeem',
      points: -200,
      memberId: m,
      metadata: { rewardId: r.id, redemptionId: redemption.id },
    });
    const events = (await outboxEvents(t.ownerPool, tenant.tenantId)).filter(
      (e) => e.data.redemptionId === redemption.id,
    );
    expect(events).toEqual([
      {
        type: 'reward_redeemed',
        memberId: m,
        data: {
          redemptionId: redemption.id,
          rewardId: r.id,
          rewardType: 'physical',
          memberId: m,
          points: 200,
          postingId: redemption.postingId,
          status: 'pending',
        },
      },
    ]);
    await expectConsistent(m, 300);
  });

  it('replays a redemption sent twice with one Idempotency-Key', async () => {
    const r = await reward({ pointsCost: 10 });
    const m = await richMember(100);
    const key = { 'idempotency-key': randomUUID() };
    const first = await post(`/v1/members/${m}/redemptions`, { rewardId: r.id }, key);
    const again = await post(`/v1/members/${m}/redemptions`, { rewardId: r.id }, key);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect((await writes(m, r.id)).redemptions).toBe(1);
  });
});

describe('refusals: a specific code each, and nothing written', () => {
  const day = 86_400_000;
  async function expectRefused(rewardId: string, memberId: string, status: number, code: string) {
    const before = await writes(memberId, rewardId);
    const res = await redeem(t.app, auth(), memberId, rewardId);
    expect(res.statusCode, res.body).toBe(status);
    expect(errorCode(res)).toBe(code);
    expect(await writes(memberId, rewardId)).toEqual(before);
    return res.json().error;
  }

  it('reward_not_found: unknown, deleted, or of another program', async () => {
    const m = await richMember();
    const other = await createReward(t.app, auth(), await program(t.app, auth()));
    const deleted = await reward();
    await t.app.inject({ method: 'DELETE', url: `/v1/rewards/${deleted.id}`, headers: auth() });
    for (const id of [randomUUID(), other.id, deleted.id]) {
      const res = await redeem(t.app, auth(), m, id);
      expect(res.statusCode).toBe(404);
      expect(errorCode(res)).toBe('reward_not_found');
    }
    expect(errorCode(await redeem(t.app, auth(), randomUUID(), other.id))).toBe('not_found');
  });

  it('reward_inactive, reward_not_yet_valid, reward_expired', async () => {
    const m = await richMember();
    await expectRefused((await reward({ active: false })).id, m, 409, 'reward_inactive');
    const future = await reward({ validFrom: new Date(Date.now() + day).toISOString() });
    expect((await expectRefused(future.id, m, 409, 'reward_not_yet_valid')).details).toEqual({
      validFrom: future.validFrom,
    });
    await expectRefused(
      (await reward({ validUntil: new Date(Date.now() - day).toISOString() })).id,
      m,
      409,
      'reward_expired',
    );
    const open = await reward({
      validFrom: new Date(Date.now() - day).toISOString(),
      validUntil: new Date(Date.now() + day).toISOString(),
    });
    expect((await redeem(t.app, auth(), m, open.id)).statusCode).toBe(201);
  });

  it("campaign_not_active: a campaign's special reward only while the campaign runs", async () => {
    const m = await richMember();
    const window = { startsAt: new Date(Date.now() - day), endsAt: new Date(Date.now() + day) };
    const draft = await insertCampaign(t.ownerPool, tenant.tenantId, programId, { state: 'draft', ...window });
    const ended = await insertCampaign(t.ownerPool, tenant.tenantId, programId, {
      state: 'published',
      startsAt: new Date(Date.now() - 2 * day),
      endsAt: new Date(Date.now() - day),
    });
    const live = await insertCampaign(t.ownerPool, tenant.tenantId, programId, { state: 'published', ...window });
    await expectRefused((await reward({ campaignId: draft })).id, m, 409, 'campaign_not_active');
    await expectRefused((await reward({ campaignId: ended })).id, m, 409, 'campaign_not_active');
    expect((await redeem(t.app, auth(), m, (await reward({ campaignId: live })).id)).statusCode).toBe(201);
  });

  it('tier_required: tier-exclusive rewards for members of those tiers only', async () => {
    // Its own program, with thresholds that agree with the tiers set here should postings assign tiers.
    const p = await program(t.app, auth());
    const base = await insertTier(t.ownerPool, tenant.tenantId, p, 'Base', 0);
    const gold = await insertTier(t.ownerPool, tenant.tenantId, p, 'Gold', 500);
    const exclusive = await createReward(t.app, auth(), p, { tierIds: [gold] });
    const inTier = async (tierId: string, points: number) => {
      const m = await member(t.app, auth(), p);
      await earn(t.app, auth(), m, points);
      await setMemberTier(t.ownerPool, m, tierId);
      return m;
    };
    const baseMember = await inTier(base, 400);
    expect((await expectRefused(exclusive.id, baseMember, 409, 'tier_required')).details).toEqual({ tierIds: [gold] });
    expect((await redeem(t.app, auth(), await inTier(gold, 1000), exclusive.id)).statusCode).toBe(201);
  });

  it("not_eligible: the condition holds on the member's facts", async () => {
    const vipOnly = await reward({
      condition: {
        all: [
          { field: 'member.attributes.vip', op: 'eq', value: true },
          { field: 'member.lifetime_earned', op: 'gte', value: 500 },
        ],
      },
    });
    await expectRefused(vipOnly.id, await richMember(1000), 409, 'not_eligible');
    await expectRefused(vipOnly.id, await richMember(400, { attributes: { vip: true } }), 409, 'not_eligible');
    expect(
      (await redeem(t.app, auth(), await richMember(1000, { attributes: { vip: true } }), vipOnly.id)).statusCode,
    ).toBe(201);
  });

  it('redemption_limit_reached: cancelled redemptions do not count', async () => {
    const once = await reward({ perMemberLimit: 1, pointsCost: 50 });
    const m = await richMember(500);
    const first = (await redeem(t.app, auth(), m, once.id)).json().redemption;
    expect((await expectRefused(once.id, m, 409, 'redemption_limit_reached')).details).toEqual({
      limit: 1,
      redeemed: 1,
    });
    expect((await post(`/v1/redemptions/${first.id}/cancel`, { reason: 'changed mind' })).statusCode).toBe(200);
    expect((await redeem(t.app, auth(), m, once.id)).statusCode).toBe(201);
  });

  it('out_of_stock and insufficient_points', async () => {
    const m = await richMember(100);
    await expectRefused((await reward({ stock: 0 })).id, m, 409, 'out_of_stock');
    const dear = await reward({ pointsCost: 101, stock: 3 });
    expect((await expectRefused(dear.id, m, 409, 'insufficient_points')).details).toEqual({
      available: 100,
      requested: 101,
    });
    await expectConsistent(m, 100);
  });
});

describe('codes', () => {
  it('hands out one pooled code per redemption, fulfilled at once, until the pool is empty', async () => {
    const r = await reward({ type: 'digital', pointsCost: 10 });
    await post(`/v1/rewards/${r.id}/codes`, { codes: ['GIFT-1', 'GIFT-2', 'GIFT-3'] });
    const members = await Promise.all(Array.from({ length: 4 }, () => richMember(100)));
    const results = await Promise.all(members.map((m) => redeem(t.app, auth(), m, r.id)));
    const ok = results.filter((res) => res.statusCode === 201).map((res) => res.json().redemption);
    expect(ok.map((x) => x.code).sort()).toEqual(['GIFT-1', 'GIFT-2', 'GIFT-3']);
    expect(ok.every((x) => x.status === 'fulfilled' && x.resolvedAt !== null)).toBe(true);
    expect(results.filter((res) => res.statusCode === 409).map(errorCode)).toEqual(['out_of_stock']);
    expect((await get(`/v1/rewards/${r.id}/codes/summary`)).json()).toEqual({ total: 3, available: 0, assigned: 3 });
    const events = (await outboxEvents(t.ownerPool, tenant.tenantId)).filter((e) => e.data.rewardId === r.id);
    expect(events.map((e) => e.type).sort()).toEqual([
      ...Array(3).fill('redemption_fulfilled'),
      ...Array(3).fill('reward_redeemed'),
    ]);
    expect(JSON.stringify(events)).not.toContain('GIFT-');
    for (const m of members) await expectConsistent(m, ok.some((x) => x.memberId === m) ? 90 : 100);
  });

  it("applies the reward's stock as well as the pool", async () => {
    const r = await reward({ type: 'digital', pointsCost: 10, stock: 1 });
    await post(`/v1/rewards/${r.id}/codes`, { codes: ['S-1', 'S-2'] });
    const m = await richMember(100);
    expect((await redeem(t.app, auth(), m, r.id)).statusCode).toBe(201);
    expect(errorCode(await redeem(t.app, auth(), m, r.id))).toBe('out_of_stock');
    expect((await get(`/v1/rewards/${r.id}/codes/summary`)).json()).toEqual({ total: 2, available: 1, assigned: 1 });
  });

  it('generates unique coupon codes with the prefix and length, even for concurrent redemptions', async () => {
    const r = await reward({ type: 'coupon', pointsCost: 1, details: { codePrefix: 'SPRING-', codeLength: 6 } });
    const m = await richMember(100);
    const others = await Promise.all(Array.from({ length: 10 }, () => richMember(100)));
    const results = await Promise.all([...Array(30).fill(m), ...others].map((id) => redeem(t.app, auth(), id, r.id)));
    expect(results.map((res) => res.statusCode)).toEqual(Array(40).fill(201));
    const codes = results.map((res) => res.json().redemption.code as string);
    expect(new Set(codes).size).toBe(40);
    for (const code of codes) expect(code).toMatch(/^SPRING-[A-HJ-NP-Z2-9]{6}$/);
    expect(results.every((res) => res.json().redemption.status === 'fulfilled')).toBe(true);
    await expectConsistent(m, 70);
  });
});

describe('fulfilment and cancellation', () => {
  it('fulfils a pending redemption once', async () => {
    const r = await reward({ pointsCost: 20 });
    const m = await richMember(100);
    const { redemption } = (await redeem(t.app, auth(), m, r.id)).json();
    const done = await post(`/v1/redemptions/${redemption.id}/fulfil`);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ id: redemption.id, status: 'fulfilled', resolvedAt: expect.any(String) });
    const again = await post(`/v1/redemptions/${redemption.id}/fulfil`);
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('redemption_not_pending');
    expect(errorCode(await post(`/v1/redemptions/${redemption.id}/cancel`, { reason: 'too late' }))).toBe(
      'redemption_not_pending',
    );
    expect(await auditActions(t.ownerPool, tenant.tenantId, redemption.id)).toEqual(['redemption.fulfilled']);
    await expectConsistent(m, 80);
  });

  it('cancels a pending redemption: points refunded through the ledger, stock restored', async () => {
    const r = await reward({ pointsCost: 300, stock: 2 });
    const m = await richMember(1000);
    const { redemption } = (await redeem(t.app, auth(), m, r.id)).json();
    expect(await rewardStock(t.ownerPool, r.id)).toBe(1);
    const res = await post(`/v1/redemptions/${redemption.id}/cancel`, { reason: 'out of colour' });
    expect(res.statusCode).toBe(200);
    const { redemption: cancelled, balance } = res.json();
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      refundPostingId: expect.any(String),
      resolvedAt: expect.any(String),
    });
    expect(balance).toEqual({ available: 1000, pending: 0, lifetimeEarned: 1000, lifetimeRedeemed: 0 });
    expect(await rewardStock(t.ownerPool, r.id)).toBe(2);
    const refund = (await get(`/v1/postings/${cancelled.refundPostingId}`)).json();
    expect(refund).toMatchObject({
      kind: 'reverse',
      points: 300,
      reversesId: redemption.postingId,
      reason: 'out of colour',
    });
    const events = (await outboxEvents(t.ownerPool, tenant.tenantId)).filter(
      (e) => e.data.redemptionId === redemption.id,
    );
    expect(events.map((e) => e.type)).toEqual(['reward_redeemed', 'redemption_cancelled']);
    expect(await auditActions(t.ownerPool, tenant.tenantId, redemption.id)).toEqual(['redemption.cancelled']);
    expect(errorCode(await post(`/v1/redemptions/${redemption.id}/cancel`, { reason: 'twice' }))).toBe(
      'redemption_not_pending',
    );
    await expectConsistent(m, 1000);
  });

  it('keeps a delivered code: code redemptions are final', async () => {
    const r = await reward({ type: 'coupon', pointsCost: 10 });
    const m = await richMember(100);
    const { redemption } = (await redeem(t.app, auth(), m, r.id)).json();
    expect(errorCode(await post(`/v1/redemptions/${redemption.id}/cancel`, { reason: 'no' }))).toBe(
      'redemption_not_pending',
    );
  });

  it('answers 404 for unknown redemptions and other tenants', async () => {
    const r = await reward({ pointsCost: 10 });
    const m = await richMember(100);
    const { redemption } = (await redeem(t.app, auth(), m, r.id)).json();
    const other = await onboard(t.app);
    for (const [url, body] of [
      [`/v1/redemptions/${redemption.id}/cancel`, { reason: 'x' }],
      [`/v1/redemptions/${redemption.id}/fulfil`, undefined],
    ] as const) {
      const res = await t.app.inject({ method: 'POST', url, headers: other.auth, ...(body ? { payload: body } : {}) });
      expect(res.statusCode).toBe(404);
    }
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/redemptions/${redemption.id}`, headers: other.auth })).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: `/v1/members/${m}/redemptions`, headers: other.auth })).statusCode,
    ).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/v1/members/${m}/redemptions`,
          headers: other.auth,
          payload: { rewardId: r.id },
        })
      ).statusCode,
    ).toBe(404);
    expect(errorCode(await post(`/v1/redemptions/${randomUUID()}/cancel`, { reason: 'x' }))).toBe('not_found');
    expect((await get(`/v1/redemptions/${redemption.id}`)).json().status).toBe('pending');
  });
});

describe('reading', () => {
  it("pages a member's and a reward's redemptions newest first, filtered by status", async () => {
    const a = await reward({ pointsCost: 1 });
    const b = await reward({ pointsCost: 1 });
    const m = await richMember(100);
    const ids: string[] = [];
    for (const r of [a, b, a, a]) ids.push((await redeem(t.app, auth(), m, r.id)).json().redemption.id);
    await post(`/v1/redemptions/${ids[3]}/fulfil`);
    const p1 = (await get(`/v1/members/${m}/redemptions?limit=3`)).json();
    const p2 = (await get(`/v1/members/${m}/redemptions?limit=3&cursor=${p1.nextCursor}`)).json();
    expect([...p1.data, ...p2.data].map((x: { id: string }) => x.id)).toEqual([...ids].reverse());
    expect(p2.nextCursor).toBeNull();
    expect((await get(`/v1/rewards/${a.id}/redemptions`)).json().data.map((x: { id: string }) => x.id)).toEqual([
      ids[3],
      ids[2],
      ids[0],
    ]);
    expect(
      (await get(`/v1/rewards/${a.id}/redemptions?status=pending`)).json().data.map((x: { id: string }) => x.id),
    ).toEqual([ids[2], ids[0]]);
    expect(errorCode(await get(`/v1/members/${m}/redemptions?cursor=abc`))).toBe('validation_failed');
    expect(errorCode(await get(`/v1/members/${randomUUID()}/redemptions`))).toBe('not_found');
  });

  it("shows a member's catalogue with the verdict on each active reward", async () => {
    const p = await program(t.app, auth());
    const make = (body: Record<string, unknown>) => createReward(t.app, auth(), p, body);
    const ok = await make({ name: 'ok', pointsCost: 10 });
    const dear = await make({ name: 'dear', pointsCost: 5000 });
    const gone = await make({ name: 'gone', pointsCost: 20, stock: 0 });
    const pool = await make({ name: 'pool', type: 'digital', pointsCost: 30 });
    const once = await make({ name: 'once', pointsCost: 40, perMemberLimit: 1 });
    const later = await make({
      name: 'later',
      pointsCost: 50,
      validFrom: new Date(Date.now() + 86_400_000).toISOString(),
    });
    await make({ name: 'hidden', pointsCost: 1, active: false });
    const m = await member(t.app, auth(), p);
    await earn(t.app, auth(), m, 100);
    await redeem(t.app, auth(), m, once.id);
    const res = await get(`/v1/members/${m}/rewards`);
    expect(res.statusCode).toBe(200);
    const verdicts = res
      .json()
      .data.map((x: { reward: { id: string }; eligible: boolean; reason: { code: string } | null }) => [
        x.reward.id,
        x.eligible,
        x.reason?.code ?? null,
      ]);
    expect(verdicts).toEqual([
      [ok.id, true, null],
      [gone.id, false, 'out_of_stock'],
      [pool.id, false, 'out_of_stock'],
      [once.id, false, 'redemption_limit_reached'],
      [later.id, false, 'reward_not_yet_valid'],
      [dear.id, false, 'insufficient_points'],
    ]);
    await post(`/v1/rewards/${pool.id}/codes`, { codes: ['P-1'] });
    const eligible = (await get(`/v1/members/${m}/rewards?eligibleOnly=true`))
      .json()
      .data.map((x: { reward: { id: string } }) => x.reward.id);
    expect(eligible).toEqual([ok.id, pool.id]);
    expect((await get(`/v1/members/${m}/rewards?type=digital`)).json().data).toHaveLength(1);
  });
});
