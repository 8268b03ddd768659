import { eventEnvelopeSchema, type EventEnvelope } from '@loyalty/shared';
import type { ConsumedMessage } from '../kafka/kafka-client.ts';
import { TENANT_ID_HEADER } from '../relay/outbox-message.ts';
import { andThen, dlq, drop, ok, type StepResult } from './step-result.ts';

// Kafka message -> ClickHouse `events` row, as a chain of small steps. Each is pure and unit
// tested; none throws for a bad message.

/** One row of the ClickHouse `events` table (JSONEachRow). */
export interface EventRow {
  event_id: string;
  type: string;
  tenant_id: string;
  program_id: string;
  member_id: string | null;
  /** 'YYYY-MM-DD hh:mm:ss.mmm' in UTC: DateTime64(3, 'UTC') reads it without guessing. */
  occurred_at: string;
  /** The envelope's `data` object as JSON text. */
  data: string;
  kafka_partition: number;
  kafka_offset: string;
}

const EARLIEST = Date.UTC(2000, 0, 1);
const FUTURE_SLACK_MS = 7 * 86_400_000;

export function parseJson(message: ConsumedMessage): StepResult<unknown> {
  // A null value is a tombstone (compaction marker): nothing happened, nothing to keep.
  if (message.value === null) return drop('tombstone');
  try {
    return ok(JSON.parse(message.value.toString('utf8')));
  } catch (err) {
    return dlq('invalid_json', err);
  }
}

export function validateEnvelope(json: unknown): StepResult<EventEnvelope> {
  const parsed = eventEnvelopeSchema.safeParse(json);
  return parsed.success ? ok(parsed.data) : dlq('invalid_envelope', parsed.error);
}

/** The relay stamps the tenant header from the outbox row; a mismatch means a forged or broken message. */
export function checkTenantHeader(envelope: EventEnvelope, message: ConsumedMessage): StepResult<EventEnvelope> {
  const header = message.headers[TENANT_ID_HEADER];
  return header === undefined || header === envelope.tenantId
    ? ok(envelope)
    : dlq('tenant_mismatch', `header ${TENANT_ID_HEADER}=${header} but envelope tenantId=${envelope.tenantId}`);
}

export function toEventRow(envelope: EventEnvelope, message: ConsumedMessage, now: number): StepResult<EventRow> {
  const at = Date.parse(envelope.occurredAt);
  // Out-of-range times would land in odd monthly partitions; too many in one insert fails the
  // insert for the whole batch, which must not be a message's power.
  if (!(at >= EARLIEST && at <= now + FUTURE_SLACK_MS)) return dlq('occurred_at_out_of_range', `occurredAt ${envelope.occurredAt}`);
  return ok({
    event_id: envelope.id,
    type: envelope.type,
    tenant_id: envelope.tenantId,
    program_id: envelope.programId,
    member_id: envelope.memberId ?? null,
    occurred_at: clickHouseTime(at),
    data: JSON.stringify(envelope.data),
    kafka_partition: message.partition,
    kafka_offset: message.offset,
  });
}

export function processMessage(message: ConsumedMessage, now: number): StepResult<EventRow> {
  const envelope = andThen(andThen(parseJson(message), validateEnvelope), (e) => checkTenantHeader(e, message));
  return andThen(envelope, (e) => toEventRow(e, message, now));
}

export function clickHouseTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
