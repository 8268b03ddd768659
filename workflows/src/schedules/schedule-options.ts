import { ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import { programExpiryWorkflow } from '../expiry/workflows.ts';
import { expiryWorkflowId, type ProgramRef } from '../expiry/shared.ts';
import { idempotencyRetentionWorkflow } from '../idempotency-retention/workflows.ts';
import { IDEMPOTENCY_RETENTION_ID } from '../idempotency-retention/shared.ts';
import { reconcileSchedulesWorkflow } from './workflows.ts';
import { SCHEDULE_RECONCILE_ID, type ScheduleSettings } from './shared.ts';

// What each schedule is. A run that is still going when the next is due is skipped (never two
// at once), an outage is caught up with one run, and a run time-out keeps runs that no worker
// picks up from piling up.

const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' } as const;

export const EXPIRY_SCHEDULE_PREFIX = 'expiry:';
export const expiryScheduleId = (p: ProgramRef) => expiryWorkflowId(p);

export function expirySchedule(s: ScheduleSettings, program: ProgramRef): ScheduleOptions {
  return {
    scheduleId: expiryScheduleId(program),
    spec: { intervals: [{ every: `${s.expiryEverySeconds}s` }] },
    action: {
      type: 'startWorkflow',
      workflowType: programExpiryWorkflow,
      args: [program],
      taskQueue: s.taskQueue,
      workflowId: expiryWorkflowId(program),
      workflowRunTimeout: '10 minutes',
    },
    policies,
  };
}

export function retentionSchedule(s: ScheduleSettings): ScheduleOptions {
  return {
    scheduleId: IDEMPOTENCY_RETENTION_ID,
    spec: { intervals: [{ every: `${s.retentionEverySeconds}s` }] },
    action: {
      type: 'startWorkflow',
      workflowType: idempotencyRetentionWorkflow,
      args: [{}],
      taskQueue: s.taskQueue,
      workflowId: IDEMPOTENCY_RETENTION_ID,
      workflowRunTimeout: '1 hour',
    },
    policies,
  };
}

export function reconcileSchedule(s: ScheduleSettings): ScheduleOptions {
  return {
    scheduleId: SCHEDULE_RECONCILE_ID,
    spec: { intervals: [{ every: `${s.reconcileEverySeconds}s` }] },
    action: {
      type: 'startWorkflow',
      workflowType: reconcileSchedulesWorkflow,
      args: [s],
      taskQueue: s.taskQueue,
      workflowId: SCHEDULE_RECONCILE_ID,
      workflowRunTimeout: '10 minutes',
    },
    policies,
  };
}
