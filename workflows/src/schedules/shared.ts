// The schedules the worker keeps: one global retention schedule, one reconcile schedule that
// gives every program its expiry schedule (new programs within one interval), and the
// per-program expiry schedules themselves.

export const SCHEDULE_RECONCILE_ID = 'schedules-reconcile';

export interface ScheduleSettings {
  taskQueue: string;
  expiryEverySeconds: number;
  retentionEverySeconds: number;
  reconcileEverySeconds: number;
}

export interface ReconcileResult {
  tenants: number;
  programs: number;
  created: number;
  /** Published campaigns whose lifecycle workflow runs. */
  campaigns: number;
}
