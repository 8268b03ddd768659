import type { OutgoingMessage } from '../kafka/kafka-client.ts';
import type { OutboxRow } from './outbox-store.ts';

// Header names shared by the relay (producer) and the consumers.
export const EVENT_TYPE_HEADER = 'event-type';
export const TENANT_ID_HEADER = 'tenant-id';
export const EVENT_ID_HEADER = 'event-id';

/**
 * Key = member id: all of a member's events land on one partition, in order. Events without a
 * member (program changes) are keyed by tenant, which keeps a tenant's configuration history
 * in order too. The value is the envelope exactly as the API wrote it; headers let a consumer
 * route or filter without parsing it.
 */
export function toKafkaMessage(row: OutboxRow): OutgoingMessage {
  return {
    key: row.memberId ?? row.tenantId,
    value: row.payload,
    headers: { [EVENT_TYPE_HEADER]: row.type, [TENANT_ID_HEADER]: row.tenantId, [EVENT_ID_HEADER]: row.eventId },
  };
}
