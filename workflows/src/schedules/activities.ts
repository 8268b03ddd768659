import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { BackgroundJobs } from '@loyalty/api/background-jobs';
import { createScheduleIfMissing, startCampaignLifecycle } from '../client.ts';
import { PROGRAM_SCHEDULES } from './schedule-options.ts';
import type { ScheduleSettings } from './shared.ts';

export interface ScheduleDeps {
  jobs: Pick<BackgroundJobs, 'tenantIds' | 'programIds' | 'liveCampaignIds'>;
  client: Client;
}

export function createScheduleActivities(deps: ScheduleDeps) {
  return {
    async listTenantsForSchedules(): Promise<string[]> {
      return deps.jobs.tenantIds();
    },

    /**
     * Gives every program its schedules (expiry, tier recalculation, segment refresh). The
     * schedules that exist are listed once (pages of 1,000), so a run that finds all in place
     * costs a few calls, not one per program; the list lags a little behind creations, and
     * creating one that exists is a no-op.
     */
    async ensureProgramSchedules(settings: ScheduleSettings): Promise<{ programs: number; created: number }> {
      const existing = new Set<string>();
      for await (const schedule of deps.client.schedule.list()) {
        if (PROGRAM_SCHEDULES.some((s) => schedule.scheduleId.startsWith(s.prefix))) existing.add(schedule.scheduleId);
      }
      let programs = 0;
      let created = 0;
      for (const tenantId of await deps.jobs.tenantIds()) {
        for (const programId of await deps.jobs.programIds(tenantId)) {
          programs += 1;
          for (const schedule of PROGRAM_SCHEDULES) {
            const options = schedule.options(settings, { tenantId, programId });
            if (!existing.has(options.scheduleId) && (await createScheduleIfMissing(deps.client, options)))
              created += 1;
          }
          Context.current().heartbeat(programs);
        }
      }
      return { programs, created };
    },

    /**
     * Every published campaign of the tenant has its lifecycle workflow: the publish route starts
     * it at once, and this starts it when Temporal was unreachable then. Returns how many run.
     */
    async ensureTenantCampaignWorkflows(tenantId: string, taskQueue: string): Promise<number> {
      let running = 0;
      for (const campaignId of await deps.jobs.liveCampaignIds(tenantId)) {
        try {
          await startCampaignLifecycle(deps.client, taskQueue, { tenantId, campaignId });
          running += 1;
        } catch (err) {
          // Its lifecycle already completed (ended, cancelled): nothing to start.
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
        Context.current().heartbeat(running);
      }
      return running;
    },
  };
}

export type ScheduleActivities = ReturnType<typeof createScheduleActivities>;
