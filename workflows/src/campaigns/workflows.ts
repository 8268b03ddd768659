import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { CampaignActivities } from './activities.ts';
import { campaignChangedSignal, type CampaignOutcome, type CampaignRef } from './shared.ts';

const { readCampaign, emitCampaignEvent } = proxyActivities<CampaignActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * Announces the campaign's start and end at their instants. A change (signal) wakes it to read
 * the campaign again; without the signal it still reads it at each instant, so a lost signal
 * delays nothing that moved later. A campaign started late (the worker was down) is announced
 * at once; emitted events are never emitted again (their ids derive from the campaign).
 */
export async function campaignLifecycleWorkflow(ref: CampaignRef): Promise<CampaignOutcome> {
  let changed = false;
  setHandler(campaignChangedSignal, () => void (changed = true));
  let started = false;
  const emit = (type: 'campaign_started' | 'campaign_ended', reason?: 'ended' | 'cancelled' | 'deleted') =>
    emitCampaignEvent({ ...ref, type, reason, at: new Date(Date.now()).toISOString() });

  for (;;) {
    changed = false;
    const campaign = await readCampaign(ref);
    if (!campaign || campaign.state !== 'published') {
      const reason = !campaign ? 'deleted' : 'cancelled';
      if (!started) return 'never_started';
      await emit('campaign_ended', reason);
      return reason;
    }
    const next = Date.parse(started ? campaign.endsAt : campaign.startsAt);
    if (Date.now() < next) {
      await condition(() => changed, next - Date.now());
      continue;
    }
    if (!started) {
      await emit('campaign_started');
      started = true;
      continue;
    }
    await emit('campaign_ended', 'ended');
    return 'ended';
  }
}
