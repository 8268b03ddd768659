// A campaign's status is derived, never stored: the stored state says whether it was published
// or cancelled, and the dates say the rest. The earn path and the API use this one function.

export type CampaignState = 'draft' | 'published' | 'cancelled';
export type CampaignStatus = 'draft' | 'scheduled' | 'active' | 'ended' | 'cancelled';

export function campaignStatus(c: { state: CampaignState; startsAt: Date; endsAt: Date }, now: Date): CampaignStatus {
  if (c.state === 'draft') return 'draft';
  if (c.state === 'cancelled') return 'cancelled';
  if (now < c.startsAt) return 'scheduled';
  return now < c.endsAt ? 'active' : 'ended';
}
