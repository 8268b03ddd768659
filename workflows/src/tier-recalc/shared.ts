import type { ProgramRef } from '../expiry/shared.ts';

// Nightly tier recalculation of one program: the tiers module's recalculation, page by page
// over the program's members, run by the program's schedule (`tier-recalc:<tenantId>:<programId>`).

export interface TierRecalcOptions {
  /** Members per page (one activity, one transaction). */
  pageSize: number;
  /** Pages per workflow run before it continues as new, so its history stays small. */
  pagesPerRun: number;
}

export const DEFAULT_TIER_RECALC_OPTIONS: TierRecalcOptions = { pageSize: 500, pagesPerRun: 100 };

export interface TierRecalcTotals {
  pages: number;
  examined: number;
  changed: number;
  /** Workflow runs, counting this one (more than one once it continued as new). */
  runs: number;
}

/** Where a run that continued as new picks up: after this member `seq`, with what was done so far. */
export interface TierRecalcProgress {
  afterSeq: string;
  totals: TierRecalcTotals;
}

export const tierRecalcWorkflowId = (p: ProgramRef) => `tier-recalc:${p.tenantId}:${p.programId}`;
