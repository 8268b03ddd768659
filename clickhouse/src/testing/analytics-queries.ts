import type { ClickHouseClient } from '@clickhouse/client';
import type { EventRow } from '../events-table.ts';

// The reads the analytics tests make, always filtered by tenant and program like any
// product query. Test numbers are small, so 64-bit integers come back as JSON numbers.

const NUMBERS = { output_format_json_quote_64bit_integers: 0 } as const;

export async function insertEvents(client: ClickHouseClient, rows: readonly EventRow[]): Promise<void> {
  await client.insert({ table: 'events', format: 'JSONEachRow', values: [...rows] });
}

async function rowsOf<T>(client: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<T[]> {
  const result = await client.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: NUMBERS,
  });
  return result.json<T>();
}

export function dailyKpis(client: ClickHouseClient, tenantId: string, programId: string) {
  return rowsOf<Record<string, unknown>>(
    client,
    `
    SELECT * EXCEPT (tenant_id, program_id) FROM kpi_daily_v
    WHERE tenant_id = {tenant:UUID} AND program_id = {program:UUID}
    ORDER BY day`,
    { tenant: tenantId, program: programId },
  );
}

/** Totals over the hourly rollup: must equal the daily one (same postings, finer buckets). */
export async function hourlyTotals(client: ClickHouseClient, tenantId: string, programId: string) {
  const [row] = await rowsOf<Record<string, number>>(
    client,
    `
    SELECT sum(points_issued) AS points_issued, sum(points_redeemed) AS points_redeemed, sum(net_points) AS net_points,
           sum(postings) AS postings, sum(holds_opened) AS holds_opened, uniqMerge(active_members) AS active_members
    FROM kpi_hourly WHERE tenant_id = {tenant:UUID} AND program_id = {program:UUID}`,
    { tenant: tenantId, program: programId },
  );
  return row;
}

export function rewardRedemptions(client: ClickHouseClient, tenantId: string, programId: string) {
  return rowsOf<{ day: string; reward_id: string; redemptions: number; points: number }>(
    client,
    `
    SELECT day, reward_id, sum(redemptions) AS redemptions, sum(points) AS points FROM reward_redemptions_daily
    WHERE tenant_id = {tenant:UUID} AND program_id = {program:UUID}
    GROUP BY day, reward_id ORDER BY day, reward_id`,
    { tenant: tenantId, program: programId },
  );
}

export function ledgerEntries(client: ClickHouseClient, tenantId: string, programId: string) {
  return rowsOf<{
    posting_id: string;
    member_id: string;
    kind: string;
    status: string;
    points: number;
    resolved_at: string | null;
    balance_available: number;
  }>(
    client,
    `
    SELECT posting_id, member_id, kind, status, points, resolved_at, balance_available FROM ledger_entries FINAL
    WHERE tenant_id = {tenant:UUID} AND program_id = {program:UUID}
    ORDER BY created_at, posting_id`,
    { tenant: tenantId, program: programId },
  );
}

const nameOf = (names: ReadonlyMap<string, string>, memberId: string) => names.get(memberId) ?? memberId;

/**
 * member_features_v keyed by the simulator's member names (`names`: id -> name), attributes
 * parsed, external_id kept (events no longer carry it: it must be empty).
 */
export async function memberFeatures(
  client: ClickHouseClient,
  tenantId: string,
  programId: string,
  names: ReadonlyMap<string, string>,
) {
  const rows = await rowsOf<Record<string, unknown> & { member_id: string; attributes: string }>(
    client,
    `
    SELECT * EXCEPT (tenant_id, program_id) FROM member_features_v
    WHERE tenant_id = {tenant:UUID} AND program_id = {program:UUID}`,
    { tenant: tenantId, program: programId },
  );
  return Object.fromEntries(
    rows.map(({ member_id, attributes, ...rest }) => [
      nameOf(names, member_id),
      { ...rest, attributes: JSON.parse(attributes) as unknown },
    ]),
  );
}

/** The members snapshot, by the simulator's member names. */
export async function memberSnapshots(
  client: ClickHouseClient,
  tenantId: string,
  programId: string,
  names: ReadonlyMap<string, string>,
) {
  const rows = await rowsOf<{
    member_id: string;
    external_id: string;
    deleted: number;
    attributes: string;
    birth_month: number | null;
  }>(
    client,
    `
    SELECT member_id, external_id, deleted, attributes, birth_month FROM members FINAL
    WHERE tenant_id = {tenant:UUID} AND program_id = {program:UUID}`,
    { tenant: tenantId, program: programId },
  );
  return rows
    .map(({ member_id, ...rest }) => ({ member: nameOf(names, member_id), ...rest }))
    .sort((a, b) => (a.member < b.member ? -1 : 1));
}

/** Runs a WHERE fragment from the condition compiler against member_features_v (ids in no particular order). */
export async function segmentMembers(
  client: ClickHouseClient,
  tenantId: string,
  programId: string,
  fragment: { sql: string; params: Record<string, unknown> },
) {
  const rows = await rowsOf<{ member_id: string }>(
    client,
    `
    SELECT member_id FROM member_features_v
    WHERE tenant_id = {seg_tenant:UUID} AND program_id = {seg_program:UUID} AND (${fragment.sql})`,
    { ...fragment.params, seg_tenant: tenantId, seg_program: programId },
  );
  return rows.map((row) => row.member_id);
}

/** Merges every part now, so a test can show answers do not depend on merge timing. */
export async function mergeEverything(client: ClickHouseClient): Promise<void> {
  const tables = await rowsOf<{ name: string }>(
    client,
    `
    SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree' ORDER BY name`,
    {},
  );
  for (const { name } of tables) await client.command({ query: `OPTIMIZE TABLE \`${name}\` FINAL` });
}
