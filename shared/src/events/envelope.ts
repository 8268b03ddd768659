import { z } from 'zod';

// Every domain event, in the outbox, on Kafka and in webhooks, has this envelope.

export const EVENT_TYPES = [
  'member_created',
  'member_updated',
  'member_deleted',
  'transaction_created',
  'points_earned',
  'points_redeemed',
  'points_adjusted',
  'points_reversed',
  'points_expired',
  'points_pending',
  'points_pending_confirmed',
  'points_pending_voided',
  'tier_changed',
  'program_created',
  'program_updated',
  'reward_created',
  'reward_updated',
  'reward_deleted',
  'reward_redeemed',
  'redemption_fulfilled',
  'redemption_cancelled',
  'campaign_created',
  'campaign_updated',
  'campaign_deleted',
  'campaign_started',
  'campaign_ended',
  'segment_created',
  'segment_updated',
  'segment_deleted',
  'rule_created',
  'rule_updated',
  'rule_deleted',
  'tier_created',
  'tier_updated',
  'tier_deleted',
  'order_created',
  'order_refunded',
] as const;
export const eventTypeSchema = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof eventTypeSchema>;

export const eventEnvelopeSchema = z.object({
  id: z.uuid().describe('unique per event: a redelivered event keeps its id, so deduplicate on it'),
  type: eventTypeSchema.describe('what happened; decides the shape of data'),
  tenantId: z.uuid().describe('the merchant the event belongs to'),
  programId: z.uuid().describe('the loyalty program it happened in'),
  memberId: z.uuid().optional().describe('the member it concerns, by UUID; absent for events about no one member'),
  occurredAt: z.iso.datetime({ offset: true }).describe('when the change was written, ISO 8601 in UTC'),
  data: z.record(z.string(), z.unknown()).describe("the event type's own payload"),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
