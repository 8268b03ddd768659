import { defineSignal } from '@temporalio/workflow';

// One workflow per published campaign (`campaign:<campaignId>`): it sleeps until the campaign's
// start, emits `campaign_started`, sleeps until its end, emits `campaign_ended`. The campaign's
// dates are instants already (the API resolved them in the program's time zone, DST included),
// and the database stays their source of truth: the signal only says "read them again".

export interface CampaignRef {
  tenantId: string;
  campaignId: string;
}

export type CampaignOutcome = 'ended' | 'cancelled' | 'deleted' | 'never_started';

/** Sent after a campaign's dates change, or it is cancelled or deleted. */
export const campaignChangedSignal = defineSignal('campaignChanged');

export const campaignWorkflowId = (campaignId: string) => `campaign:${campaignId}`;
