import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventType } from '@loyalty/shared';
import { prepared, type Db } from '../../db/pool.ts';

const APPEND = prepared(
  'outbox.append',
  `
  INSERT INTO outbox (event_id, tenant_id, type, member_id, payload)
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::jsonb[])`,
);

export interface NewEvent {
  type: EventType;
  tenantId: string;
  programId: string;
  memberId?: string;
  data: Record<string, unknown>;
}

/** Appends events to the outbox inside the caller's transaction: they exist iff it commits. */
export async function appendEvents(tx: Db, events: NewEvent[], now = new Date()): Promise<EventEnvelope[]> {
  if (events.length === 0) return [];
  const envelopes: EventEnvelope[] = events.map((e) => ({
    id: randomUUID(),
    type: e.type,
    tenantId: e.tenantId,
    programId: e.programId,
    ...(e.memberId ? { memberId: e.memberId } : {}),
    occurredAt: now.toISOString(),
    data: e.data,
  }));
  await tx.query(
    APPEND([
      envelopes.map((e) => e.id),
      envelopes.map((e) => e.tenantId),
      envelopes.map((e) => e.type),
      envelopes.map((e) => e.memberId ?? null),
      envelopes.map((e) => JSON.stringify(e)),
    ]),
  );
  return envelopes;
}

/**
 * Appends one event whose id the caller derives from what it reports (a workflow's business id),
 * unless an event with that id exists: a retried or restarted emitter writes it once. True when
 * it was written now.
 */
export async function appendEventOnce(tx: Db, id: string, event: NewEvent, at: Date): Promise<boolean> {
  const envelope: EventEnvelope = {
    id,
    type: event.type,
    tenantId: event.tenantId,
    programId: event.programId,
    occurredAt: at.toISOString(),
    data: event.data,
  };
  const { rowCount } = await tx.query(
    `INSERT INTO outbox (event_id, tenant_id, type, member_id, payload) VALUES ($1, $2, $3, NULL, $4)
     ON CONFLICT (event_id) DO NOTHING`,
    [id, event.tenantId, event.type, JSON.stringify(envelope)],
  );
  return rowCount === 1;
}

/**
 * Erases what a member's profile events said about it (birth month, attributes; the external id
 * of events written before it was left out), published or not: the outbox is kept, and a relay
 * replaying it must not bring the member back anywhere. The events themselves stay, in order.
 */
export async function eraseMemberProfileEvents(tx: Db, memberId: string): Promise<void> {
  await tx.query(
    `UPDATE outbox
        SET payload = jsonb_set(payload, '{data}', ((payload -> 'data') - 'externalId')
                      || CASE WHEN type = 'member_deleted' THEN '{}'::jsonb ELSE '{"birthMonth": null, "attributes": {}}'::jsonb END)
      WHERE member_id = $1 AND type IN ('member_created', 'member_updated', 'member_deleted')`,
    [memberId],
  );
}
