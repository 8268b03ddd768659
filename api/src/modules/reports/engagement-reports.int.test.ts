import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { EventEnvelope } from '@loyalty/shared';
import { migrateClickHouse } from '@loyalty/clickhouse/migrations';
import { toEventRow } from '@loyalty/clickhouse/events-table';
import { createLedgerSimulator } from '@loyalty/clickhouse/testing/ledger-simulator';
import { createTestApp, errorCode, onboard, type TenantSession, type TestApp } from '../../testing/test-app.ts';

// Retention cohorts and campaign participation through HTTP, over months of history written to
// ClickHouse as the sink would write it (the ledger simulator mirrors the API's events).

let t: TestApp;
let ch: ClickHouseClient;
let tenant: TenantSession;
let other: TenantSession;
const program = randomUUID();
const [campaignX, campaignY] = [randomUUID(), randomUUID()];
let offset = 1_000_000;

async function insert(events: readonly EventEnvelope[]) {
  await ch.insert({
    table: 'events',
    format: 'JSONEachRow',
    values: events.map((e) => toEventRow(e, { partition: 0, offset: offset++ })),
  });
}

function order(
  tenantId: string,
  memberId: string,
  at: string,
  campaigns: { campaignId: string; points: number }[],
): EventEnvelope {
  return {
    id: randomUUID(),
    type: 'order_created',
    tenantId,
    programId: program,
    memberId,
    occurredAt: at,
    data: { campaigns },
  };
}

beforeAll(async () => {
  t = await createTestApp();
  await migrateClickHouse({ url: t.config.CLICKHOUSE_URL!, database: t.config.CLICKHOUSE_DATABASE });
  ch = createClient({ url: t.config.CLICKHOUSE_URL!, database: t.config.CLICKHOUSE_DATABASE });
  tenant = await onboard(t.app);
  other = await onboard(t.app);

  // January cohort: a, b, c; February cohort: d. a comes back in February and March, b in March.
  const sim = createLedgerSimulator(tenant.tenantId, program, '2026-01-05T10:00:00Z');
  const [a, b, c] = ['a', 'b', 'c'].map((x) => sim.createMember(x));
  for (const m of [a!, b!, c!]) sim.earn(m, 100);
  const d = sim.at('2026-02-10T10:00:00Z').createMember('d');
  sim.earn(d, 50);
  sim.redeem(a!, 30);
  sim.at('2026-03-15T10:00:00Z').earn(a!, 10);
  sim.earn(b!, 10);
  sim.earn(d, 10);
  await insert(sim.events());
  await insert([
    order(tenant.tenantId, a!, '2026-01-05T10:00:00Z', [{ campaignId: campaignX, points: 10 }]),
    order(tenant.tenantId, b!, '2026-01-06T10:00:00Z', [
      { campaignId: campaignX, points: 5 },
      { campaignId: campaignY, points: 20 },
    ]),
    order(tenant.tenantId, c!, '2026-01-07T10:00:00Z', []),
    order(tenant.tenantId, d, '2026-02-10T10:00:00Z', [{ campaignId: campaignY, points: 7 }]),
  ]);
  // Another tenant's history in the same months must not show.
  const theirs = createLedgerSimulator(other.tenantId, program, '2026-01-05T10:00:00Z');
  theirs.earn(theirs.createMember('z'), 100);
  await insert(theirs.events());
});
afterAll(async () => {
  await ch?.close();
  await t?.close();
});

const get = (session: TenantSession, url: string) => t.app.inject({ method: 'GET', url, headers: session.auth });

describe('retention cohorts', () => {
  it('counts, per cohort, the members active in each later month', async () => {
    const res = await get(tenant, '/v1/reports/retention?from=2026-01-01&to=2026-04-01');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      grain: 'month',
      cohorts: [
        {
          cohort: '2026-01-01',
          size: 3,
          periods: [
            { period: 0, members: 3, rate: 1, partial: false },
            { period: 1, members: 1, rate: 1 / 3, partial: false },
            { period: 2, members: 2, rate: 2 / 3, partial: false },
          ],
        },
        {
          cohort: '2026-02-01',
          size: 1,
          periods: [
            { period: 0, members: 1, rate: 1, partial: false },
            { period: 1, members: 1, rate: 1, partial: false },
          ],
        },
      ],
    });
  });

  it('restricts cohorts to the range, and refuses a bad one', async () => {
    const feb = (await get(tenant, '/v1/reports/retention?from=2026-02-01&to=2026-03-01')).json();
    expect(feb.cohorts.map((c: { cohort: string }) => c.cohort)).toEqual(['2026-02-01']);
    expect(errorCode(await get(tenant, '/v1/reports/retention?from=2026-03-01&to=2026-01-01'))).toBe(
      'validation_failed',
    );
    expect(errorCode(await get(tenant, '/v1/reports/retention?from=2026-01-01&to=2026-03-01&grain=day'))).toBe(
      'validation_failed',
    );
  });

  it('marks the periods that have not ended yet as partial', async () => {
    // Relative to the real clock: last month's cohort comes back now; this month's cohort is new.
    const recent = await onboard(t.app);
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 2, 10));
    const sim = createLedgerSimulator(recent.tenantId, program, lastMonth.toISOString());
    const old = sim.createMember('old');
    sim.earn(old, 10);
    sim.at(now.toISOString()).earn(old, 10);
    sim.earn(sim.createMember('new'), 10);
    await insert(sim.events());
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const range = `from=${day(lastMonth).slice(0, 8)}01&to=${day(new Date(now.getTime() + 86_400_000))}`;

    const monthly = (await get(recent, `/v1/reports/retention?${range}`)).json();
    expect(monthly.cohorts).toEqual([
      {
        cohort: `${day(lastMonth).slice(0, 8)}01`,
        size: 1,
        periods: [
          { period: 0, members: 1, rate: 1, partial: false },
          { period: 1, members: 1, rate: 1, partial: true },
        ],
      },
      { cohort: `${day(now).slice(0, 8)}01`, size: 1, periods: [{ period: 0, members: 1, rate: 1, partial: true }] },
    ]);
    const weekly = (await get(recent, `/v1/reports/retention?${range}&grain=week`)).json();
    const periods = weekly.cohorts.flatMap((c: { periods: { partial: boolean }[] }) => c.periods);
    // Only the weeks holding now are running: the new member's first and the old member's last.
    expect(periods.filter((p: { partial: boolean }) => p.partial)).toHaveLength(2);
    expect(periods.at(-1).partial).toBe(true);
  });

  it('shows another tenant only its own cohorts', async () => {
    const theirs = (await get(other, '/v1/reports/retention?from=2026-01-01&to=2026-04-01')).json();
    expect(theirs.cohorts).toEqual([
      { cohort: '2026-01-01', size: 1, periods: [{ period: 0, members: 1, rate: 1, partial: false }] },
    ]);
  });
});

describe('campaign participation', () => {
  it('reports participants, qualifying orders and bonus points per campaign, and the participation rate', async () => {
    const jan = (await get(tenant, '/v1/reports/campaigns?from=2026-01-01&to=2026-02-01')).json();
    expect(jan).toEqual({
      data: [
        { campaignId: campaignY, participants: 1, participations: 1, bonusPoints: 20 },
        { campaignId: campaignX, participants: 2, participations: 2, bonusPoints: 15 },
      ],
      activeMembers: 3,
      campaignParticipants: 2,
      participationRate: 2 / 3,
    });
    const all = (await get(tenant, '/v1/reports/campaigns?from=2026-01-01&to=2026-03-01')).json();
    expect(all.data.find((c: { campaignId: string }) => c.campaignId === campaignY)).toEqual({
      campaignId: campaignY,
      participants: 2,
      participations: 2,
      bonusPoints: 27,
    });
    expect((await get(other, '/v1/reports/campaigns?from=2026-01-01&to=2026-03-01')).json()).toEqual({
      data: [],
      activeMembers: 0,
      campaignParticipants: 0,
      participationRate: null,
    });
  });
});
