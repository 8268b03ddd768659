// The schedules the worker keeps: one global retention schedule, one reconcile schedule that
// gives every program its schedules (new programs within one interval), and the per-program
// schedules themselves: expiry, nightly tier recalculation, segment refresh.

export const SCHEDULE_RECONCILE_ID = 'schedules-reconcile';

export interface ScheduleSettings {
  taskQueue: string;
  expiryEverySeconds: number;
  retentionEverySeconds: number;
  reconcileEverySeconds: number;
  /** The hour (UTC) of each program's nightly tier recalculation. */
  tierRecalcHourUtc: number;
  segmentRefreshEverySeconds: number;
}

export interface ReconcileResult {
  tenants: number;
  programs: number;
  created: number;
  /** Published campaigns whose lifecycle workflow runs. */
  campaigns: number;
}
