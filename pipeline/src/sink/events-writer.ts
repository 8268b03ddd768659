import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import { memberErasureStatements, type ErasedMember } from '@loyalty/clickhouse/member-erasure';
import type { EventRow } from './steps.ts';

// The ClickHouse side of the sink: which of a batch's events are stored already, and the insert.
//
// Both requests are built as text here rather than by the client, because at tens of thousands
// of rows per batch the client's generic paths cost more than ClickHouse itself: its query
// parameter formatter escapes a 50,000-id array character by character (~130 ms, and the
// server then parses an Array(UUID) literal of the same size), and its JSONEachRow encoder
// re-stringifies every row object. Every value spliced in is checked first (UUIDs, our own
// timestamp format, decimal offsets), so nothing from a message can change the SQL.

export interface EventsWriter {
  existingIds(rows: readonly EventRow[]): Promise<Set<string>>;
  insert(rows: readonly EventRow[]): Promise<void>;
  /** Records the mutations that erase deleted members' profiles (they run in the background). */
  eraseMembers(members: readonly ErasedMember[]): Promise<void>;
}

const COLUMNS = 'event_id, type, tenant_id, program_id, member_id, occurred_at, data, kafka_partition, kafka_offset';
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/;
const OFFSET = /^\d{1,20}$/;

function checked(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new Error(`events row: ${what} ${JSON.stringify(value)} is malformed`);
  return value;
}

/**
 * Which of these rows' event ids `table` holds. Tenant and time bound the lookup to a few
 * granules of the sort key (tenant_id, program_id, occurred_at, event_id) and of the monthly
 * partitions; a duplicate always carries the same tenant and occurred_at as its original, so
 * nothing is missed. The ids travel as one string literal that ClickHouse splits: far cheaper
 * to send and parse than an array of UUID literals.
 */
export function existingIdsQuery(table: string, rows: readonly EventRow[]): string {
  let from = rows[0]!.occurred_at;
  let to = from;
  const tenants = new Set<string>();
  const ids: string[] = [];
  for (const r of rows) {
    if (r.occurred_at < from) from = r.occurred_at;
    if (r.occurred_at > to) to = r.occurred_at;
    tenants.add(r.tenant_id);
    ids.push(checked(r.event_id, UUID, 'event_id'));
  }
  const tenantList = [...tenants].map((t) => `'${checked(t, UUID, 'tenant_id')}'`).join(',');
  return `SELECT DISTINCT event_id FROM ${table}
 WHERE tenant_id IN (${tenantList})
   AND occurred_at BETWEEN toDateTime64('${checked(from, TIMESTAMP, 'occurred_at')}', 3, 'UTC')
                       AND toDateTime64('${checked(to, TIMESTAMP, 'occurred_at')}', 3, 'UTC')
   AND event_id IN (SELECT toUUID(arrayJoin(splitByChar(',', '${ids.join(',')}'))))`;
}

/** The rows as a JSONCompactEachRow body, in COLUMNS order. */
export function compactRows(rows: readonly EventRow[]): Buffer {
  // Encoded row by row into one buffer: one giant string would be flattened and then copied.
  let body = Buffer.allocUnsafe(Math.max(4096, rows.length * 1024));
  let at = 0;
  for (const r of rows) {
    const member = r.member_id === null ? 'null' : `"${checked(r.member_id, UUID, 'member_id')}"`;
    const line =
      `["${checked(r.event_id, UUID, 'event_id')}",${JSON.stringify(r.type)},"${checked(r.tenant_id, UUID, 'tenant_id')}",` +
      `"${checked(r.program_id, UUID, 'program_id')}",${member},"${checked(r.occurred_at, TIMESTAMP, 'occurred_at')}",` +
      `${JSON.stringify(r.data)},${r.kafka_partition | 0},${checked(r.kafka_offset, OFFSET, 'kafka_offset')}]\n`;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (body.length - at < line.length * 3) {
      const grown = Buffer.allocUnsafe(Math.max(body.length * 2, at + line.length * 3));
      body.copy(grown, 0, 0, at);
      body = grown;
    }
    at += body.write(line, at);
  }
  return body.subarray(0, at);
}

export function createEventsWriter(client: ClickHouseClient, table = 'events'): EventsWriter {
  return {
    async existingIds(rows) {
      if (rows.length === 0) return new Set();
      const query = existingIdsQuery(table, rows);
      // The default limit (256 KiB) would refuse a batch of more than ~7,000 ids.
      const rs = await client.query({
        query,
        format: 'TabSeparated',
        clickhouse_settings: { max_query_size: String(query.length + 1024) },
      });
      const found = new Set((await rs.text()).split('\n').filter((id) => id !== ''));
      // ClickHouse prints UUIDs in lower case; answer with the rows' own spelling.
      return new Set(rows.map((r) => r.event_id).filter((id) => found.has(id.toLowerCase())));
    },
    async insert(rows) {
      if (rows.length === 0) return;
      // Synchronous insert: when this resolves the rows are in parts and visible to queries,
      // which is what allows the sink to commit the Kafka offsets behind them.
      const { stream } = await client.exec({
        query: `INSERT INTO ${table} (${COLUMNS}) FORMAT JSONCompactEachRow`,
        values: Readable.from([compactRows(rows)], { objectMode: false }),
        clickhouse_settings: { async_insert: 0 },
      });
      // The response is empty; reading it to the end returns the socket to the pool.
      for await (const _ of stream) {
        /* drain */
      }
    },
    async eraseMembers(members) {
      for (const query of memberErasureStatements(members)) {
        // Recorded, not awaited to completion: the mutation covers every part that exists now
        // (the batch just inserted included) and survives a restart; waiting would stall the
        // stream behind part rewrites.
        await client.command({
          query,
          clickhouse_settings: { mutations_sync: '0', max_query_size: String(query.length + 1024) },
        });
      }
    },
  };
}
