import { eventEnvelopeSchema, type EventEnvelope } from '@loyalty/shared';
// The row contract lives with the table; this subpath keeps the embedded engine out of the sink.
import { toEventRow, type EventRow } from '@loyalty/clickhouse/events-table';

export type { EventRow };
import type { ConsumedMessage } from '../kafka/kafka-client.ts';
import { TENANT_ID_HEADER } from '../relay/outbox-message.ts';
import { andThen, dlq, drop, ok, type StepResult } from './step-result.ts';

// Kafka message -> ClickHouse `events` row, as a chain of small steps. Each is pure and unit
// tested; none throws for a bad message.

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

export function toRow(envelope: EventEnvelope, message: ConsumedMessage, now: number): StepResult<EventRow> {
  const at = Date.parse(envelope.occurredAt);
  // Out-of-range times would land in odd monthly partitions; too many in one insert fails the
  // insert for the whole batch, which must not be a message's power.
  if (!(at >= EARLIEST && at <= now + FUTURE_SLACK_MS))
    return dlq('occurred_at_out_of_range', `occurredAt ${envelope.occurredAt}`);
  return ok(toEventRow(envelope, message));
}

export function processMessage(message: ConsumedMessage, now: number): StepResult<EventRow> {
  const envelope = andThen(andThen(parseJson(message), validateEnvelope), (e) => checkTenantHeader(e, message));
  return andThen(envelope, (e) => toRow(e, message, now));
}
