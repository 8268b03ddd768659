import type { ClickHouseClient } from '@clickhouse/client';
import type { EventRow } from './steps.ts';

// The ClickHouse side of the sink: which of a batch's events are stored already, and the insert.

export interface EventsWriter {
  existingIds(rows: readonly EventRow[]): Promise<Set<string>>;
  insert(rows: readonly EventRow[]): Promise<void>;
}

const COLUMNS: [keyof EventRow, ...(keyof EventRow)[]] = [
  'event_id', 'type', 'tenant_id', 'program_id', 'member_id', 'occurred_at', 'data', 'kafka_partition', 'kafka_offset',
];

export function createEventsWriter(client: ClickHouseClient, table = 'events'): EventsWriter {
  return {
    async existingIds(rows) {
      if (rows.length === 0) return new Set();
      let from = rows[0]!.occurred_at;
      let to = from;
      for (const r of rows) {
        if (r.occurred_at < from) from = r.occurred_at;
        if (r.occurred_at > to) to = r.occurred_at;
      }
      // Tenant and time bound the lookup to a few granules of the sort key (tenant_id,
      // program_id, occurred_at, event_id) and of the monthly partitions; a duplicate always
      // carries the same tenant and occurred_at as its original, so nothing is missed.
      const rs = await client.query({
        query: `SELECT DISTINCT toString(event_id) AS id FROM ${table}
                 WHERE tenant_id IN {tenants:Array(UUID)}
                   AND occurred_at BETWEEN {from:DateTime64(3, 'UTC')} AND {to:DateTime64(3, 'UTC')}
                   AND event_id IN {ids:Array(UUID)}`,
        query_params: { tenants: [...new Set(rows.map((r) => r.tenant_id))], from, to, ids: rows.map((r) => r.event_id) },
        format: 'JSONEachRow',
        // Thousands of ids do not fit in a URL: let the client move them into the body.
        use_multipart_params_auto: true,
      });
      const found = await rs.json<{ id: string }>();
      return new Set(found.map((f) => f.id));
    },
    async insert(rows) {
      if (rows.length === 0) return;
      // Synchronous insert: when this resolves the rows are in parts and visible to queries,
      // which is what allows the sink to commit the Kafka offsets behind them.
      await client.insert({ table, format: 'JSONEachRow', columns: COLUMNS, values: rows as EventRow[], clickhouse_settings: { async_insert: 0 } });
    },
  };
}
