import type { ClickHouseClient } from '@clickhouse/client';
import { migrateClickHouse } from '../../clickhouse/src/migrations/migrate.ts';
import { dataSetPlan, generationStatements, type DataSetPlan, type PostingPath } from './analytics-data.ts';
import type { BenchConfig } from './bench-config.ts';

// The analytics bench's database: created, migrated with the real migrations, filled with the
// generated data set (analytics-data.ts), then left to finish its background merges, as a year
// of data would be; or, with --keep-analytics-data, the one an earlier run left.

type Step = (message: string) => void;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const NUMBERS = { output_format_json_quote_64bit_integers: 0 } as const;
/** Merges of the freshly generated parts would compete with the measured queries for the two cores. */
const MERGE_WAIT_MS = 120_000;

export interface AnalyticsTarget {
  url: string;
  database: string;
  /** No default database: creates and drops it. */
  admin: ClickHouseClient;
  client: ClickHouseClient;
  /** The data set ends here (a UTC midnight). */
  endMs: number;
}

/**
 * A freshly migrated database holding the data set. With --keep-analytics-data a database
 * left by an earlier run is reused when it holds the same data set and needed no migration
 * (a new migration's tables would be empty there: derived tables only see later inserts).
 */
export async function prepareAnalyticsData(
  cfg: BenchConfig,
  target: AnalyticsTarget,
  step: Step,
): Promise<DataSetPlan> {
  const { url, database, admin, client } = target;
  const path: PostingPath = cfg.analyticsIntoLedger ? 'ledger' : 'events';
  const wanted = { members: cfg.analyticsMembers, postings: cfg.analyticsPostings, path };
  if (cfg.keepAnalyticsData) {
    const exists = await admin.query({
      query: "SELECT count() AS n FROM system.tables WHERE database = {db:String} AND name = 'bench_data_set'",
      query_params: { db: database },
      format: 'JSONEachRow',
      clickhouse_settings: NUMBERS,
    });
    if ((await exists.json<{ n: number }>())[0]?.n === 1) {
      const { applied } = await migrateClickHouse({ url, database });
      const rs = await client.query({
        query: 'SELECT members, postings, path, end_ms FROM bench_data_set',
        format: 'JSONEachRow',
        clickhouse_settings: NUMBERS,
      });
      const kept = (await rs.json<{ members: number; postings: number; path: string; end_ms: number }>())[0];
      if (
        applied.length === 0 &&
        kept &&
        kept.members === wanted.members &&
        kept.postings === wanted.postings &&
        kept.path === path
      ) {
        step(`  reusing the data set generated for ${new Date(kept.end_ms).toISOString().slice(0, 10)} in ${database}`);
        return dataSetPlan(wanted.members, wanted.postings, kept.end_ms);
      }
      step(
        `  ${database} holds another data set or needed migrations (${applied.join(', ') || 'none'}): generating again`,
      );
    }
  }
  await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` });
  const { applied } = await migrateClickHouse({ url, database });
  step(`  ClickHouse database migrated (${applied.length} migrations)`);
  const plan = dataSetPlan(wanted.members, wanted.postings, target.endMs);
  await generate(client, plan, path, step);
  await waitForMerges(admin, database, step);
  await client.command({
    query:
      'CREATE TABLE bench_data_set (members UInt64, postings UInt64, path String, end_ms Int64) ENGINE = MergeTree ORDER BY tuple()',
  });
  await client.insert({
    table: 'bench_data_set',
    values: [{ ...wanted, end_ms: target.endMs }],
    format: 'JSONEachRow',
  });
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
    format: 'JSONEachRow',
    clickhouse_settings: NUMBERS,
  });
  const n = (await rs.json<{ ledger_entries: number; states: number; members: number; memberships: number }>())[0]!;
  const tenants = plan.tenants.map((t) => `${fmt(t.postings)} postings / ${fmt(t.members)} members`).join('; ');
  const route =
    path === 'events'
      ? 'as events through the dedup stage and every view'
      : 'into ledger_entries (and the views it feeds), members as events';
  step(
    `  generated in ${seconds.toFixed(1)} s (${statements.length} INSERT ... SELECT FROM numbers(), ${route}): ` +
      `${fmt(n.ledger_entries)} ledger entries (${fmt(n.states)} posting states), ${fmt(n.members)} members, ${fmt(n.memberships)} segment memberships`,
  );
  step(`  tenants: ${tenants}`);
}

async function waitForMerges(admin: ClickHouseClient, database: string, step: Step): Promise<void> {
  const began = performance.now();
  const running = async () => {
    const rs = await admin.query({
      query: 'SELECT count() AS n FROM system.merges WHERE database = {db:String}',
      query_params: { db: database },
      format: 'JSONEachRow',
      clickhouse_settings: NUMBERS,
    });
    return (await rs.json<{ n: number }>())[0]!.n;
  };
  while ((await running()) > 0 && performance.now() - began < MERGE_WAIT_MS)
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  const rs = await admin.query({
    query: `SELECT table, count() AS parts, sum(rows) AS rows FROM system.parts WHERE database = {db:String} AND active
             AND table IN ('ledger_entries', 'report_postings_15m', 'member_segment_features', 'kpi_daily', 'members') GROUP BY table ORDER BY table`,
    query_params: { db: database },
    format: 'JSONEachRow',
    clickhouse_settings: NUMBERS,
  });
  const parts = (await rs.json<{ table: string; parts: number; rows: number }>())
    .map((p) => `${p.table} ${p.parts} parts / ${fmt(p.rows)} rows`)
    .join(', ');
  step(
    `  background merges ${(await running()) > 0 ? 'still running' : 'done'} after ${((performance.now() - began) / 1000).toFixed(0)} s; ${parts}`,
  );
}
