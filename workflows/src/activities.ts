import type { Client } from '@temporalio/client';
import type { BackgroundJobs } from '@loyalty/api/background-jobs';
import { createCampaignActivities } from './campaigns/activities.ts';
import { createExpiryActivities } from './expiry/activities.ts';
import { createHealthActivities } from './health/activities.ts';
import { createRetentionActivities } from './idempotency-retention/activities.ts';
import { createScheduleActivities } from './schedules/activities.ts';
import { createSegmentRefreshActivities } from './segment-refresh/activities.ts';
import { createTierRecalcActivities } from './tier-recalc/activities.ts';

// Every activity the worker registers, built from its dependencies.

export interface ActivityDeps {
  jobs: BackgroundJobs;
  client: Client;
  idempotencyPageSize?: number;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createHealthActivities(),
    ...createExpiryActivities({ jobs: deps.jobs }),
    ...createRetentionActivities({ jobs: deps.jobs, pageSize: deps.idempotencyPageSize ?? 1_000 }),
    ...createScheduleActivities({ jobs: deps.jobs, client: deps.client }),
    ...createCampaignActivities({ jobs: deps.jobs }),
    ...createTierRecalcActivities({ jobs: deps.jobs }),
    ...createSegmentRefreshActivities({ jobs: deps.jobs }),
  };
}
