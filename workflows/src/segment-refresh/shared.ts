// Refresh of one program's segments every few minutes: each segment evaluated as the evaluate
// route does (dynamic and hybrid conditions run on ClickHouse and their members are materialized
// in Postgres; every kind's membership is published back to ClickHouse), by the program's
// schedule (`segment-refresh:<tenantId>:<programId>`).

export interface SegmentRefreshTotals {
  /** False when the worker runs without ClickHouse: nothing was evaluated. */
  available: boolean;
  segments: number;
  added: number;
  removed: number;
  /** Segments whose evaluation was refused (deleted meanwhile, past the analytics limits). */
  skipped: number;
}

export const segmentRefreshWorkflowId = (p: { tenantId: string; programId: string }) =>
  `segment-refresh:${p.tenantId}:${p.programId}`;
