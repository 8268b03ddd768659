import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { BackgroundJobs } from '@loyalty/api/background-jobs';
import { createScheduleIfMissing } from '../client.ts';
import { expirySchedule } from './schedule-options.ts';
import type { ScheduleSettings } from './shared.ts';

export interface ScheduleDeps {
  jobs: Pick<BackgroundJobs, 'tenantIds' | 'programIds'>;
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
  };
}

export type ScheduleActivities = ReturnType<typeof createScheduleActivities>;
