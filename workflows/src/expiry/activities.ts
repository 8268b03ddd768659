import type { BackgroundJobs, ExpiryResult } from '@loyalty/api/background-jobs';
import type { ProgramRef } from './shared.ts';

export interface ExpiryDeps {
  jobs: Pick<BackgroundJobs, 'expireDue'>;
}

export function createExpiryActivities(deps: ExpiryDeps) {
  return {
    /**
     * One batch of the ledger's expire-due (one transaction). Retrying after a lost completion
     * redoes nothing: what was expired or resolved is no longer due.
     */
    async expireDueBatch(program: ProgramRef): Promise<ExpiryResult> {
      return deps.jobs.expireDue(program.tenantId, program.programId);
    },
  };
}

export type ExpiryActivities = ReturnType<typeof createExpiryActivities>;
