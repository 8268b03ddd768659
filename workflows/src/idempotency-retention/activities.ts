import { Context } from '@temporalio/activity';
import type { BackgroundJobs } from '@loyalty/api/background-jobs';

export interface RetentionDeps {
  jobs: Pick<BackgroundJobs, 'tenantIds' | 'purgeIdempotencyKeys'>;
  /** Keys per transaction: small, so retention never holds many row locks next to live traffic. */
  pageSize: number;
}

export function createRetentionActivities(deps: RetentionDeps) {
  return {
    async listTenantIds(): Promise<string[]> {
      return deps.jobs.tenantIds();
    },

    /** Deletes the tenant's expired keys page by page; a retry just finds fewer. */
    async purgeTenantKeys(tenantId: string): Promise<number> {
      let total = 0;
      for (let deleted = deps.pageSize; deleted === deps.pageSize; total += deleted) {
        deleted = await deps.jobs.purgeIdempotencyKeys(tenantId, deps.pageSize);
        Context.current().heartbeat(total + deleted);
      }
      return total;
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
