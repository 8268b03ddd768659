import pg from 'pg';

// WAL flushes are what group commit saves: pg_stat_wal (cluster-wide, PostgreSQL 14+) counts
// them, so "postings per WAL sync" shows how much batching actually happened during a phase,
// which throughput alone cannot tell apart from a faster disk.

export interface WalCounters {
  syncs: number;
  records: number;
  bytes: number;
}

export async function readWal(url: string): Promise<WalCounters | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ wal_sync: string; wal_records: string; wal_bytes: string }>(
      'SELECT wal_sync::text, wal_records::text, wal_bytes::text FROM pg_stat_wal',
    );
    const r = rows[0];
    return r ? { syncs: Number(r.wal_sync), records: Number(r.wal_records), bytes: Number(r.wal_bytes) } : undefined;
  } catch {
    return undefined; // an older server, or no permission: the report just omits it
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function walDelta(before: WalCounters | undefined, after: WalCounters | undefined): WalCounters | undefined {
  if (!before || !after) return undefined;
  return {
    syncs: after.syncs - before.syncs,
    records: after.records - before.records,
    bytes: after.bytes - before.bytes,
  };
}

/**
 * Backends publish their statistics at most about once a second, so a snapshot taken right as
 * a phase ends misses its tail: wait a little first.
 */
export function statsSettle(ms = 1_500): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
