import { proxyActivities } from '@temporalio/workflow';
import type { ExpiryActivities } from './activities.ts';
import type { ExpiryTotals, ProgramRef } from './shared.ts';

const { expireDueBatch } = proxyActivities<ExpiryActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

// A backlog larger than this waits for the next scheduled run, so one run stays short.
const MAX_BATCHES = 20;

/** Expires the program's due points and resolves its overdue holds, batch by batch. */
export async function programExpiryWorkflow(program: ProgramRef): Promise<ExpiryTotals> {
  const totals: ExpiryTotals = { batches: 0, membersAffected: 0, pointsExpired: 0, holdsVoided: 0, holdsConfirmed: 0 };
  while (totals.batches < MAX_BATCHES) {
    const batch = await expireDueBatch(program);
    totals.batches += 1;
    totals.membersAffected += batch.membersAffected;
    totals.pointsExpired += batch.pointsExpired;
    totals.holdsVoided += batch.holdsVoided;
    totals.holdsConfirmed += batch.holdsConfirmed;
    if (batch.membersAffected + batch.holdsVoided + batch.holdsConfirmed === 0) break;
  }
  return totals;
}
