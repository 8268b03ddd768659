import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ScheduleActivities } from './activities.ts';
import type { ReconcileResult, ScheduleSettings } from './shared.ts';

const { listTenantsForSchedules, ensureProgramSchedules, ensureTenantCampaignWorkflows } =
  proxyActivities<ScheduleActivities>({
    // The first run of a large installation creates a schedule per program: long, but heartbeating.
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
  });

/** Where a run that continued as new picks up. */
export interface ReconcileProgress {
  remainingTenantIds: string[];
  result: ReconcileResult;
}

/**
 * Every program gets its schedules, and every published campaign its lifecycle workflow;
 * the reconcile schedule runs this every minute. Continues as new when the history grows long
 * (many tenants).
 */
export async function reconcileSchedulesWorkflow(
  settings: ScheduleSettings,
  progress?: ReconcileProgress,
): Promise<ReconcileResult> {
  let result = progress?.result;
  if (!result) {
    const schedules = await ensureProgramSchedules(settings);
    result = { tenants: 0, programs: schedules.programs, created: schedules.created, campaigns: 0 };
  }
  const tenantIds = progress?.remainingTenantIds ?? (await listTenantsForSchedules());
  for (const [index, tenantId] of tenantIds.entries()) {
    if (workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof reconcileSchedulesWorkflow>(settings, {
        remainingTenantIds: tenantIds.slice(index),
        result,
      });
    }
    result.campaigns += await ensureTenantCampaignWorkflows(tenantId, settings.taskQueue);
    result.tenants += 1;
  }
  return result;
}
