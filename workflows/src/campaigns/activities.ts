import type { BackgroundJobs, CampaignLifecycleFacts, LifecycleEvent } from '@loyalty/api/background-jobs';
import type { CampaignRef } from './shared.ts';

export interface CampaignDeps {
  jobs: Pick<BackgroundJobs, 'campaignFacts' | 'emitCampaignEvent'>;
}

export function createCampaignActivities(deps: CampaignDeps) {
  return {
    async readCampaign(ref: CampaignRef): Promise<CampaignLifecycleFacts | null> {
      return (await deps.jobs.campaignFacts(ref.tenantId, ref.campaignId)) ?? null;
    },

    /** Writes the event through the outbox; its id derives from the campaign, so a retry writes nothing. */
    async emitCampaignEvent(event: Omit<LifecycleEvent, 'at'> & { at: string }): Promise<boolean> {
      return deps.jobs.emitCampaignEvent({ ...event, at: new Date(event.at) });
    },
  };
}

export type CampaignActivities = ReturnType<typeof createCampaignActivities>;
