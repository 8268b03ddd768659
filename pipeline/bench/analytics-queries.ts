import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { createClient } from '@clickhouse/client';
import {
  parseReportDefinition,
  segmentConditionSchema,
  toClickHouseSql,
  type Condition,
  type ReportDefinitionInput,
} from '@loyalty/shared';
import { analyticsSettings, DEFAULT_ANALYTICS_LIMITS } from '../../api/src/db/analytics-limits.ts';
import { KPI_TOTALS_SQL, TOTAL_MEMBERS_SQL } from '../../api/src/modules/reports/reports.routes.ts';
import { MATCHING_MEMBERS_SQL } from '../../api/src/modules/segments/segment-evaluation.ts';
import { compileReport } from '../../clickhouse/src/reports/index.ts';
import type { DataSetPlan } from './analytics-data.ts';
import { prepareAnalyticsData } from './analytics-setup.ts';
import type { BenchConfig } from './bench-config.ts';
import { sampleLatency, type LatencySummary } from './latency.ts';

// (c) analytics query latency: the API's own SQL, sent as the API sends it (its settings, its
// result format, rows parsed by the client), over a generated year of one big program:
//   - the dashboard KPIs: KPI_TOTALS_SQL + TOTAL_MEMBERS_SQL (reports.routes.ts) for 30 days,
//     both at once as the route sends them;                               target p50 ≤ 300 ms
//   - a custom report compiled by compileReport over the whole year;    target p50 ≤ 300 ms
//   - a dynamic segment over the members: toClickHouseSql inside MATCHING_MEMBERS_SQL
//     (segment-evaluation.ts), matching ids fetched;                      target p50 ≤ 1 s
// The data set is generated in ClickHouse itself (analytics-data.ts, analytics-setup.ts).

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
    {
      any: [
        { field: 'member.tier', op: 'in', value: ['Gold', 'Platinum'] },
        { field: 'member.transaction_value', op: 'gte', value: 100_000 },
      ],
    },
    { field: 'member.last_activity_at', op: 'within_days', value: 90 },
    { field: 'member.attributes.newsletter', op: 'eq', value: true },
    { not: { field: 'member.attributes.city', op: 'in', value: ['Marseille', 'Nice'] } },
  ],
});

/** Three dimensions by month over the year, in the program's zone. */
export function benchReport(plan: DataSetPlan): ReportDefinitionInput {
  return {
    dimensions: ['kind', 'status', 'actor_type'],
    measures: ['postings', 'points_issued', 'points_redeemed', 'net_points'],
    timeGrain: 'month',
    timezone: 'Europe/Paris',
    timeRange: { from: new Date(plan.startMs).toISOString(), to: new Date(plan.startMs + plan.spanMs).toISOString() },
    limit: 10_000,
  };
}

/** A row of the table; informational rows show a variant and carry no target. */
interface Measured {
  label: string;
  target?: number;
  summary: LatencySummary;
}

export async function analyticsQueries(cfg: BenchConfig, env: Record<string, string>, step: Step): Promise<boolean> {
  const url = env.CLICKHOUSE_URL;
  if (!url) throw new Error('the stack env has no CLICKHOUSE_URL');
  const database = cfg.keepAnalyticsData ? KEPT_DATABASE : `loyalty_bench_analytics_${randomBytes(4).toString('hex')}`;
  // Whole days, so the KPI range and the report's months line up with the data.
  const endMs = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const admin = createClient({ url, request_timeout: 60_000 });
  const client = createClient({ url, database, request_timeout: 60_000 });
  step(
    `(c) analytics queries: ${fmt(cfg.analyticsPostings)} ledger entries, ${fmt(cfg.analyticsMembers)} members, database ${database}`,
  );
  try {
    const plan = await prepareAnalyticsData(cfg, { url, database, admin, client, endMs }, step);
    const tenant = plan.tenants[0]!;
    const measured: Measured[] = [];
    const measure = async (label: string, target: number | undefined, run: () => Promise<string>) => {
      const summary = await sampleLatency(cfg.analyticsRuns, WARM_UPS, run);
      step(`  ${label.trim()}: p50 ${summary.p50.toFixed(0)} ms (${summary.detail})`);
      measured.push({ label, target, summary });
    };
    const rows = async (
      query: string,
      params: Record<string, unknown>,
      format: 'JSONEachRow' | 'JSONCompactEachRow' = 'JSONEachRow',
    ) => {
      // The API's settings for the same kind of read (a member list is not capped in rows).
      const kind = format === 'JSONCompactEachRow' ? 'members' : 'report';
      const clickhouse_settings = analyticsSettings(DEFAULT_ANALYTICS_LIMITS, kind);
      const rs = await client.query({ query, query_params: params, format, clickhouse_settings });
      return rs.json<Record<string, unknown>>();
    };
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(1))
        .join(' ');
    const loadBefore = load();

    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const end = plan.startMs + plan.spanMs;
    const kpiParams = {
      tenant: tenant.tenantId,
      program: tenant.programId,
      from: day(end - 30 * DAY_MS),
      to: day(end),
    };
    await measure('dashboard KPIs, 30 days (both queries at once, as the route)', KPI_TARGET_MS, async () => {
      const [[totals], [members]] = await Promise.all([
        rows(KPI_TOTALS_SQL(true), kpiParams),
        rows(TOTAL_MEMBERS_SQL(true), kpiParams),
      ]);
      return `${fmt(Number(totals!.postings))} postings, ${fmt(Number(totals!.active_members))} active, ${fmt(Number(members!.members))} members`;
    });
    await measure(
      '  KPI totals alone (kpi_daily)',
      undefined,
      async () => `${fmt(Number((await rows(KPI_TOTALS_SQL(true), kpiParams))[0]!.points_issued))} points issued`,
    );
    await measure(
      '  total members alone (members FINAL)',
      undefined,
      async () => `${fmt(Number((await rows(TOTAL_MEMBERS_SQL(true), kpiParams))[0]!.members))} members`,
    );

    const parsed = parseReportDefinition(benchReport(plan));
    if (!parsed.ok) throw new Error(`bench report definition: ${JSON.stringify(parsed.issues)}`);
    const report = compileReport(parsed.definition, { tenantId: tenant.tenantId });
    const reportLabel = `custom report, 1 year, month × kind × status × actor_type (${report.source === 'rollup' ? 'report_postings_15m' : 'ledger_entries FINAL'})`;
    await measure(
      reportLabel,
      REPORT_TARGET_MS,
      async () => `${fmt((await rows(report.sql, report.params)).length)} rows`,
    );
    if (report.source === 'rollup') {
      const ledger = compileReport(parsed.definition, { tenantId: tenant.tenantId, source: 'ledger' });
      await measure(
        '  the same report from ledger_entries FINAL',
        undefined,
        async () => `${fmt((await rows(ledger.sql, ledger.params)).length)} rows`,
      );
    }

    const compiled = toClickHouseSql(BENCH_SEGMENT, { now: end });
    const segmentParams = { ...compiled.params, tenant: tenant.tenantId, program: tenant.programId };
    await measure(
      `dynamic segment over ${fmt(tenant.members)} members (member_features_v)`,
      SEGMENT_TARGET_MS,
      async () => {
        return `${fmt((await rows(MATCHING_MEMBERS_SQL(compiled.sql), segmentParams, 'JSONCompactEachRow')).length)} members matched`;
      },
    );

    printTable(
      measured,
      cfg.analyticsRuns,
      `load average ${loadBefore} before, ${load()} after (1, 5, 15 min; 2 cores shared with whatever else runs)`,
    );
    return measured.every((m) => m.target === undefined || m.summary.p50 <= m.target);
  } finally {
    if (!cfg.keepAnalyticsData)
      await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => undefined);
    else
      step(`  database ${database} kept for the next run with --keep-analytics-data (or: DROP DATABASE ${database})`);
    await client.close();
    await admin.close();
  }
}

function printTable(measured: Measured[], runs: number, note: string): void {
  const num = (ms: number) => `${ms.toFixed(0)} ms`.padStart(9);
  const width = Math.max(...measured.map((m) => m.label.length));
  console.log('');
  console.log(
    `  ${'query'.padEnd(width)}   ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'max'.padStart(9)}   target (p50)`,
  );
  for (const m of measured) {
    const { p50, p95, max } = m.summary;
    const verdict = m.target === undefined ? '' : `≤ ${fmt(m.target)} ms ${p50 <= m.target ? 'PASS' : 'MISS'}`;
    console.log(`  ${m.label.padEnd(width)}   ${num(p50)} ${num(p95)} ${num(max)}   ${verdict}`);
  }
  console.log(`  ${runs} runs per query after ${WARM_UPS} warm-ups, one at a time; ${note}`);
  console.log('');
}
