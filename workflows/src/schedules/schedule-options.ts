import { ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import { programExpiryWorkflow } from '../expiry/workflows.ts';
import { expiryWorkflowId, type ProgramRef } from '../expiry/shared.ts';
import { idempotencyRetentionWorkflow } from '../idempotency-retention/workflows.ts';
import { IDEMPOTENCY_RETENTION_ID } from '../idempotency-retention/shared.ts';
import { programSegmentRefreshWorkflow } from '../segment-refresh/workflows.ts';
import { segmentRefreshWorkflowId } from '../segment-refresh/shared.ts';
import { programTierRecalcWorkflow } from '../tier-recalc/workflows.ts';
import { DEFAULT_TIER_RECALC_OPTIONS, tierRecalcWorkflowId } from '../tier-recalc/shared.ts';
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

export const TIER_RECALC_SCHEDULE_PREFIX = 'tier-recalc:';
export const tierRecalcScheduleId = (p: ProgramRef) => tierRecalcWorkflowId(p);

/**
 * Nightly at the configured hour (UTC); the jitter spreads the programs' runs over half an hour
 * rather than starting all at once.
 */
export function tierRecalcSchedule(s: ScheduleSettings, program: ProgramRef): ScheduleOptions {
  return {
    scheduleId: tierRecalcScheduleId(program),
    spec: { calendars: [{ hour: s.tierRecalcHourUtc, minute: 0 }], jitter: '30 minutes' },
    action: {
      type: 'startWorkflow',
      workflowType: programTierRecalcWorkflow,
      args: [program, DEFAULT_TIER_RECALC_OPTIONS],
      taskQueue: s.taskQueue,
      workflowId: tierRecalcWorkflowId(program),
      // Spans its continue-as-new runs: a program of millions takes minutes, not hours.
      workflowExecutionTimeout: '6 hours',
    },
    policies,
  };
}

export const SEGMENT_REFRESH_SCHEDULE_PREFIX = 'segment-refresh:';
export const segmentRefreshScheduleId = (p: ProgramRef) => segmentRefreshWorkflowId(p);

export function segmentRefreshSchedule(s: ScheduleSettings, program: ProgramRef): ScheduleOptions {
  return {
    scheduleId: segmentRefreshScheduleId(program),
    spec: { intervals: [{ every: `${s.segmentRefreshEverySeconds}s` }] },
    action: {
      type: 'startWorkflow',
      workflowType: programSegmentRefreshWorkflow,
      args: [program],
      taskQueue: s.taskQueue,
      workflowId: segmentRefreshWorkflowId(program),
      workflowRunTimeout: '30 minutes',
    },
    policies,
  };
}

/** Every schedule a program has, by id prefix (what the reconcile lists and creates). */
export const PROGRAM_SCHEDULES = [
  { prefix: EXPIRY_SCHEDULE_PREFIX, options: expirySchedule },
  { prefix: TIER_RECALC_SCHEDULE_PREFIX, options: tierRecalcSchedule },
  { prefix: SEGMENT_REFRESH_SCHEDULE_PREFIX, options: segmentRefreshSchedule },
] as const;

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
