import { proxyActivities } from '@temporalio/workflow';
import type { ScheduleActivities } from './activities.ts';
import type { ReconcileResult, ScheduleSettings } from './shared.ts';

const { listTenantsForSchedules, ensureTenantExpirySchedules, ensureTenantCampaignWorkflows } =
  proxyActivities<ScheduleActivities>({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
  });

/**
 * Every program gets its expiry schedule, and every published campaign its lifecycle workflow;
 * the reconcile schedule runs this every minute.
 */
export async function reconcileSchedulesWorkflow(settings: ScheduleSettings): Promise<ReconcileResult> {
  const tenantIds = await listTenantsForSchedules();
  const result: ReconcileResult = { tenants: tenantIds.length, programs: 0, created: 0, campaigns: 0 };
  for (const tenantId of tenantIds) {
    const tenant = await ensureTenantExpirySchedules(tenantId, settings);
    result.programs += tenant.programs;
    result.created += tenant.created;
    result.campaigns += await ensureTenantCampaignWorkflows(tenantId, settings.taskQueue);
  }
  return result;
}
