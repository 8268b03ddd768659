import { randomBytes } from 'node:crypto';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { parseReportDefinition, segmentConditionSchema, toClickHouseSql, type Condition, type ReportDefinitionInput } from '@loyalty/shared';
import { ANALYTICS_SETTINGS } from '../../api/src/db/clickhouse.ts';
import { KPI_TOTALS_SQL, TOTAL_MEMBERS_SQL } from '../../api/src/modules/reports/reports.routes.ts';
import { MATCHING_MEMBERS_SQL } from '../../api/src/modules/segments/segment-evaluation.ts';
import { migrateClickHouse } from '../../clickhouse/src/migrations/migrate.ts';
import { compileReport } from '../../clickhouse/src/reports/index.ts';
import { dataSetPlan, generationStatements, type DataSetPlan, type PostingPath } from './analytics-data.ts';
import type { BenchConfig } from './bench-config.ts';
import { sampleLatency, type LatencySummary } from './latency.ts';

// (c) analytics query latency, the API's own SQL over a generated year of one big program:
//   - the dashboard KPIs: KPI_TOTALS_SQL + TOTAL_MEMBERS_SQL (reports.routes.ts) for 30 days,
//     both at once as the route sends them;                               target p50 ≤ 300 ms
//   - a custom report compiled by compileReport over the whole year;    target p50 ≤ 300 ms
//   - a dynamic segment over the members: toClickHouseSql inside MATCHING_MEMBERS_SQL
//     (segment-evaluation.ts), rows fetched as the API fetches them;     target p50 ≤ 1 s
// The data set is generated in ClickHouse itself (analytics-data.ts) into a database of its own.

const KPI_TARGET_MS = 300;
const REPORT_TARGET_MS = 300;
const SEGMENT_TARGET_MS = 1_000;
const WARM_UPS = 2;
const KEPT_DATABASE = 'loyalty_bench_analytics';
const DAY_MS = 86_400_000;

type Step = (message: string) => void;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** A segment marketing would build: valuable, recently active members who opted in, outside two cities. */
export const BENCH_SEGMENT: Condition = segmentConditionSchema.parse({
  all: [
    { any: [{ field: 'member.tier', op: 'in', value: ['Gold', 'Platinum'] }, { field: 'member.transaction_value', op: 'gte', value: 100_000 }] },
    { field: 'member.last_activity_at', op: 'within_days', value: 90 },
    { field: 'member.attributes.newsletter', op: 'eq', value: true },
    { not: { field: 'member.attributes.city', op: 'in', value: ['Marseille', 'Nice'] } },
  ],
});

/** Month × kind × actor type over the year, in the program's zone. */
function benchReport(plan: DataSetPlan): ReportDefinitionInput {
  return {
    dimensions: ['kind', 'status', 'actor_type'],
    measures: ['postings', 'points_issued', 'points_redeemed', 'net_points'],
    timeGrain: 'month',
    timezone: 'Europe/Paris',
    timeRange: { from: new Date(plan.startMs).toISOString(), to: new Date(plan.startMs + plan.spanMs).toISOString() },
    limit: 10_000,
  };
}

interface Measured { label: string; target: number; summary: LatencySummary }

export async function analyticsQueries(cfg: BenchConfig, env: Record<string, string>, step: Step): Promise<boolean> {
  const url = env.CLICKHOUSE_URL;
  if (!url) throw new Error('the stack env has no CLICKHOUSE_URL');
  const database = cfg.keepAnalyticsData ? KEPT_DATABASE : `loyalty_bench_analytics_${randomBytes(4).toString('hex')}`;
  // Whole days, so the KPI range and the report's months line up with the data.
  const endMs = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const admin = createClient({ url });
  const client = createClient({ url, database, request_timeout: 300_000 });
  step(`(c) analytics queries: ${fmt(cfg.analyticsPostings)} ledger entries, ${fmt(cfg.analyticsMembers)} members, database ${database}`);
  try {
    const plan = await prepareData(cfg, { url, database, admin, client, endMs }, step);
    const tenant = plan.tenants[0]!;
    const measured: Measured[] = [];
    const measure = async (label: string, target: number, run: () => Promise<string>) => {
      const summary = await sampleLatency(cfg.analyticsRuns, WARM_UPS, run);
      step(`  ${label}: p50 ${summary.p50.toFixed(0)} ms (${summary.detail})`);
      measured.push({ label, target, summary });
    };
    const rows = async (query: string, params: Record<string, unknown>, format: 'JSONEachRow' | 'JSONCompactEachRow' = 'JSONEachRow') => {
      const rs = await client.query({ query, query_params: params, format, clickhouse_settings: ANALYTICS_SETTINGS });
      return rs.json<unknown>();
    };

    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const kpiParams = { tenant: tenant.tenantId, program: tenant.programId, from: day(plan.startMs + plan.spanMs - 30 * DAY_MS), to: day(plan.startMs + plan.spanMs) };
    await measure('dashboard KPIs, 30 days (both queries, as the route)', KPI_TARGET_MS, async () => {
      const [totals, members] = await Promise.all([rows(KPI_TOTALS_SQL(true), kpiParams), rows(TOTAL_MEMBERS_SQL(true), kpiParams)]);
      const t = (totals as Record<string, unknown>[])[0]!;
      return `${fmt(Number(t.postings))} postings, ${fmt(Number(t.active_members))} active, ${fmt(Number((members as Record<string, unknown>[])[0]!.members))} members`;
    });
    await measure('  KPI totals alone (kpi_daily)', KPI_TARGET_MS, async () => `${(await rows(KPI_TOTALS_SQL(true), kpiParams)).length} row`);
    await measure('  total members alone (members FINAL)', KPI_TARGET_MS, async () => `${(await rows(TOTAL_MEMBERS_SQL(true), kpiParams)).length} row`);

    const parsed = parseReportDefinition(benchReport(plan));
    if (!parsed.ok) throw new Error(`bench report definition: ${JSON.stringify(parsed.issues)}`);
    const report = compileReport(parsed.definition, { tenantId: tenant.tenantId });
    await measure('custom report, 1 year: month × kind × status × actor_type', REPORT_TARGET_MS, async () => `${fmt((await rows(report.sql, report.params)).length)} rows`);

    const compiled = toClickHouseSql(BENCH_SEGMENT, { now: plan.startMs + plan.spanMs });
    const segmentParams = { ...compiled.params, tenant: tenant.tenantId, program: tenant.programId };
    await measure(`dynamic segment over ${fmt(tenant.members)} members`, SEGMENT_TARGET_MS, async () => {
      return `${fmt((await rows(MATCHING_MEMBERS_SQL(compiled.sql), segmentParams, 'JSONCompactEachRow')).length)} members matched`;
    });

    printTable(measured, cfg.analyticsRuns);
    return measured.every((m) => m.summary.p50 <= m.target);
  } finally {
    if (!cfg.keepAnalyticsData) await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
    else step(`  database ${database} kept (drop it with: DROP DATABASE ${database})`);
    await client.close();
    await admin.close();
  }
}

interface Target { url: string; database: string; admin: ClickHouseClient; client: ClickHouseClient; endMs: number }
const NUMBERS = { output_format_json_quote_64bit_integers: 0 } as const;

/**
 * A freshly migrated database holding the data set. With --keep-analytics-data a database
 * left by an earlier run is reused when it holds the same data set and needed no migration
 * (a new migration's tables would be empty there: derived tables only see later inserts).
 */
async function prepareData(cfg: BenchConfig, target: Target, step: Step): Promise<DataSetPlan> {
  const { url, database, admin, client } = target;
  const path: PostingPath = cfg.analyticsThroughEvents ? 'events' : 'ledger';
  const wanted = { members: cfg.analyticsMembers, postings: cfg.analyticsPostings, path };
  if (cfg.keepAnalyticsData) {
    const exists = await admin.query({
      query: "SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = 'bench_data_set'", query_params: { db: database }, format: 'JSONEachRow', clickhouse_settings: NUMBERS,
    });
    if ((await exists.json<{ n: number }>())[0]?.n === 1) {
      const { applied } = await migrateClickHouse({ url, database });
      const rs = await client.query({ query: 'SELECT members, postings, path, end_ms FROM bench_data_set', format: 'JSONEachRow', clickhouse_settings: NUMBERS });
      const kept = (await rs.json<{ members: number; postings: number; path: string; end_ms: number }>())[0];
      if (applied.length === 0 && kept && kept.members === wanted.members && kept.postings === wanted.postings && kept.path === path) {
        step(`  reusing the data set generated for ${new Date(kept.end_ms).toISOString().slice(0, 10)} in ${database}`);
        return dataSetPlan(wanted.members, wanted.postings, kept.end_ms);
      }
      step(`  ${database} holds another data set or needed migrations (${applied.join(', ') || 'none'}): generating again`);
    }
  }
  await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  const { applied } = await migrateClickHouse({ url, database });
  step(`  ClickHouse database migrated (${applied.length} migrations)`);
  const plan = dataSetPlan(wanted.members, wanted.postings, target.endMs);
  await generate(client, plan, path, step);
  await client.command({ query: 'CREATE TABLE bench_data_set (members UInt64, postings UInt64, path String, end_ms Int64) ENGINE = MergeTree ORDER BY tuple()' });
  await client.insert({ table: 'bench_data_set', values: [{ ...wanted, end_ms: target.endMs }], format: 'JSONEachRow' });
  return plan;
}

async function generate(client: ClickHouseClient, plan: DataSetPlan, path: PostingPath, step: Step): Promise<void> {
  const statements = generationStatements(plan, path);
  const began = performance.now();
  let lastReport = began;
  for (const [i, s] of statements.entries()) {
    await client.command({ query: s.sql });
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      step(`  generating: ${i + 1} of ${statements.length} statements done (${s.label})`);
    }
  }
  const seconds = (performance.now() - began) / 1000;
  const rs = await client.query({
    query: `SELECT (SELECT count() FROM ledger_entries FINAL) AS ledger_entries, (SELECT count() FROM ledger_entries) AS states,
                   (SELECT count() FROM members FINAL) AS members, (SELECT count() FROM segment_memberships) AS memberships`,
    format: 'JSONEachRow', clickhouse_settings: NUMBERS,
  });
  const n = (await rs.json<{ ledger_entries: number; states: number; members: number; memberships: number }>())[0]!;
  const tenants = plan.tenants.map((t) => `${fmt(t.postings)} postings / ${fmt(t.members)} members`).join('; ');
  const route = path === 'events' ? 'as events through the dedup stage and every view' : 'into ledger_entries (and the views it feeds), members as events';
  step(`  generated in ${seconds.toFixed(1)} s, ${route}: ${fmt(n.ledger_entries)} ledger entries (${fmt(n.states)} posting states inserted), `
    + `${fmt(n.members)} members, ${fmt(n.memberships)} segment memberships; tenants: ${tenants}`);
}

function printTable(measured: Measured[], runs: number): void {
  const pad = (s: string, n: number) => s.padEnd(n);
  const num = (ms: number) => `${ms.toFixed(0)} ms`.padStart(9);
  const width = Math.max(...measured.map((m) => m.label.length));
  console.log('');
  console.log(`  ${pad('query', width)}   ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}   target p50   (${runs} runs after ${WARM_UPS} warm-ups)`);
  for (const m of measured) {
    const { p50, p95, max } = m.summary;
    console.log(`  ${pad(m.label, width)}   ${num(p50)} ${num(p95)} ${num(max)}   ≤ ${fmt(m.target)} ms ${p50 <= m.target ? 'PASS' : 'MISS'}`);
  }
  console.log('');
}
