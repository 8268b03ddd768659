import type { BackgroundJobs, RecalculationPage } from '@loyalty/api/background-jobs';
import type { ProgramRef } from '../expiry/shared.ts';

export interface TierRecalcDeps {
  jobs: Pick<BackgroundJobs, 'recalculateTiers'>;
}

export function createTierRecalcActivities(deps: TierRecalcDeps) {
  return {
    /**
     * One page of the program's tier recalculation (one transaction). Retrying after a lost
     * completion moves nobody twice: a member already in the right tier is left alone. A program
     * that no longer exists is an empty last page.
     */
    async recalculateTierPage(program: ProgramRef, afterSeq: string | null, limit: number): Promise<RecalculationPage> {
      const page = await deps.jobs.recalculateTiers(program.tenantId, program.programId, { afterSeq, limit });
      return page ?? { examined: 0, changed: 0, nextCursor: null };
    },
  };
}

export type TierRecalcActivities = ReturnType<typeof createTierRecalcActivities>;
