import type pg from 'pg';
import { withTenant } from '../../db/tenant-tx.ts';
import { findAuditEntries, recordAudit } from '../audit/audit.repository.ts';

// Whether the demo program's history was generated, is being generated, or was cut short.
// `npm start` generates it in the background while the platform already answers, so Ctrl-C
// can stop it half-way; a generator cannot resume (its random stream runs from the first day),
// and starting over on top of what was written would configure the program twice. So a run
// leaves two marks in the tenant's audit log, where the console shows where the data came
// from, and holds a session advisory lock while it writes: started without completed and
// nobody holding the lock means an earlier run was interrupted.

const STARTED = 'demo_history.started';
const COMPLETED = 'demo_history.completed';
const ACTOR = { type: 'system' as const, id: 'demo-history' };

export type DemoHistoryStatus =
  | { state: 'none' }
  | { state: 'completed'; at: Date; totals: unknown }
  /** Orders written before runs left marks: a history from an earlier version. */
  | { state: 'present' }
  | { state: 'interrupted'; startedAt: Date };

export interface DemoHistoryLock {
  release(): Promise<void>;
}

/** Held by the run that writes the history, for as long as its connection lives. */
export async function tryLockDemoHistory(pool: pg.Pool, programId: string): Promise<DemoHistoryLock | undefined> {
  const client = await pool.connect();
  const key = `demo-history:${programId}`;
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
    if (!rows[0]!.ok) {
      client.release();
      return undefined;
    }
  } catch (err) {
    client.release();
    throw err;
  }
  return {
    async release() {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      client.release();
    },
  };
}

/** Read it holding the lock: a run without its completed mark is then one that was cut short. */
export async function demoHistoryStatus(
  pool: pg.Pool,
  tenantId: string,
  programId: string,
): Promise<DemoHistoryStatus> {
  return withTenant(pool, tenantId, async (tx) => {
    const marks = await findAuditEntries(tx, {
      entityType: 'program',
      entityId: programId,
      actions: [STARTED, COMPLETED],
    });
    const completed = marks.find((m) => m.action === COMPLETED);
    if (completed) return { state: 'completed', at: completed.createdAt, totals: completed.after };
    const started = marks.find((m) => m.action === STARTED);
    if (started) return { state: 'interrupted', startedAt: started.createdAt };
    const { rows } = await tx.query<{ any: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM orders WHERE program_id = $1) AS any',
      [programId],
    );
    return rows[0]!.any ? { state: 'present' } : { state: 'none' };
  });
}

export function markDemoHistory(
  pool: pg.Pool,
  tenantId: string,
  programId: string,
  what: 'started' | 'completed',
  details: object,
): Promise<void> {
  return withTenant(pool, tenantId, (tx) =>
    recordAudit(tx, {
      tenantId,
      actor: ACTOR,
      action: what === 'started' ? STARTED : COMPLETED,
      entityType: 'program',
      entityId: programId,
      after: details,
    }),
  );
}
