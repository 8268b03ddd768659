import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { eventEnvelopeSchema } from '@loyalty/shared';
import { migrateClickHouse } from '@loyalty/clickhouse/migrations';
import { toEventRow } from '@loyalty/clickhouse/events-table';
import { withTenant } from '../../db/tenant-tx.ts';
import { loadMemberFacts } from '../members/member-facts.ts';
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

// Segment evaluation through HTTP: postings made through the API, their outbox events copied into
// ClickHouse the way the sink writes them, the condition evaluated there, the membership
// materialized into Postgres and published back to ClickHouse.

let t: TestApp;
let ch: ClickHouseClient;
let tenant: TenantSession;
let key: { auth: { authorization: string } };
let programId: string;
let copiedUpTo = 0;
const ids: Record<'a' | 'b' | 'c' | 'd', string> = { a: '', b: '', c: '', d: '' };

/** What the sink would have done by now: every new outbox event of the tenant into ClickHouse. */
async function sync() {
  const { rows } = await t.ownerPool.query(
    'SELECT id, payload FROM outbox WHERE tenant_id = $1 AND id > $2 ORDER BY id',
    [tenant.tenantId, copiedUpTo],
  );
  if (rows.length === 0) return;
  await ch.insert({
    table: 'events',
    format: 'JSONEachRow',
    values: rows.map((r) => toEventRow(eventEnvelopeSchema.parse(r.payload), { partition: 0, offset: Number(r.id) })),
  });
  copiedUpTo = Number(rows.at(-1)!.id);
}

const post = (url: string, payload: object = {}, headers = tenant.auth) =>
  t.app.inject({ method: 'POST', url, headers, payload });
const evaluate = (segmentId: string, session = tenant) => post(`/v1/segments/${segmentId}/evaluate`, {}, session.auth);
async function segment(body: object): Promise<string> {
  const res = await post(`/v1/programs/${programId}/segments`, { name: 'segment', ...body });
  if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json().id;
}
const sorted = (...xs: string[]) => [...xs].sort();
const ruleRows = async (segmentId: string) =>
  (
    await t.ownerPool.query(
      "SELECT member_id::text FROM segment_members WHERE segment_id = $1 AND source = 'rule' ORDER BY 1",
      [segmentId],
    )
  ).rows.map((r) => r.member_id);

beforeAll(async () => {
  t = await createTestApp();
  await migrateClickHouse({ url: t.config.CLICKHOUSE_URL!, database: t.config.CLICKHOUSE_DATABASE });
  ch = createClient({ url: t.config.CLICKHOUSE_URL!, database: t.config.CLICKHOUSE_DATABASE });
  tenant = await onboard(t.app);
  key = await apiKey(t.app, tenant, ['members:write', 'points:earn', 'points:redeem']);
  programId = await program(t.app, tenant.auth);
  for (const [name, points] of [
    ['a', 500],
    ['b', 100],
    ['c', 800],
    ['d', 50],
  ] as const) {
    ids[name] = await member(t.app, key.auth, programId);
    await post(`/v1/members/${ids[name]}/points/earn`, { points }, key.auth);
  }
  await sync();
});
afterAll(async () => {
  await ch?.close();
  await t?.close();
});

describe('dynamic segments', () => {
  it('materializes the members the condition selects, then only the difference', async () => {
    const s = await segment({ kind: 'dynamic', condition: { field: 'member.balance', op: 'gte', value: 200 } });
    const first = await evaluate(s);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ segmentId: s, matched: 2, added: 2, removed: 0, members: 2 });
    expect(await ruleRows(s)).toEqual(sorted(ids.a, ids.c));
    // The earn-time lookup sees it at once.
    const facts = await withTenant(t.pool, tenant.tenantId, (tx) => loadMemberFacts(tx, ids.a));
    expect(facts!.segments.has(s)).toBe(true);

    await post(`/v1/members/${ids.a}/points/redeem`, { points: 400 }, key.auth);
    await sync();
    const second = (await evaluate(s)).json();
    expect(second).toMatchObject({ matched: 1, added: 0, removed: 1, members: 1 });
    expect(await ruleRows(s)).toEqual([ids.c]);
    const again = (await evaluate(s)).json();
    expect(again).toMatchObject({ matched: 1, added: 0, removed: 0, members: 1 });
    const view = (await t.app.inject({ method: 'GET', url: `/v1/segments/${s}`, headers: tenant.auth })).json();
    expect(view.evaluatedAt).toBe(again.evaluatedAt);
  });

  it('combines a hybrid condition with its includes and excludes', async () => {
    const s = await segment({ kind: 'hybrid', condition: { field: 'member.balance', op: 'gte', value: 100 } });
    await post(`/v1/segments/${s}/members`, { memberIds: [ids.d] });
    await post(`/v1/segments/${s}/excludes`, { memberIds: [ids.c] });
    const result = (await evaluate(s)).json();
    expect(result).toMatchObject({ matched: 3, members: 3 });
    const { data } = (
      await t.app.inject({ method: 'GET', url: `/v1/segments/${s}/members?limit=50`, headers: tenant.auth })
    ).json();
    expect(data.map((m: { memberId: string }) => m.memberId).sort()).toEqual(sorted(ids.a, ids.b, ids.d));
  });

  it('publishes every kind of segment to ClickHouse and compares them side by side', async () => {
    const big = await segment({
      kind: 'dynamic',
      condition: { field: 'member.lifetime_earned', op: 'gte', value: 400 },
    });
    const curated = await segment({ kind: 'static' });
    await post(`/v1/segments/${curated}/members`, { memberIds: [ids.b, ids.d] });
    expect((await evaluate(big)).json()).toMatchObject({ members: 2 });
    expect((await evaluate(curated)).json()).toMatchObject({ matched: 0, members: 2 });

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const res = await post('/v1/reports/segment-comparison', { segmentIds: [big, curated], from: today, to: tomorrow });
    expect(res.statusCode).toBe(200);
    const [a, b] = res.json().data;
    expect(a).toMatchObject({
      segmentId: big,
      kind: 'dynamic',
      members: 2,
      lifetimeEarned: 1300,
      lifetimeRedeemed: 400,
      activeMembers: 2,
    });
    expect(a.redemptionRate).toBeCloseTo(400 / 1300);
    expect(b).toMatchObject({
      segmentId: curated,
      kind: 'static',
      members: 2,
      lifetimeEarned: 150,
      lifetimeRedeemed: 0,
      averageBalance: 75,
    });
  });

  it("answers 404 for another tenant's segment, and refuses bad comparison requests", async () => {
    const s = await segment({ kind: 'dynamic', condition: { field: 'member.balance', op: 'gte', value: 1 } });
    const other = await onboard(t.app);
    expect(errorCode(await evaluate(s, other))).toBe('not_found');
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(
      errorCode(await post('/v1/reports/segment-comparison', { segmentIds: [s, s], from: today, to: tomorrow })),
    ).toBe('validation_failed');
    const theirs = await post(
      '/v1/reports/segment-comparison',
      { segmentIds: [s, crypto.randomUUID()], from: today, to: tomorrow },
      other.auth,
    );
    expect(errorCode(theirs)).toBe('not_found');
  });
});
