import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { HealthActivities } from './activities.ts';
import type { HealthCheckInput, HealthCheckResult } from './shared.ts';

const { reportWorker } = proxyActivities<HealthActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

export async function healthCheckWorkflow(input: HealthCheckInput): Promise<HealthCheckResult> {
  const activity = await reportWorker();
  return { requestedBy: input.requestedBy, workflowId: workflowInfo().workflowId, activity };
}
