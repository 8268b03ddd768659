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
import {
  liveCampaignsForProgram,
  lockCampaignBudgets,
  participationCounts,
  recordParticipations,
} from './campaigns.earn.ts';

// The earn-time functions run in plain pg transactions, as the posting path runs them.

let t: TestApp;
let tenant: TenantSession;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await onboard(t.app);
  auth = (await apiKey(t.app, tenant, ['campaigns:read', 'campaigns:write', 'segments:write', 'members:write'])).auth;
});
afterAll(() => t?.close());

const req = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.pool, tenant.tenantId, fn);
const HOUR = 3_600_000;

async function campaign(pid: string, body: object, opts: { publish?: boolean } = { publish: true }): Promise<string> {
  const res = await req('POST', `/v1/programs/${pid}/campaigns`, {
    name: 'C',
    bonus: { type: 'fixed', points: 10 },
    ...body,
  });
  if (res.statusCode !== 201) throw new Error(`campaign creation failed: ${res.body}`);
  const id = res.json().id;
  if (opts.publish) expect((await req('POST', `/v1/campaigns/${id}/publish`)).statusCode).toBe(200);
  return id;
}
/** The earn path's protocol: lock the budget, give the bonus only if it fits, record it. */
const participate = (campaignId: string, memberId: string, bonusPoints: number) =>
  inTenant(async (tx) => {
    const remaining = (await lockCampaignBudgets(tx, [campaignId])).get(campaignId);
    if (remaining !== undefined && remaining < bonusPoints) return false;
    await recordParticipations(tx, {
      tenantId: tenant.tenantId,
      memberId,
      postingId: null,
      orderId: null,
      awards: [{ campaignId, points: bonusPoints }],
    });
    return true;
  });

describe('liveCampaignsForProgram', () => {
  it('returns published, undeleted campaigns with the instant in [startsAt, endsAt), in the calculator shape', async () => {
    const pid = await program(t.app, tenant.auth);
    const segment = (await req('POST', `/v1/programs/${pid}/segments`, { name: 'S', kind: 'static' })).json().id;
    const january = await campaign(pid, {
      name: 'January',
      startsAt: '2030-01-01T00:00:00Z',
      endsAt: '2030-02-01T00:00:00Z',
      segmentIds: [segment],
      condition: { field: 'transaction.amount', op: 'gte', value: 500 },
      bonus: { type: 'multiplier', multiplier: 1.5 },
      maxParticipationsPerMember: 2,
      budgetPoints: 1000,
    });
    const lateJanuary = await campaign(pid, {
      name: 'Late January',
      startsAt: '2030-01-15T00:00:00Z',
      endsAt: '2030-03-01T00:00:00Z',
    });
    await campaign(pid, { startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-03-01T00:00:00Z' }, { publish: false });
    const cancelled = await campaign(pid, { startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-03-01T00:00:00Z' });
    await req('POST', `/v1/campaigns/${cancelled}/cancel`);
    const deleted = await campaign(pid, { startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-03-01T00:00:00Z' });
    expect((await req('DELETE', `/v1/campaigns/${deleted}`)).statusCode).toBe(204);
    // Another program's campaign never shows.
    await campaign(await program(t.app, tenant.auth), {
      startsAt: '2030-01-01T00:00:00Z',
      endsAt: '2030-03-01T00:00:00Z',
    });

    const liveAt = async (at: string) =>
      (await inTenant((tx) => liveCampaignsForProgram(tx, pid, new Date(at)))).map((c) => c.name);
    expect(await liveAt('2029-12-31T23:59:59.999Z')).toEqual([]);
    expect(await liveAt('2030-01-01T00:00:00Z')).toEqual(['January']);
    expect(await liveAt('2030-01-20T12:00:00Z')).toEqual(['January', 'Late January']);
    expect(await liveAt('2030-02-01T00:00:00Z')).toEqual(['Late January']);
    expect(await liveAt('2030-03-01T00:00:00Z')).toEqual([]);

    const [first, second] = await inTenant((tx) => liveCampaignsForProgram(tx, pid, new Date('2030-01-20T00:00:00Z')));
    expect(first).toEqual({
      id: january,
      name: 'January',
      startsAt: new Date('2030-01-01T00:00:00Z'),
      endsAt: new Date('2030-02-01T00:00:00Z'),
      condition: { field: 'transaction.amount', op: 'gte', value: 500 },
      segmentIds: [segment],
      bonus: { type: 'multiplier', multiplier: 1.5 },
      maxParticipationsPerMember: 2,
      budgetRemaining: 1000,
    });
    expect(second).toEqual({
      id: lateJanuary,
      name: 'Late January',
      startsAt: new Date('2030-01-15T00:00:00Z'),
      endsAt: new Date('2030-03-01T00:00:00Z'),
      segmentIds: [],
      bonus: { type: 'fixed', points: 10 },
      maxParticipationsPerMember: null,
      budgetRemaining: null,
    });
  });

  it("sees no other tenant's campaigns", async () => {
    const pid = await program(t.app, tenant.auth);
    await campaign(pid, { startsAt: '2030-01-01T00:00:00Z', endsAt: '2030-03-01T00:00:00Z' });
    const other = await onboard(t.app);
    expect(
      await withTenant(t.pool, other.tenantId, (tx) =>
        liveCampaignsForProgram(tx, pid, new Date('2030-02-01T00:00:00Z')),
      ),
    ).toEqual([]);
  });
});

describe('participations', () => {
  it('counts participations per member and campaign, zero included', async () => {
    const pid = await program(t.app, tenant.auth);
    const [a, b] = [await member(t.app, auth, pid), await member(t.app, auth, pid)];
    const c1 = await campaign(pid, {
      startsAt: new Date(Date.now() - HOUR).toISOString(),
      endsAt: '2030-01-01T00:00:00Z',
    });
    const c2 = await campaign(pid, {
      startsAt: new Date(Date.now() - HOUR).toISOString(),
      endsAt: '2030-01-01T00:00:00Z',
    });
    for (const [c, m] of [
      [c1, a],
      [c1, a],
      [c1, b],
      [c2, b],
    ] as const)
      expect(await participate(c, m, 10)).toBe(true);
    const counts = await inTenant((tx) => participationCounts(tx, a, [c1, c2]));
    expect([...counts]).toEqual([
      [c1, 2],
      [c2, 0],
    ]);
    expect(await inTenant((tx) => participationCounts(tx, b, []))).toEqual(new Map());

    // Without a budget the campaign row is never touched; the view counts the participations.
    expect(
      (await t.ownerPool.query('SELECT bonus_awarded FROM campaigns WHERE id = $1', [c1])).rows[0].bonus_awarded,
    ).toBe('0');
    expect((await req('GET', `/v1/campaigns/${c1}/stats`)).json()).toEqual({
      participants: 2,
      participations: 3,
      bonusAwarded: 30,
      budgetRemaining: null,
    });
    expect((await req('GET', `/v1/campaigns/${c1}`)).json()).toMatchObject({
      status: 'active',
      participants: 2,
      bonusAwarded: 30,
    });

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { memberId: string }[]; nextCursor: string | null } = (
        await req('GET', `/v1/campaigns/${c1}/participations?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      pages.push(page.data.map((p) => p.memberId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([[a, a], [b]]);
    const mine = (await req('GET', `/v1/campaigns/${c1}/participations?memberId=${b}`)).json();
    expect(mine.data).toEqual([
      expect.objectContaining({ memberId: b, bonusPoints: 10, postingId: null, orderId: null }),
    ]);
  });

  it('consumes a budget exactly under concurrency: 50 earns of 10 against 200 give 20 bonuses', async () => {
    const pid = await program(t.app, tenant.auth);
    const members = await Promise.all(Array.from({ length: 5 }, () => member(t.app, auth, pid)));
    const c = await campaign(pid, {
      startsAt: new Date(Date.now() - HOUR).toISOString(),
      endsAt: '2030-01-01T00:00:00Z',
      budgetPoints: 200,
    });
    const outcomes = await Promise.all(Array.from({ length: 50 }, (_, i) => participate(c, members[i % 5]!, 10)));
    expect(outcomes.filter(Boolean)).toHaveLength(20);
    const row = (
      await t.ownerPool.query(
        'SELECT bonus_awarded, (SELECT count(*)::int FROM campaign_participations WHERE campaign_id = $1) AS n FROM campaigns WHERE id = $1',
        [c],
      )
    ).rows[0];
    expect(row).toEqual({ bonus_awarded: '200', n: 20 });
    expect((await req('GET', `/v1/campaigns/${c}/stats`)).json()).toEqual({
      participants: 5,
      participations: 20,
      bonusAwarded: 200,
      budgetRemaining: 0,
    });
    // Spent out: nothing more is written.
    expect(await participate(c, members[0]!, 1)).toBe(false);
    expect(
      (await t.ownerPool.query('SELECT count(*)::int AS n FROM campaign_participations WHERE campaign_id = $1', [c]))
        .rows[0].n,
    ).toBe(20);
    // Nor can the budget shrink below what was awarded.
    const shrink = await t.app.inject({
      method: 'PATCH',
      url: `/v1/campaigns/${c}`,
      headers: auth,
      payload: { budgetPoints: 150 },
    });
    expect(shrink.statusCode).toBe(409);
    expect(shrink.json().error.details).toMatchObject({ reason: 'budget_below_awarded', bonusAwarded: 200 });
  });

  it('gives the last of a budget to a bonus that fits it and refuses one that does not', async () => {
    const pid = await program(t.app, tenant.auth);
    const m = await member(t.app, auth, pid);
    const c = await campaign(pid, {
      startsAt: new Date(Date.now() - HOUR).toISOString(),
      endsAt: '2030-01-01T00:00:00Z',
      budgetPoints: 25,
    });
    expect(await participate(c, m, 20)).toBe(true);
    expect(await participate(c, m, 6)).toBe(false);
    expect(await participate(c, m, 5)).toBe(true);
    const [live] = await inTenant((tx) => liveCampaignsForProgram(tx, pid, new Date()));
    expect(live!.budgetRemaining).toBe(0);
  });

  it('lets an earn lock budgeted campaigns so that a concurrent one waits for it', async () => {
    const pid = await program(t.app, tenant.auth);
    const m = await member(t.app, auth, pid);
    const c = await campaign(pid, {
      startsAt: new Date(Date.now() - HOUR).toISOString(),
      endsAt: '2030-01-01T00:00:00Z',
      budgetPoints: 100,
    });
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = inTenant(async (tx) => {
      const remaining = (await lockCampaignBudgets(tx, [c])).get(c)!;
      await held;
      order.push('first');
      await recordParticipations(tx, {
        tenantId: tenant.tenantId,
        memberId: m,
        postingId: null,
        orderId: null,
        awards: [{ campaignId: c, points: remaining }],
      });
      return remaining;
    });
    await new Promise((r) => setTimeout(r, 100));
    const second = inTenant(async (tx) => {
      const remaining = (await lockCampaignBudgets(tx, [c])).get(c);
      order.push('second');
      return remaining;
    });
    await new Promise((r) => setTimeout(r, 100));
    release();
    expect(await first).toBe(100);
    // The second earn read the budget only after the first one had spent all of it.
    expect(await second).toBe(0);
    expect(order).toEqual(['first', 'second']);
  });
});
