import { proxyActivities } from '@temporalio/workflow';
import type { ProgramRef } from '../expiry/shared.ts';
import type { SegmentRefreshActivities } from './activities.ts';
import type { SegmentRefreshTotals } from './shared.ts';

const { refreshProgramSegments } = proxyActivities<SegmentRefreshActivities>({
  // A program's segments one after another, each bounded by the analytics query limits.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** Evaluates every segment of the program and materializes dynamic and hybrid membership. */
export async function programSegmentRefreshWorkflow(program: ProgramRef): Promise<SegmentRefreshTotals> {
  return refreshProgramSegments(program);
}
