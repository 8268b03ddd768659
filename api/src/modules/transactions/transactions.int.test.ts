import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../../db/tenant-tx.ts';
import { createLedgerService } from '../ledger/ledger.service.ts';
import {
  apiKey,
  createTestApp,
  errorCode,
  member,
  onboard,
  program,
  type TenantSession,
  type TestApp,
} from '../../testing/test-app.ts';

// The transaction endpoint through HTTP against real Postgres: rules, tier and campaign bonuses,
// idempotency on the merchant's order id, proportional refunds and approval periods.

let t: TestApp;
let tenant: TenantSession;
let key: { auth: { authorization: string } };

beforeAll(async () => {
  t = await createTestApp();
  tenant = await onboard(t.app);
  key = await apiKey(t.app, tenant, [
    'members:write',
    'members:read',
    'points:earn',
    'points:read',
    'points:reverse',
    'points:redeem',
    'points:expire',
  ]);
});
afterAll(() => t?.close());

const now = () => new Date().toISOString();
const post = (url: string, payload: unknown, auth: Record<string, string> = key.auth) =>
  t.app.inject({ method: 'POST', url, headers: auth, payload: payload as object });
const purchase = (amount: number, extra: Record<string, unknown> = {}) => ({
  amount,
  currency: 'EUR',
  occurredAt: now(),
  ...extra,
});
const buy = (
  programId: string,
  memberId: string,
  amount: number,
  extra: Record<string, unknown> = {},
  orderId: string = randomUUID(),
) => post(`/v1/programs/${programId}/transactions`, { memberId, orderId, purchase: purchase(amount, extra) });

async function configured(p: string, url: string, body: Record<string, unknown>): Promise<string> {
  const res = await post(`/v1/programs/${p}/${url}`, body, tenant.auth);
  if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json().id;
}
const rule = (p: string, body: Record<string, unknown>) => configured(p, 'rules', { name: 'rule', ...body });
const tenPercent = { kind: { type: 'percentage', percent: 10, rounding: 'floor' } };

async function liveCampaign(p: string, body: Record<string, unknown>): Promise<string> {
  const id = await configured(p, 'campaigns', {
    name: 'double points',
    startsAt: new Date(Date.now() - 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 86_400_000).toISOString(),
    ...body,
  });
  const published = await post(`/v1/campaigns/${id}/publish`, {}, tenant.auth);
  if (published.statusCode !== 200) throw new Error(`publish: ${published.statusCode} ${published.body}`);
  return id;
}

async function count(table: string, where = 'tenant_id = $1'): Promise<number> {
  const { rows } = await t.ownerPool.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, [tenant.tenantId]);
  return rows[0].n;
}

describe('recording a purchase', () => {
  let p: string;
  beforeAll(async () => {
    p = await program(t.app, tenant.auth);
    await rule(p, tenPercent);
    await rule(p, {
      name: 'coffee bonus',
      kind: { type: 'fixed', points: 5 },
      condition: { field: 'transaction.category', op: 'eq', value: 'coffee' },
    });
  });

  it('evaluates the rules, posts the earn and returns the breakdown', async () => {
    const m = await member(t.app, key.auth, p);
    const res = await buy(
      p,
      m,
      12_345,
      {
        lines: [
          { sku: 'latte', category: 'coffee', quantity: 1, amount: 345 },
          { sku: 'mug', category: 'goods', quantity: 1, amount: 12_000 },
        ],
      },
      'order-1',
    );
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.breakdown.points).toBe(12 + 5);
    expect(body.breakdown.lines.map((l: { source: string; points: number }) => [l.source, l.points])).toEqual([
      ['rule', 12],
      ['rule', 5],
    ]);
    expect(body.order).toMatchObject({
      orderId: 'order-1',
      memberId: m,
      status: 'completed',
      amount: 12_345,
      points: 17,
      pending: false,
    });
    expect(body.posting).toMatchObject({ kind: 'earn', status: 'posted', points: 17, orderId: 'order-1' });
    expect(body.posting.metadata).toMatchObject({ orderId: body.order.id, amount: 12_345, currency: 'EUR' });
    expect(body.balance.available).toBe(17);
    const got = await t.app.inject({ method: 'GET', url: `/v1/programs/${p}/orders/order-1`, headers: key.auth });
    expect(got.json().order.id).toBe(body.order.id);
  });

  it("is idempotent on the merchant's order id: a resend answers 200 with the first result, other details are a 409", async () => {
    const m = await member(t.app, key.auth, p);
    const orderId = randomUUID();
    const body = { memberId: m, orderId, purchase: purchase(5_000) };
    const first = await post(`/v1/programs/${p}/transactions`, body);
    const again = await post(`/v1/programs/${p}/transactions`, body);
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json().order.id).toBe(first.json().order.id);
    expect(again.json().balance.available).toBe(5);
    const changed = await post(`/v1/programs/${p}/transactions`, {
      ...body,
      purchase: { ...body.purchase, amount: 5_001 },
    });
    expect(errorCode(changed)).toBe('order_conflict');
  });

  it('posts one earn when the same order arrives 20 times at once', async () => {
    const m = await member(t.app, key.auth, p);
    const body = { memberId: m, orderId: randomUUID(), purchase: purchase(10_000) };
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(`/v1/programs/${p}/transactions`, body)));
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(19);
    const { rows } = await t.ownerPool.query(
      'SELECT count(*)::int AS n, sum(points)::int AS points FROM postings WHERE member_id = $1',
      [m],
    );
    expect(rows[0]).toEqual({ n: 1, points: 10 });
  });

  it("lists a member's orders, newest first, a page at a time", async () => {
    const m = await member(t.app, key.auth, p);
    for (const amount of [1_000, 2_000, 3_000]) expect((await buy(p, m, amount)).statusCode).toBe(201);
    const get = (q: string) => t.app.inject({ method: 'GET', url: `/v1/members/${m}/orders${q}`, headers: key.auth });
    const first = (await get('?limit=2')).json();
    expect(first.data.map((o: { amount: number }) => o.amount)).toEqual([3_000, 2_000]);
    const second = (await get(`?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toMatchObject({ data: [{ amount: 1_000, points: 1 }], nextCursor: null });
    expect(errorCode(await get('?cursor=nope'))).toBe('validation_failed');
    expect(
      errorCode(await t.app.inject({ method: 'GET', url: `/v1/members/${randomUUID()}/orders`, headers: key.auth })),
    ).toBe('not_found');
  });

  it('applies a rule change to the very next purchase (the compiled rules are cached by version)', async () => {
    const q = await program(t.app, tenant.auth);
    const ruleId = await rule(q, tenPercent);
    const m = await member(t.app, key.auth, q);
    expect((await buy(q, m, 10_000)).json().breakdown.points).toBe(10);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/rules/${ruleId}`,
      headers: tenant.auth,
      payload: { active: false },
    });
    expect(patched.statusCode).toBe(200);
    expect((await buy(q, m, 10_000)).json().breakdown.points).toBe(0);
  });

  it('treats ids the same in any letter case', async () => {
    const m = await member(t.app, key.auth, p);
    const body = { memberId: m, orderId: randomUUID(), purchase: purchase(1_000) };
    expect((await post(`/v1/programs/${p}/transactions`, body)).statusCode).toBe(201);
    const shouted = await post(`/v1/programs/${p.toUpperCase()}/transactions`, { ...body, memberId: m.toUpperCase() });
    expect(shouted.statusCode).toBe(200);
  });

  it('finds the member by external id', async () => {
    const externalId = `ext-${randomUUID()}`;
    const m = await member(t.app, key.auth, p, { externalId });
    const res = await post(`/v1/programs/${p}/transactions`, {
      memberExternalId: externalId,
      orderId: randomUUID(),
      purchase: purchase(2_000),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().order.memberId).toBe(m);
  });

  it('simulates without writing anything', async () => {
    const m = await member(t.app, key.auth, p);
    const before = [await count('postings'), await count('orders'), await count('outbox')];
    const res = await post(`/v1/programs/${p}/transactions/simulate`, {
      memberId: m,
      purchase: purchase(3_000, { category: 'coffee' }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().breakdown.points).toBe(3 + 5);
    expect([await count('postings'), await count('orders'), await count('outbox')]).toEqual(before);
  });

  it('earns nothing from rules in another currency, and says why', async () => {
    const m = await member(t.app, key.auth, p);
    const res = await buy(p, m, 10_000, { currency: 'USD' });
    expect(res.statusCode).toBe(201);
    expect(res.json().breakdown.points).toBe(0);
    expect(res.json().posting).toBeNull();
    expect(res.json().breakdown.skipped.every((s: { reason: string }) => s.reason === 'currency')).toBe(true);
  });

  it('refuses bad input with a 4xx and writes nothing', async () => {
    const m = await member(t.app, key.auth, p);
    const other = await onboard(t.app);
    const otherProgram = await program(t.app, other.auth);
    const before = [await count('postings'), await count('orders')];
    const cases: [unknown, string][] = [
      [
        { memberId: m, orderId: 'x', purchase: purchase(100, { lines: [{ quantity: 1, amount: 99 }] }) },
        'validation_failed',
      ],
      [
        {
          memberId: m,
          orderId: 'x',
          purchase: purchase(100, { occurredAt: new Date(Date.now() + 86_400_000).toISOString() }),
        },
        'validation_failed',
      ],
      [{ memberId: m, orderId: 'x', purchase: purchase(-1) }, 'validation_failed'],
      [{ memberId: m, orderId: '', purchase: purchase(100) }, 'validation_failed'],
      [{ memberId: m, memberExternalId: 'a', orderId: 'x', purchase: purchase(100) }, 'validation_failed'],
      [{ orderId: 'x', purchase: purchase(100) }, 'validation_failed'],
      [{ memberId: randomUUID(), orderId: 'x', purchase: purchase(100) }, 'not_found'],
      [{ memberExternalId: 'nobody', orderId: 'x', purchase: purchase(100) }, 'not_found'],
    ];
    for (const [body, code] of cases) expect(errorCode(await post(`/v1/programs/${p}/transactions`, body))).toBe(code);
    // Another tenant's program, and a member of a program that is not the one named.
    expect(errorCode(await buy(otherProgram, m, 100))).toBe('not_found');
    const secondProgram = await program(t.app, tenant.auth);
    expect(errorCode(await buy(secondProgram, m, 100))).toBe('not_found');
    expect([await count('postings'), await count('orders')]).toEqual(before);
  });
});

describe("conditions on the member's history", () => {
  it('sees past orders and redemptions at earn time', async () => {
    const p = await program(t.app, tenant.auth);
    await rule(p, tenPercent);
    await rule(p, {
      name: 'regulars',
      kind: { type: 'fixed', points: 7 },
      condition: {
        all: [
          { field: 'member.transaction_count', op: 'gte', value: 2 },
          { field: 'member.transaction_value', op: 'gte', value: 2_000 },
          { field: 'member.last_activity_at', op: 'within_days', value: 1 },
        ],
      },
    });
    const m = await member(t.app, key.auth, p);
    expect((await buy(p, m, 1_000)).json().breakdown.points).toBe(1);
    expect((await buy(p, m, 1_000)).json().breakdown.points).toBe(1);
    // The third order: two before it, worth 2,000 together, the last one today.
    expect((await buy(p, m, 1_000)).json().breakdown.points).toBe(1 + 7);
  });
});

describe('tier and campaign bonuses', () => {
  it('applies the tier multiplier once the member reached the tier, and live campaign bonuses', async () => {
    const p = await program(t.app, tenant.auth);
    await rule(p, tenPercent);
    await configured(p, 'tiers', { name: 'Gold', threshold: 10, benefits: { multiplier: 1.5 } });
    const m = await member(t.app, key.auth, p);
    expect((await buy(p, m, 10_000)).json().breakdown.points).toBe(10);
    const campaign = await liveCampaign(p, { bonus: { type: 'multiplier', multiplier: 2 } });
    const second = (await buy(p, m, 10_000)).json();
    expect(second.breakdown).toMatchObject({ basePoints: 10, tierBonus: 5, campaignBonus: 10, points: 25 });
    const { rows } = await t.ownerPool.query(
      'SELECT bonus_points::int FROM campaign_participations WHERE campaign_id = $1',
      [campaign],
    );
    expect(rows).toEqual([{ bonus_points: 10 }]);
  });

  it('never spends more than a campaign budget, even under concurrent purchases', async () => {
    const p = await program(t.app, tenant.auth);
    await rule(p, tenPercent);
    const campaign = await liveCampaign(p, { bonus: { type: 'fixed', points: 7 }, budgetPoints: 100 });
    const members = await Promise.all(Array.from({ length: 30 }, () => member(t.app, key.auth, p)));
    const answers = await Promise.all(members.map((m) => buy(p, m, 1_000)));
    expect(answers.every((r) => r.statusCode === 201)).toBe(true);
    const bonus = answers.reduce((s, r) => s + r.json().breakdown.campaignBonus, 0);
    expect(bonus).toBe(100);
    const { rows } = await t.ownerPool.query('SELECT bonus_awarded::int FROM campaigns WHERE id = $1', [campaign]);
    expect(rows[0].bonus_awarded).toBe(100);
  });
});

describe('refunds', () => {
  let p: string;
  beforeAll(async () => {
    p = await program(t.app, tenant.auth);
    await rule(p, tenPercent);
  });
  const refund = (orderId: string, body: Record<string, unknown> = {}) =>
    post(`/v1/programs/${p}/orders/${orderId}/refund`, body);

  it('takes points back in proportion, and exactly all of them over partial refunds', async () => {
    const m = await member(t.app, key.auth, p);
    const orderId = randomUUID();
    await buy(p, m, 10_000, {}, orderId);
    const first = await refund(orderId, { amount: 3_333 });
    expect(first.statusCode).toBe(201);
    expect(first.json().refund).toMatchObject({ amount: 3_333, points: 3, unrecoverablePoints: 0 });
    expect(first.json().order).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 3_333,
      pointsReversed: 3,
    });
    const rest = (await refund(orderId)).json();
    expect(rest.refund).toMatchObject({ amount: 6_667, points: 7 });
    expect(rest.order).toMatchObject({ status: 'refunded', pointsReversed: 10 });
    expect(rest.balance.available).toBe(0);
    expect(errorCode(await refund(orderId, { amount: 1 }))).toBe('refund_exceeds_order');
  });

  it('reports the points a member already spent as unrecoverable', async () => {
    const m = await member(t.app, key.auth, p);
    const orderId = randomUUID();
    await buy(p, m, 10_000, {}, orderId);
    expect((await post(`/v1/members/${m}/points/redeem`, { points: 8 })).statusCode).toBe(201);
    const res = (await refund(orderId)).json();
    expect(res.refund).toMatchObject({ points: 2, unrecoverablePoints: 8 });
    expect(res.balance.available).toBe(0);
  });

  it("sends the generic ledger routes to the order's refund instead", async () => {
    const m = await member(t.app, key.auth, p);
    const posting = (await buy(p, m, 10_000)).json().posting;
    const res = await post(`/v1/postings/${posting.id}/reverse`, { points: 1, reason: 'returned' });
    expect(errorCode(res)).toBe('posting_not_reversible');
    expect(res.json().error.message).toContain('/refund');
    // A posting that is no order's earn is still reversible there.
    const plain = (await post(`/v1/members/${m}/points/earn`, { points: 5 })).json().posting;
    expect((await post(`/v1/postings/${plain.id}/reverse`, { points: 5, reason: 'mistake' })).statusCode).toBe(201);
  });

  it('refuses unknown orders and amounts beyond the order', async () => {
    expect(errorCode(await refund('no-such-order'))).toBe('not_found');
    const m = await member(t.app, key.auth, p);
    const orderId = randomUUID();
    await buy(p, m, 500, {}, orderId);
    expect(errorCode(await refund(orderId, { amount: 501 }))).toBe('refund_exceeds_order');
    expect(errorCode(await refund(orderId, { amount: 0 }))).toBe('validation_failed');
  });
});

describe('approval periods', () => {
  it('holds points for the return window, shrinks the hold on a refund, confirms it when the window ends', async () => {
    const p = await program(t.app, tenant.auth);
    await rule(p, { ...tenPercent, approvalDays: 14 });
    const m = await member(t.app, key.auth, p);
    const orderId = randomUUID();
    const res = (await buy(p, m, 10_000, {}, orderId)).json();
    expect(res.posting).toMatchObject({ status: 'pending', onDeadline: 'confirm', points: 10 });
    expect(res.order.pending).toBe(true);
    expect(res.balance).toMatchObject({ available: 0, pending: 10 });
    const refunded = (await post(`/v1/programs/${p}/orders/${orderId}/refund`, { amount: 4_000 })).json();
    expect(refunded.refund.points).toBe(4);
    expect(refunded.balance).toMatchObject({ available: 0, pending: 6 });
    expect(refunded.order.confirmsAt).toBe(res.order.confirmsAt);

    // Fifteen days on, the sweep confirms the hold instead of voiding it.
    const later = createLedgerService(() => new Date(Date.now() + 15 * 86_400_000));
    const principal = {
      tenantId: tenant.tenantId,
      actor: { type: 'system' as const, id: 'test' },
      permissions: new Set<never>(),
    };
    const swept = await withTenant(t.pool, tenant.tenantId, (tx) => later.expireProgram(tx, principal, p));
    expect(swept).toMatchObject({ holdsConfirmed: 1, holdsVoided: 0 });
    const balance = (await t.app.inject({ method: 'GET', url: `/v1/members/${m}/balance`, headers: key.auth })).json();
    expect(balance).toMatchObject({ available: 6, pending: 0 });
  });
});
