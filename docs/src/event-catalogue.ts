import type { EventType } from '@loyalty/shared';

// What each event type means, for the generated event reference. A Record over every type, so a
// new type in shared/src/events/envelope.ts does not compile until it is described here.

export const EVENT_GROUPS = ['Members', 'Points', 'Tiers', 'Orders', 'Rewards', 'Campaigns', 'Configuration'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

export interface EventDescription {
  group: EventGroup;
  /** When the event is written, in one or two sentences of Markdown. */
  when: string;
}

export const EVENT_CATALOGUE: Record<EventType, EventDescription> = {
  member_created: { group: 'Members', when: 'A member joined a program (`POST /v1/programs/{programId}/members`).' },
  member_updated: {
    group: 'Members',
    when:
      "A member's profile changed (`PATCH /v1/members/{memberId}`). Also written for every member of a program when " +
      'its `settings.analyticsAttributes` change, so analytics see the attributes the program now shares.',
  },
  member_deleted: {
    group: 'Members',
    when:
      'A member was deleted. Its profile and external id are erased everywhere; its ledger history stays, ' +
      'under its UUID.',
  },
  transaction_created: {
    group: 'Points',
    when:
      'Every posting state: an earn, redeem, adjust, reverse or expire posting, a hold when it opens, and the ' +
      'hold again when it is confirmed or voided. Written together with the specific `points_*` event, with ' +
      'the same data: count postings from this type only, or you count them twice.',
  },
  points_earned: {
    group: 'Points',
    when: 'Points were credited: `POST /v1/members/{memberId}/points/earn`, or a recorded purchase without an approval period.',
  },
  points_redeemed: {
    group: 'Points',
    when: 'Points were spent: `POST /v1/members/{memberId}/points/redeem`, or a reward redemption.',
  },
  points_adjusted: {
    group: 'Points',
    when: 'A manual correction, credit or debit (`POST /v1/members/{memberId}/points/adjust`).',
  },
  points_reversed: {
    group: 'Points',
    when:
      'An earn was clawed back or a redemption refunded: `POST /v1/postings/{postingId}/reverse`, an order refund, ' +
      'a cancelled redemption.',
  },
  points_expired: {
    group: 'Points',
    when:
      'Points reached their expiry date and were removed: by the expiry sweeper, ' +
      '`POST /v1/programs/{programId}/points/expire-due`, or just before the member spends.',
  },
  points_pending: {
    group: 'Points',
    when:
      'Points were credited as pending, not yet spendable: a hold (`POST /v1/members/{memberId}/points/holds`) or a ' +
      'purchase under a rule with an approval period.',
  },
  points_pending_confirmed: { group: 'Points', when: 'A pending hold was confirmed: its points became spendable.' },
  points_pending_voided: { group: 'Points', when: 'A pending hold was voided: its points will never be spendable.' },
  tier_changed: {
    group: 'Tiers',
    when: 'A member moved to another tier, or out of every tier, in the same transaction as the change that moved it.',
  },
  order_created: {
    group: 'Orders',
    when:
      'A purchase was recorded (`POST /v1/programs/{programId}/transactions`), with its points breakdown; written ' +
      "with the earn posting's own events.",
  },
  order_refunded: {
    group: 'Orders',
    when: 'A refund of an order was recorded (`POST /v1/programs/{programId}/orders/{orderId}/refund`).',
  },
  reward_created: { group: 'Rewards', when: 'A reward was added to a program catalogue.' },
  reward_updated: { group: 'Rewards', when: 'A reward was changed (`PATCH /v1/rewards/{rewardId}`).' },
  reward_deleted: { group: 'Rewards', when: 'A reward was deleted.' },
  reward_redeemed: {
    group: 'Rewards',
    when: 'A member redeemed a reward (`POST /v1/members/{memberId}/redemptions`).',
  },
  redemption_fulfilled: {
    group: 'Rewards',
    when: 'A redemption was fulfilled: at once for a coupon or a pooled code, otherwise by `POST /v1/redemptions/{redemptionId}/fulfil`.',
  },
  redemption_cancelled: {
    group: 'Rewards',
    when: 'A pending redemption was cancelled: its points were refunded and its unit returned to stock.',
  },
  campaign_created: { group: 'Campaigns', when: 'A campaign was created (as a draft).' },
  campaign_updated: { group: 'Campaigns', when: 'A campaign was changed, published or cancelled.' },
  campaign_deleted: { group: 'Campaigns', when: 'A campaign was deleted.' },
  campaign_started: {
    group: 'Campaigns',
    when: "A published campaign's start instant came (written by its lifecycle workflow, once per campaign). `data.campaign`: id, name, startsAt, endsAt.",
  },
  campaign_ended: {
    group: 'Campaigns',
    when: 'A started campaign ended: its end instant came, or it was cancelled or deleted while running (`data.reason`: ended, cancelled, deleted). Once per campaign.',
  },
  program_created: { group: 'Configuration', when: 'A program was created.' },
  program_updated: { group: 'Configuration', when: "A program's name, time zone or settings changed." },
  rule_created: { group: 'Configuration', when: 'An earn rule was created.' },
  rule_updated: { group: 'Configuration', when: 'An earn rule was changed.' },
  rule_deleted: { group: 'Configuration', when: 'An earn rule was deleted.' },
  tier_created: { group: 'Configuration', when: 'A tier was created.' },
  tier_updated: { group: 'Configuration', when: 'A tier was changed.' },
  tier_deleted: { group: 'Configuration', when: 'A tier was deleted.' },
  segment_created: { group: 'Configuration', when: 'A segment was created.' },
  segment_updated: {
    group: 'Configuration',
    when: "A segment was changed, or members were added to or removed from its include or exclude list (the event names them), or the worker's scheduled refresh changed its membership (`data.change` evaluated, with the counts matched, added, removed and members).",
  },
  segment_deleted: { group: 'Configuration', when: 'A segment was deleted.' },
};
