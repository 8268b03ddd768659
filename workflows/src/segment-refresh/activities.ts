import { Context } from '@temporalio/activity';
import { DomainError, type BackgroundJobs } from '@loyalty/api/background-jobs';
import type { ProgramRef } from '../expiry/shared.ts';
import type { SegmentRefreshTotals } from './shared.ts';

export interface SegmentRefreshDeps {
  jobs: Pick<BackgroundJobs, 'segmentRefreshAvailable' | 'segmentIds' | 'refreshSegment'>;
}

export function createSegmentRefreshActivities(deps: SegmentRefreshDeps) {
  return {
    /**
     * Evaluates every segment of the program, each in its own transaction, oldest first. Without
     * ClickHouse it does nothing and says so (the schedule keeps running; a worker configured
     * later picks up). A segment refused by the API (deleted meanwhile, too expensive) is logged
     * and passed over, so one bad condition does not hold back the others.
     */
    async refreshProgramSegments(program: ProgramRef): Promise<SegmentRefreshTotals> {
      const log = Context.current().log;
      const totals: SegmentRefreshTotals = { available: true, segments: 0, added: 0, removed: 0, skipped: 0 };
      if (!deps.jobs.segmentRefreshAvailable) {
        log.warn('segment refresh skipped: the worker has no ClickHouse (CLICKHOUSE_URL is not configured)', {
          ...program,
        });
        return { ...totals, available: false };
      }
      for (const segmentId of await deps.jobs.segmentIds(program.tenantId, program.programId)) {
        try {
          const result = await deps.jobs.refreshSegment(program.tenantId, segmentId);
          totals.segments += 1;
          totals.added += result.added;
          totals.removed += result.removed;
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          totals.skipped += 1;
          log.warn('segment not refreshed', { ...program, segmentId, code: err.code, message: err.message });
        }
        Context.current().heartbeat(totals.segments + totals.skipped);
      }
      return totals;
    },
  };
}

export type SegmentRefreshActivities = ReturnType<typeof createSegmentRefreshActivities>;
