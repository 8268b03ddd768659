import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ProgramRef } from '../expiry/shared.ts';
import type { TierRecalcActivities } from './activities.ts';
import {
  DEFAULT_TIER_RECALC_OPTIONS,
  type TierRecalcOptions,
  type TierRecalcProgress,
  type TierRecalcTotals,
} from './shared.ts';

const { recalculateTierPage } = proxyActivities<TierRecalcActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/**
 * Places every member of the program in the tier its basis earns now, page by page in member
 * order; continues as new every `pagesPerRun` pages (or sooner when Temporal suggests it), so a
 * program of millions keeps a short history. Running it again changes nothing more.
 */
export async function programTierRecalcWorkflow(
  program: ProgramRef,
  options: TierRecalcOptions = DEFAULT_TIER_RECALC_OPTIONS,
  progress?: TierRecalcProgress,
): Promise<TierRecalcTotals> {
  const totals: TierRecalcTotals = progress
    ? { ...progress.totals, runs: progress.totals.runs + 1 }
    : { pages: 0, examined: 0, changed: 0, runs: 1 };
  let afterSeq: string | null = progress?.afterSeq ?? null;
  for (let pagesThisRun = 0; ;) {
    const page = await recalculateTierPage(program, afterSeq, options.pageSize);
    totals.pages += 1;
    totals.examined += page.examined;
    totals.changed += page.changed;
    pagesThisRun += 1;
    if (page.nextCursor === null) return totals;
    afterSeq = page.nextCursor;
    if (pagesThisRun >= options.pagesPerRun || workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof programTierRecalcWorkflow>(program, options, { afterSeq, totals });
    }
  }
}
