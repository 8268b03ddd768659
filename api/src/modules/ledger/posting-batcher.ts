import type pg from 'pg';
import type { Executor } from '../../http/route-context.ts';

// Group commit for the hot posting path. A commit waits for the WAL to reach disk, and that,
// not CPU, bounds one-transaction-per-posting ledgers. Concurrent postings are gathered into one
// transaction, each inside its own savepoint: a posting that fails rolls back alone, the others
// commit together, and no caller hears "done" before the shared COMMIT returns. Guarantees are
// unchanged: each posting is atomic, isolated by the member lock, and durable when acknowledged.
//
// Lanes are shards: all postings with one lock key (the member) go to one lane, and a lane runs
// one transaction at a time, so two batches never wait on each other's member locks (batches
// holding several members' locks in different orders would otherwise deadlock).

export interface PostingExecutor extends Executor<pg.PoolClient> {
  close(): Promise<void>;
}

export interface BatcherOptions {
  /** Transactions in flight at once (each holds one connection). */
  lanes: number;
  /** Postings per transaction at most. */
  maxBatch: number;
}

interface Job {
  tenantId: string;
  fn: (tx: pg.PoolClient) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  attempts: number;
}

interface Lane {
  queue: Job[];
  busy: boolean;
}

// Deadlocks and serialization failures are the database asking us to try again.
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function createPostingBatcher(pool: pg.Pool, opts: BatcherOptions): PostingExecutor {
  const lanes: Lane[] = Array.from({ length: opts.lanes }, () => ({ queue: [], busy: false }));
  let roundRobin = 0;
  let closed = false;

  function laneFor(lockKey: string | undefined): Lane {
    if (lockKey === undefined) return lanes[roundRobin++ % lanes.length]!;
    return lanes[hash(lockKey) % lanes.length]!;
  }

  function pump(lane: Lane): void {
    if (lane.busy || lane.queue.length === 0) return;
    lane.busy = true;
    const batch = lane.queue.splice(0, opts.maxBatch);
    void runBatch(lane, batch).finally(() => {
      lane.busy = false;
      pump(lane);
    });
  }

  async function runBatch(lane: Lane, batch: Job[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (err) {
      for (const job of batch) job.reject(err);
      return;
    }
    const settled: { job: Job; ok: boolean; value: unknown }[] = [];
    try {
      await client.query('BEGIN');
      // Savepoint bookkeeping rides along with the next statement that has to be sent anyway:
      // one round trip per posting instead of three.
      let releasePrevious = false;
      for (const job of batch) {
        const outcome = await runJob(client, job, releasePrevious);
        settled.push(outcome);
        releasePrevious = outcome.ok;
      }
      await client.query('COMMIT');
    } catch (err) {
      // The shared transaction failed as a whole: nothing in it was acknowledged.
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(true);
      for (const job of batch) job.reject(err);
      return;
    }
    client.release();
    for (const s of settled) {
      if (s.ok) s.job.resolve(s.value);
      else if (isRetryable(s.value) && s.job.attempts < MAX_ATTEMPTS) {
        s.job.attempts += 1;
        lane.queue.unshift(s.job);
      } else s.job.reject(s.value);
    }
  }

  async function runJob(
    client: pg.PoolClient,
    job: Job,
    releasePrevious: boolean,
  ): Promise<{ job: Job; ok: boolean; value: unknown }> {
    // The tenant id is interpolated (a simple query cannot carry parameters); run() checked it is a UUID.
    await client.query(
      `${releasePrevious ? 'RELEASE SAVEPOINT posting; ' : ''}SAVEPOINT posting; SELECT set_config('app.tenant_id', '${job.tenantId}', true)`,
    );
    try {
      return { job, ok: true, value: await job.fn(client) };
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT posting; RELEASE SAVEPOINT posting');
      return { job, ok: false, value: err };
    }
  }

  return {
    sql: (tx) => tx,
    run<T>(tenantId: string, fn: (tx: pg.PoolClient) => Promise<T>, lockKey?: string): Promise<T> {
      if (closed) return Promise.reject(new Error('the posting executor is closed'));
      if (!UUID.test(tenantId)) return Promise.reject(new Error(`not a tenant id: ${tenantId}`));
      return new Promise<T>((resolve, reject) => {
        const lane = laneFor(lockKey);
        lane.queue.push({ tenantId, fn, resolve: resolve as (v: unknown) => void, reject, attempts: 1 });
        pump(lane);
      });
    },
    async close() {
      closed = true;
      while (lanes.some((l) => l.busy || l.queue.length > 0)) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

function isRetryable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && RETRYABLE.has((err as { code?: string }).code ?? '');
}

/** FNV-1a: cheap and well spread over UUIDs. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
