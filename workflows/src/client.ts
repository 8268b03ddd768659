import {
  ScheduleAlreadyRunning,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
  type ScheduleOptions,
} from '@temporalio/client';
import { campaignLifecycleWorkflow } from './campaigns/workflows.ts';
import { campaignChangedSignal, campaignWorkflowId, type CampaignRef } from './campaigns/shared.ts';
import { programExpiryWorkflow } from './expiry/workflows.ts';
import { expiryWorkflowId, type ProgramRef } from './expiry/shared.ts';
import { idempotencyRetentionWorkflow } from './idempotency-retention/workflows.ts';
import { IDEMPOTENCY_RETENTION_ID } from './idempotency-retention/shared.ts';
import { reconcileSchedule, retentionSchedule } from './schedules/schedule-options.ts';
import { SCHEDULE_RECONCILE_ID, type ScheduleSettings } from './schedules/shared.ts';

// Typed ways to start loyalty work, for the worker's start-up, the API and operators. Workflow
// ids are business ids, and a start while one runs joins it, so a second start never runs the
// work twice at once.

/** Expires the program's due points now (what its schedule does every minute). */
export function startProgramExpiry(client: Client, taskQueue: string, program: ProgramRef) {
  return client.workflow.start(programExpiryWorkflow, {
    taskQueue,
    workflowId: expiryWorkflowId(program),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [program],
  });
}

export function startIdempotencyRetention(client: Client, taskQueue: string) {
  return client.workflow.start(idempotencyRetentionWorkflow, {
    taskQueue,
    workflowId: IDEMPOTENCY_RETENTION_ID,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    args: [{}],
  });
}

/**
 * Starts the campaign's lifecycle, or joins the one running. A lifecycle that completed is not
 * started again (until Temporal forgets it; a new run would then emit nothing twice anyway).
 */
export function startCampaignLifecycle(client: Client, taskQueue: string, ref: CampaignRef) {
  return client.workflow.start(campaignLifecycleWorkflow, {
    taskQueue,
    workflowId: campaignWorkflowId(ref.campaignId),
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    args: [ref],
  });
}

/** Tells a running lifecycle to read its campaign again (dates changed, cancelled, deleted); false when none runs. */
export async function signalCampaignChanged(client: Client, campaignId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(campaignWorkflowId(campaignId)).signal(campaignChangedSignal);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** Creates the schedule unless one with its id exists; true when it created it. */
export async function createScheduleIfMissing(client: Client, options: ScheduleOptions): Promise<boolean> {
  try {
    await client.schedule.create(options);
    return true;
  } catch (err) {
    if (err instanceof ScheduleAlreadyRunning) return false;
    throw err;
  }
}

/** Creates the schedule, or brings an existing one to these options (a changed interval takes effect). */
export async function upsertSchedule(client: Client, options: ScheduleOptions): Promise<void> {
  if (await createScheduleIfMissing(client, options)) return;
  const { spec, action, policies } = options;
  await client.schedule.getHandle(options.scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
}

/**
 * The worker's start-up: the retention and reconcile schedules exist with the configured
 * intervals, and a reconcile runs at once so every program has its expiry schedule.
 */
export async function ensureBaseSchedules(client: Client, settings: ScheduleSettings): Promise<void> {
  await upsertSchedule(client, retentionSchedule(settings));
  await upsertSchedule(client, reconcileSchedule(settings));
  await client.schedule.getHandle(SCHEDULE_RECONCILE_ID).trigger();
}
