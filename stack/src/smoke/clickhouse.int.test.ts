import { afterAll, expect, inject, it } from 'vitest';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';

const env = inject('stackEnv');
// The error case below is expected: keep the client's own error log out of the test output.
const ch = createClient({
  url: env.CLICKHOUSE_URL,
  database: env.CLICKHOUSE_DATABASE,
  log: { level: ClickHouseLogLevel.OFF },
});
afterAll(() => ch.close());

it('creates a MergeTree table, inserts rows and aggregates them over the HTTP interface', async () => {
  await ch.command({
    query: `CREATE TABLE smoke_points (tenant_id String, member_id String, points Int64, at DateTime64(3, 'UTC'))
            ENGINE = MergeTree ORDER BY (tenant_id, member_id, at)`,
  });
  await ch.insert({
    table: 'smoke_points',
    format: 'JSONEachRow',
    values: [
      { tenant_id: 't1', member_id: 'm1', points: 100, at: '2026-01-01 10:00:00.000' },
      { tenant_id: 't1', member_id: 'm1', points: -40, at: '2026-01-02 10:00:00.000' },
      { tenant_id: 't1', member_id: 'm2', points: 25, at: '2026-01-02 11:00:00.000' },
      { tenant_id: 't2', member_id: 'm9', points: 999, at: '2026-01-03 12:00:00.000' },
    ],
  });
  const rs = await ch.query({
    query: `SELECT member_id, sum(points) AS balance FROM smoke_points
            WHERE tenant_id = {tenant:String} GROUP BY member_id ORDER BY member_id`,
    query_params: { tenant: 't1' },
    format: 'JSONEachRow',
    // Points are Int64: quoted in JSON so no client rounds them through a double.
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
  });
  expect(await rs.json()).toEqual([
    { member_id: 'm1', balance: '60' },
    { member_id: 'm2', balance: '25' },
  ]);
});

it('reports a SQL error with ClickHouse code and message', async () => {
  await expect(ch.query({ query: 'SELECT * FROM no_such_table', format: 'JSONEachRow' })).rejects.toMatchObject({
    code: '60',
    type: 'UNKNOWN_TABLE',
  });
});
