import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { eventEnvelopeSchema } from '@loyalty/shared';
import { migrateClickHouse } from '@loyalty/clickhouse/migrations';
import { toEventRow } from '@loyalty/clickhouse/events-table';
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

// Reports through HTTP: postings made through the API, their outbox events copied into
// ClickHouse the way the sink writes them, then queried with a custom report.

let t: TestApp;
let ch: ClickHouseClient;
let tenant: TenantSession;
let other: TenantSession;

const day = 86_400_000;
const definition = {
  measures: ['points_issued', 'points_redeemed', 'postings'],
  timeGrain: 'day',
  timeRange: { from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() },
  timezone: 'Europe/Paris',
};

beforeAll(async () => {
  t = await createTestApp();
  const url = t.config.CLICKHOUSE_URL!;
  await migrateClickHouse({ url, database: t.config.CLICKHOUSE_DATABASE });
  ch = createClient({ url, database: t.config.CLICKHOUSE_DATABASE });
  tenant = await onboard(t.app);
  other = await onboard(t.app);
  const key = await apiKey(t.app, tenant, ['members:write', 'points:earn', 'points:redeem']);
  const p = await program(t.app, tenant.auth);
  const [a, b] = [await member(t.app, key.auth, p), await member(t.app, key.auth, p)];
  for (const [m, points] of [
    [a, 100],
    [b, 50],
  ] as const) {
    await t.app.inject({ method: 'POST', url: `/v1/members/${m}/points/earn`, headers: key.auth, payload: { points } });
  }
  await t.app.inject({
    method: 'POST',
    url: `/v1/members/${a}/points/redeem`,
    headers: key.auth,
    payload: { points: 30 },
  });
  const { rows } = await t.ownerPool.query('SELECT id, payload FROM outbox WHERE tenant_id = $1 ORDER BY id', [
    tenant.tenantId,
  ]);
  await ch.insert({
    table: 'events',
    format: 'JSONEachRow',
    values: rows.map((r) => toEventRow(eventEnvelopeSchema.parse(r.payload), { partition: 0, offset: Number(r.id) })),
  });
});
afterAll(async () => {
  await ch?.close();
  await t?.close();
});

const query = (session: TenantSession, body: object, format = '') =>
  t.app.inject({ method: 'POST', url: `/v1/reports/query${format}`, headers: session.auth, payload: body });

describe('custom reports', () => {
  it("answers the caller's totals per day", async () => {
    const res = await query(tenant, definition);
    expect(res.statusCode).toBe(200);
    const { columns, rows } = res.json();
    expect(columns.map((c: { name: string }) => c.name)).toEqual([
      'period',
      'points_issued',
      'points_redeemed',
      'postings',
    ]);
    const total = (k: string) => rows.reduce((s: number, r: Record<string, number>) => s + Number(r[k]), 0);
    expect([total('points_issued'), total('points_redeemed'), total('postings')]).toEqual([150, 30, 3]);
  });

  it("never shows another tenant's postings", async () => {
    const res = await query(other, definition);
    expect(res.statusCode).toBe(200);
    expect(res.json().rows).toEqual([]);
  });

  it('exports CSV', async () => {
    const res = await query(tenant, { ...definition, timeGrain: 'none' }, '?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body.split('\r\n')[0]).toBe('points_issued,points_redeemed,postings');
    expect(res.body).toContain('150,30,3');
  });

  it('refuses a bad definition with the path of the problem', async () => {
    const res = await query(tenant, {
      ...definition,
      measures: ['points_issued'],
      timeRange: { from: definition.timeRange.to, to: definition.timeRange.from },
    });
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('validation_failed');
    expect(res.json().error.details.issues[0].path).toBe('timeRange.to');
  });

  it('answers the headline KPIs from the real-time rollups', async () => {
    // A day either side, so a run that crosses midnight still covers the postings.
    const today = new Date(Date.now() - day).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 2 * day).toISOString().slice(0, 10);
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/reports/kpis?from=${today}&to=${tomorrow}`,
      headers: tenant.auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      totalMembers: 2,
      activeMembers: 2,
      pointsIssued: 150,
      pointsRedeemed: 30,
      pointsExpired: 0,
      redemptionRate: 0.2,
      postings: 3,
      redemptions: 1,
    });
    const theirs = await t.app.inject({
      method: 'GET',
      url: `/v1/reports/kpis?from=${today}&to=${tomorrow}`,
      headers: other.auth,
    });
    expect(theirs.json()).toMatchObject({ totalMembers: 0, pointsIssued: 0, redemptionRate: null });
    expect(
      errorCode(
        await t.app.inject({
          method: 'GET',
          url: `/v1/reports/kpis?from=${tomorrow}&to=${today}`,
          headers: tenant.auth,
        }),
      ),
    ).toBe('validation_failed');
  });

  it('saves reports privately or shared within the tenant, and runs them', async () => {
    const analystKey = await apiKey(t.app, tenant, ['reports:read', 'reports:write']);
    const save = (auth: Record<string, string>, body: object) =>
      t.app.inject({ method: 'POST', url: '/v1/reports/saved', headers: auth, payload: body });
    const mine = (await save(tenant.auth, { name: 'Mine', definition })).json();
    const shared = (
      await save(tenant.auth, { name: 'Team', definition: { ...definition, timeGrain: 'none' }, shared: true })
    ).json();
    expect(mine).toMatchObject({ name: 'Mine', shared: false, mine: true });
    const seenByKey = (await t.app.inject({ method: 'GET', url: '/v1/reports/saved', headers: analystKey.auth })).json()
      .data;
    expect(seenByKey.map((r: { name: string }) => r.name)).toEqual(['Team']);
    expect(
      (await t.app.inject({ method: 'POST', url: `/v1/reports/saved/${mine.id}/run`, headers: analystKey.auth }))
        .statusCode,
    ).toBe(404);
    const ran = await t.app.inject({
      method: 'POST',
      url: `/v1/reports/saved/${shared.id}/run?format=csv`,
      headers: analystKey.auth,
    });
    expect(ran.body).toContain('150,30,3');
    expect(
      errorCode(
        await t.app.inject({ method: 'DELETE', url: `/v1/reports/saved/${shared.id}`, headers: analystKey.auth }),
      ),
    ).toBe('forbidden');
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/v1/reports/saved/${mine.id}`,
          headers: tenant.auth,
          payload: { shared: true },
        })
      ).json().shared,
    ).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/v1/reports/saved', headers: other.auth })).json().data).toEqual(
      [],
    );
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/v1/reports/saved/${mine.id}`, headers: tenant.auth })).statusCode,
    ).toBe(204);
    expect(errorCode(await save(tenant.auth, { name: 'Bad', definition: { ...definition, measures: [] } }))).toBe(
      'validation_failed',
    );
  });

  it('stops a report past its limits with a 422 that says which, leaving the next one alone', async () => {
    const limited = await createTestApp({ ANALYTICS_REPORT_MAX_ROWS: '1' });
    try {
      const byMember = { ...definition, timeGrain: 'none', dimensions: ['member'] };
      const res = await limited.app.inject({
        method: 'POST',
        url: '/v1/reports/query',
        headers: tenant.auth,
        payload: byMember,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({
        code: 'query_too_expensive',
        details: { limit: 'TOO_MANY_ROWS_OR_BYTES' },
      });
      expect(res.json().error.message).toContain('more than the 1 rows a report may have');
      const totals = await limited.app.inject({
        method: 'POST',
        url: '/v1/reports/query',
        headers: tenant.auth,
        payload: { ...definition, timeGrain: 'none' },
      });
      expect(totals.statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('needs the reports:read permission', async () => {
    const key = await apiKey(t.app, tenant, ['points:read']);
    expect((await query({ ...tenant, auth: key.auth }, definition)).statusCode).toBe(403);
  });
});
