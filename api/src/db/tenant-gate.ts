import { DomainError } from '../domain-error.ts';

// A per-tenant limit on analytics queries in flight, so one tenant's burst of heavy reports
// cannot take every ClickHouse slot while the others wait. ClickHouse's own
// max_concurrent_queries_for_user cannot do this: the API runs every tenant's queries as one
// ClickHouse user. Each tenant gets `concurrency` queries at a time; up to `queue` more wait
// in line (first come, first served: a finishing query hands its slot to the next one); past
// that the caller is told to retry. The count is per API process.

export interface TenantGateLimits {
  /** Queries one tenant runs at once. */
  concurrency: number;
  /** Queries one tenant may have waiting for a slot; past that, 429. */
  queue: number;
}

export interface TenantGate {
  run<T>(tenantId: string, work: () => Promise<T>): Promise<T>;
  /** Running and waiting queries of a tenant (tests, metrics). */
  load(tenantId: string): { running: number; waiting: number };
}

interface Lane {
  running: number;
  waiting: (() => void)[];
}

export function createTenantGate(limits: TenantGateLimits): TenantGate {
  const lanes = new Map<string, Lane>();

  async function acquire(tenantId: string): Promise<Lane> {
    let lane = lanes.get(tenantId);
    if (!lane) lanes.set(tenantId, (lane = { running: 0, waiting: [] }));
    if (lane.running < limits.concurrency) {
      lane.running++;
      return lane;
    }
    if (lane.waiting.length >= limits.queue)
      throw new DomainError(
        'rate_limited',
        `this tenant already has ${lane.running} analytics queries running and ${lane.waiting.length} waiting; retry when one has finished`,
      );
    // The slot is handed over by release(): `running` stays as it is.
    await new Promise<void>((resolve) => lane.waiting.push(resolve));
    return lane;
  }

  function release(tenantId: string, lane: Lane): void {
    const next = lane.waiting.shift();
    if (next) return next();
    lane.running--;
    if (lane.running === 0) lanes.delete(tenantId);
  }

  return {
    async run(tenantId, work) {
      const lane = await acquire(tenantId);
      try {
        return await work();
      } finally {
        release(tenantId, lane);
      }
    },
    load(tenantId) {
      const lane = lanes.get(tenantId);
      return { running: lane?.running ?? 0, waiting: lane?.waiting.length ?? 0 };
    },
  };
}
