import { toClickHouseTimestamp, type EventEnvelope } from '@loyalty/shared';

// The row of the `events` table (migrations/0001_events.sql) as a JSONEachRow insert
// carries it: the contract between the Kafka -> ClickHouse sink and every derived table.

export const EVENTS_TABLE = 'events';

export interface EventRow {
  event_id: string;
  type: string;
  tenant_id: string;
  program_id: string;
  member_id: string | null;
  /** 'YYYY-MM-DD hh:mm:ss.sss' UTC: what a DateTime64(3, 'UTC') column parses exactly. */
  occurred_at: string;
  /** The envelope's `data` object as JSON text. */
  data: string;
  kafka_partition: number;
  /** A string: offsets are 64-bit and kafkajs hands them over as strings. */
  kafka_offset: string;
  // ingested_at is left to the table's DEFAULT now64(3): freshness is measured against it.
}

export interface KafkaPosition {
  readonly partition: number;
  readonly offset: string | number | bigint;
}

export function toEventRow(envelope: EventEnvelope, position: KafkaPosition): EventRow {
  return {
    event_id: envelope.id,
    type: envelope.type,
    tenant_id: envelope.tenantId,
    program_id: envelope.programId,
    member_id: envelope.memberId ?? null,
    occurred_at: toClickHouseTimestamp(Date.parse(envelope.occurredAt)),
    data: JSON.stringify(envelope.data),
    kafka_partition: position.partition,
    kafka_offset: String(position.offset),
  };
}
