import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { RetentionActivities } from './activities.ts';
import type { RetentionInput, RetentionResult } from './shared.ts';

const { listTenantIds, purgeTenantKeys } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 5 },
});

/** Visits every tenant once; continues as new when the history grows long (many tenants). */
export async function idempotencyRetentionWorkflow(input: RetentionInput = {}): Promise<RetentionResult> {
  const tenantIds = input.remainingTenantIds ?? (await listTenantIds());
  let keysDeleted = input.purgedSoFar ?? 0;
  for (const [index, tenantId] of tenantIds.entries()) {
    if (workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof idempotencyRetentionWorkflow>({
        remainingTenantIds: tenantIds.slice(index),
        purgedSoFar: keysDeleted,
        visitedSoFar: (input.visitedSoFar ?? 0) + index,
      });
    }
    keysDeleted += await purgeTenantKeys(tenantId);
  }
  return { tenantsVisited: (input.visitedSoFar ?? 0) + tenantIds.length, keysDeleted };
}
