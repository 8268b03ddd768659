import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { BackgroundJobs } from '@loyalty/api/background-jobs';
import { createScheduleIfMissing, startCampaignLifecycle } from '../client.ts';
import { expirySchedule } from './schedule-options.ts';
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

    /** Gives each program of the tenant its expiry schedule; returns how many it had and how many were new. */
    async ensureTenantExpirySchedules(
      tenantId: string,
      settings: ScheduleSettings,
    ): Promise<{ programs: number; created: number }> {
      const programIds = await deps.jobs.programIds(tenantId);
      let created = 0;
      for (const programId of programIds) {
        if (await createScheduleIfMissing(deps.client, expirySchedule(settings, { tenantId, programId }))) created += 1;
        Context.current().heartbeat(created);
      }
      return { programs: programIds.length, created };
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
