import pg from 'pg';

// What the database's sessions are doing while the load runs, sampled from pg_stat_activity:
// on CPU (active, no wait event), waiting for the client (ClientRead: the API, or the round trip),
// on a row lock (Lock: two lanes posting for the same member), or on the WAL flush (IO: WALSync).
// The shares say which of those bounds throughput, where throughput alone cannot.

export interface WaitProfile {
  samples: number;
  /** Average sessions per state across samples, e.g. "active (CPU)" -> 3.2. */
  sessions: Map<string, number>;
}

export interface WaitSampler {
  stop(): Promise<WaitProfile>;
}

export async function startWaitSampler(url: string, database: string, everyMs = 100): Promise<WaitSampler> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  const totals = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ what: string; n: number }>(
        `SELECT CASE WHEN state = 'active' AND wait_event IS NULL THEN 'active (CPU)'
                     WHEN wait_event IS NULL THEN state
                     ELSE state || ': ' || wait_event_type || '/' || wait_event END AS what,
                count(*)::int AS n
           FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'
          GROUP BY 1`,
        [database],
      );
      samples += 1;
      for (const r of rows) totals.set(r.what, (totals.get(r.what) ?? 0) + r.n);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop.catch(() => undefined);
      await client.end().catch(() => undefined);
      const sessions = new Map(
        [...totals].map(([k, v]) => [k, v / Math.max(1, samples)] as const).sort((a, b) => b[1] - a[1]),
      );
      return { samples, sessions };
    },
  };
}

export function formatWaits(p: WaitProfile | undefined): string {
  if (!p || p.samples === 0) return 'n/a';
  return [...p.sessions]
    .filter(([, n]) => n >= 0.05)
    .map(([k, n]) => `${k} ${n.toFixed(1)}`)
    .join(', ');
}
