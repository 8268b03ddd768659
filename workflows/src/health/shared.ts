// The health flow proves the whole Temporal path (client -> server -> worker -> activity -> back)
// works; operators run it after a deploy, tests run it against the real dev server.

export const HEALTH_TASK_QUEUE = 'loyalty-health';

export interface HealthCheckInput {
  requestedBy: string;
}

export interface HealthCheckResult {
  requestedBy: string;
  workflowId: string;
  activity: { attempt: number; workerTaskQueue: string };
}
