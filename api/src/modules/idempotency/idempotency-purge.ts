import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { allTenantIds, withTenant } from '../../db/tenant-tx.ts';
import { startRepeatingTask } from '../../scheduling/repeating-task.ts';
import type { IdempotencyStore } from './idempotency.ts';

// Expired Idempotency-Keys are deleted in small pages, one transaction each, so the purge never
// holds many row locks or a long transaction next to live traffic.

const PAGE_SIZE = 1_000;

export interface PurgeDeps {
  pool: pg.Pool;
  store: IdempotencyStore;
  log: FastifyBaseLogger;
}

export async function purgeExpiredKeys(deps: PurgeDeps): Promise<number> {
  let total = 0;
  for (const id of await allTenantIds(deps.pool)) {
    for (let purged = PAGE_SIZE; purged === PAGE_SIZE; total += purged) {
      purged = await withTenant(deps.pool, id, (tx) => deps.store.purgeExpired(tx, PAGE_SIZE));
    }
  }
  return total;
}

export function startIdempotencyPurge(deps: PurgeDeps, intervalSeconds: number): () => void {
  const purge = async () => {
    const purged = await purgeExpiredKeys(deps);
    if (purged > 0) deps.log.info({ purged }, 'expired idempotency keys purged');
  };
  return startRepeatingTask('idempotency key purge', purge, intervalSeconds, deps.log);
}
