import type pg from 'pg';
import { setTenant } from '../../db/tenant-tx.ts';
import type { TenantExecutor } from '../../http/route-context.ts';

// Group commit for the hot posting path. A commit waits for the WAL to reach disk, and that,
// not CPU, bounds one-transaction-per-posting ledgers. Concurrent postings are gathered into one
// transaction, each inside its own savepoint: a posting that fails rolls back alone, the others
// commit together, and no caller hears "done" before the shared COMMIT returns. Guarantees are
// unchanged: each posting is atomic, isolated by the member lock, and durable when acknowledged.

export interface PostingExecutor {
  execute: TenantExecutor;
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

// Deadlocks and serialization failures are the database asking us to try again.
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 5;

export function createPostingBatcher(pool: pg.Pool, opts: BatcherOptions): PostingExecutor {
  const queue: Job[] = [];
  let active = 0;
  let closed = false;

  function pump(): void {
    while (active < opts.lanes && queue.length > 0) {
      const batch = queue.splice(0, opts.maxBatch);
      active += 1;
      void runBatch(batch).finally(() => {
        active -= 1;
        pump();
      });
    }
  }

  async function runBatch(batch: Job[]): Promise<void> {
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
      for (const job of batch) settled.push(await runJob(client, job));
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
      else if (isRetryable(s.value) && s.job.attempts < MAX_ATTEMPTS) requeue(s.job);
      else s.job.reject(s.value);
    }
  }

  async function runJob(client: pg.PoolClient, job: Job): Promise<{ job: Job; ok: boolean; value: unknown }> {
    await client.query('SAVEPOINT posting');
    try {
      await setTenant(client, job.tenantId);
      const value = await job.fn(client);
      await client.query('RELEASE SAVEPOINT posting');
      return { job, ok: true, value };
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT posting');
      await client.query('RELEASE SAVEPOINT posting');
      return { job, ok: false, value: err };
    }
  }

  function requeue(job: Job): void {
    job.attempts += 1;
    queue.unshift(job);
    pump();
  }

  return {
    execute<T>(tenantId: string, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new Error('the posting executor is closed'));
      return new Promise<T>((resolve, reject) => {
        queue.push({ tenantId, fn, resolve: resolve as (v: unknown) => void, reject, attempts: 1 });
        pump();
      });
    },
    async close() {
      closed = true;
      while (active > 0 || queue.length > 0) await new Promise((r) => setTimeout(r, 10));
    },
  };
}

function isRetryable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && RETRYABLE.has((err as { code?: string }).code ?? '');
}
