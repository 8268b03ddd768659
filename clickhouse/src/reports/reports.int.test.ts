import { parseReportDefinition, type ReportDefinitionInput } from '@loyalty/shared';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { insertEvents } from '../testing/analytics-queries.ts';
import {
  buildDemoScenario,
  OTHER_PROGRAM_ID,
  OTHER_TENANT_ID,
  PROGRAM_ID,
  TENANT_ID,
  type DemoScenario,
} from '../testing/demo-scenario.ts';
import { createKafkaLog } from '../testing/kafka-log.ts';
import { createLedgerSimulator } from '../testing/ledger-simulator.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { compileReport } from './compile-report.ts';
import { reportToCsv } from './report-csv.ts';

// Compiled reports against a migrated database fed the demo stream (demo-scenario.ts, whose
// numbers are worked out by hand) plus a second program of the same tenant whose earns straddle
// Europe/Paris's spring DST change (2026-03-29 01:00 UTC, CET +1 -> CEST +2).

const DST_PROGRAM_ID = '7e6d5c4b-3a29-4f18-9e07-d6c5b4a39281';
const RANGE = { from: '2026-03-28T00:00:00+01:00', to: '2026-04-02T00:00:00+02:00' };

let db: TestDatabase;
let demo: DemoScenario;
let dst: ReturnType<typeof createLedgerSimulator>;

beforeAll(async () => {
  db = await createTestDatabase(inject('stackEnv'), 'reports');
  demo = buildDemoScenario();
  dst = createLedgerSimulator(TENANT_ID, DST_PROGRAM_ID, '2026-03-28T20:00:00.000Z');
  const erin = dst.createMember('erin');
  const frank = dst.createMember('frank');
  dst.at('2026-03-28T22:30:00.000Z').earn(erin, 10); // Paris Sat 28 23:30 (UTC day 28)
  dst.at('2026-03-28T23:30:00.000Z').earn(erin, 20); // Paris Sun 29 00:30 (UTC day 28)
  dst.at('2026-03-29T21:30:00.000Z').earn(erin, 40); // Paris Sun 29 23:30, after the change (UTC day 29)
  dst.at('2026-03-29T22:30:00.000Z').earn(frank, 80); // Paris Mon 30 00:30 (UTC day 29)
  const rows = createKafkaLog().append([...demo.events, ...dst.events()]);
  for (let i = 0; i < rows.length; i += 7) await insertEvents(db.client, rows.slice(i, i + 7));
});
afterAll(() => db?.drop());

async function run(input: Omit<ReportDefinitionInput, 'timeRange'>, tenantId = TENANT_ID) {
  const parsed = parseReportDefinition({ timeRange: RANGE, ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const compiled = compileReport(parsed.definition, { tenantId, database: db.database });
  const result = await db.client.query({
    query: compiled.sql,
    query_params: compiled.params,
    format: 'JSONEachRow',
    // Test numbers are small: 64-bit integers as JSON numbers.
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return { rows: await result.json<Record<string, unknown>>(), columns: compiled.columns };
}

describe('compiled reports', () => {
  it('gives points issued per Paris day per program across the DST change', async () => {
    const { rows } = await run({
      dimensions: ['program'],
      measures: ['points_issued', 'postings'],
      timeGrain: 'day',
      timezone: 'Europe/Paris',
    });
    expect(rows).toEqual([
      { period: '2026-03-28', program: DST_PROGRAM_ID, points_issued: 10, postings: 1 },
      { period: '2026-03-29', program: DST_PROGRAM_ID, points_issued: 60, postings: 2 },
      { period: '2026-03-30', program: PROGRAM_ID, points_issued: 800, postings: 7 },
      { period: '2026-03-30', program: DST_PROGRAM_ID, points_issued: 80, postings: 1 },
      // By creation time: carol's hold opened 01:30 Paris on April 1 and was confirmed (300),
      // bob's opened at midnight Paris and was voided (nothing issued), plus carol's +25.
      { period: '2026-04-01', program: PROGRAM_ID, points_issued: 325, postings: 4 },
    ]);
  });

  it('buckets the same postings by UTC day differently', async () => {
    const { rows } = await run({
      measures: ['points_issued'],
      timeGrain: 'day',
      filters: { programIds: [DST_PROGRAM_ID] },
    });
    expect(rows).toEqual([
      { period: '2026-03-28', points_issued: 30 },
      { period: '2026-03-29', points_issued: 120 },
    ]);
  });

  it('labels hours with the offset in force', async () => {
    const { rows } = await run({
      measures: ['points_issued'],
      timeGrain: 'hour',
      timezone: 'Europe/Paris',
      filters: { programIds: [DST_PROGRAM_ID] },
    });
    expect(rows.map((r) => r.period)).toEqual([
      '2026-03-28T23:00:00+0100',
      '2026-03-29T00:00:00+0100',
      '2026-03-29T23:00:00+0200',
      '2026-03-30T00:00:00+0200',
    ]);
  });

  it('counts redemptions per reward, for this tenant only', async () => {
    const { rows } = await run({
      dimensions: ['reward'],
      measures: ['redemptions', 'points_redeemed'],
      filters: { kinds: ['redeem'] },
    });
    expect(rows).toEqual([
      { reward: '', redemptions: 1, points_redeemed: 50 },
      { reward: 'free-coffee', redemptions: 1, points_redeemed: 150 },
    ]);
    const other = await run(
      { dimensions: ['reward'], measures: ['redemptions', 'points_redeemed'], filters: { kinds: ['redeem'] } },
      OTHER_TENANT_ID,
    );
    expect(other.rows).toEqual([{ reward: 'free-coffee', redemptions: 1, points_redeemed: 99 }]);
  });

  it('counts active members per Monday week, in the report zone', async () => {
    expect((await run({ measures: ['active_members'], timeGrain: 'week', timezone: 'Europe/Paris' })).rows).toEqual([
      { period: '2026-03-23', active_members: 1 }, // erin
      { period: '2026-03-30', active_members: 4 }, // alice, bob, carol, frank
    ]);
    expect((await run({ measures: ['active_members'], timeGrain: 'week' })).rows).toEqual([
      { period: '2026-03-23', active_members: 2 }, // erin, frank (Sunday 22:30 UTC)
      { period: '2026-03-30', active_members: 3 },
    ]);
  });

  it('reconciles net points with the balances the ledger holds', async () => {
    const { rows } = await run({ dimensions: ['program'], measures: ['net_points'] });
    const balance = (sim: typeof dst, ids: string[]) => ids.reduce((s, id) => s + sim.balance(id).available, 0);
    const { alice, bob, carol } = demo.members;
    expect(rows).toEqual(
      [
        { program: PROGRAM_ID, net_points: balance(demo.sim, [alice, bob, carol]) },
        { program: DST_PROGRAM_ID, net_points: 150 },
      ].sort((a, b) => a.program.localeCompare(b.program)),
    );
  });

  it("never shows another tenant's rows, even when asked for its program", async () => {
    const all = await run({ dimensions: ['program'], measures: ['postings'] });
    expect(all.rows.map((r) => r.program).sort()).toEqual([PROGRAM_ID, DST_PROGRAM_ID].sort());
    expect((await run({ measures: ['postings'], filters: { programIds: [OTHER_PROGRAM_ID] } })).rows).toEqual([
      { postings: 0 },
    ]);
    const other = await run({ dimensions: ['program', 'member'], measures: ['postings'] }, OTHER_TENANT_ID);
    expect(other.rows).toEqual([{ program: OTHER_PROGRAM_ID, member: demo.members.dave, postings: 2 }]);
  });

  it('treats hostile strings as data', async () => {
    const hostile = "x') OR 1=1 UNION ALL SELECT * FROM system.tables --";
    const { rows } = await run({
      dimensions: ['reward'],
      measures: ['redemptions'],
      filters: { rewardIds: [hostile, "'"] },
    });
    expect(rows).toEqual([]);
  });

  it('filters on the latest state of a posting (after FINAL), not on replaced ones', async () => {
    // Both holds were pending once; their pending rows may still sit unmerged in the table.
    expect(
      (await run({ measures: ['postings'], dimensions: ['status'], filters: { statuses: ['pending'] } })).rows,
    ).toEqual([]);
  });

  it('passes even a hand-made hostile time zone to the server as data', async () => {
    const parsed = parseReportDefinition({ timeRange: RANGE, measures: ['postings'], timeGrain: 'day' });
    if (!parsed.ok) throw new Error('unreachable');
    const compiled = compileReport(
      { ...parsed.definition, timezone: "UTC') FROM system.tables --" },
      { tenantId: TENANT_ID, database: db.database },
    );
    await expect(
      db.client.query({ query: compiled.sql, query_params: compiled.params, format: 'JSONEachRow' }),
    ).rejects.toThrow(/time zone/i);
  });

  it('filters by status and points, and averages per posted posting', async () => {
    const { rows } = await run({
      dimensions: ['kind', 'status'],
      measures: ['postings', 'avg_points_per_posting'],
      filters: { programIds: [PROGRAM_ID], points: { min: 0 } },
    });
    expect(rows).toEqual([
      { kind: 'adjust', status: 'posted', postings: 1, avg_points_per_posting: 25 },
      // alice 500 + 100, bob 200, carol's confirmed hold 300; bob's voided hold is not posted.
      { kind: 'earn', status: 'posted', postings: 4, avg_points_per_posting: 275 },
      { kind: 'earn', status: 'voided', postings: 0, avg_points_per_posting: null },
      { kind: 'reverse', status: 'posted', postings: 1, avg_points_per_posting: 50 },
    ]);
  });

  it('exports a report as CSV', async () => {
    const { rows, columns } = await run({
      dimensions: ['reward'],
      measures: ['redemptions'],
      filters: { kinds: ['redeem'] },
    });
    expect(reportToCsv(columns, rows)).toBe('reward,redemptions\r\n,1\r\nfree-coffee,1\r\n');
  });
});
