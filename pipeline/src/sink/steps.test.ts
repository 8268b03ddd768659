import { describe, expect, it } from 'vitest';
import { consumed, envelope } from '../testing/messages.ts';
import { processMessage } from './steps.ts';

const NOW = Date.UTC(2026, 2, 4, 6);

describe('processMessage', () => {
  it('maps an envelope to an events row', () => {
    const e = envelope();
    const result = processMessage(consumed(JSON.stringify(e), { headers: { 'tenant-id': String(e.tenantId) } }), NOW);
    expect(result).toEqual({
      kind: 'ok',
      value: {
        event_id: e.id,
        type: 'points_earned',
        tenant_id: e.tenantId,
        program_id: e.programId,
        member_id: e.memberId,
        occurred_at: '2026-03-04 05:06:07.089',
        data: '{"posting":{"points":10}}',
        kafka_partition: 2,
        kafka_offset: '41',
      },
    });
  });

  it('keeps a member-less event with a null member and normalizes offsets to UTC', () => {
    const e = envelope({ memberId: undefined, type: 'program_created', occurredAt: '2026-03-04T07:06:07.089+02:00' });
    const result = processMessage(consumed(JSON.stringify(e)), NOW);
    expect(result).toMatchObject({ kind: 'ok', value: { member_id: null, occurred_at: '2026-03-04 05:06:07.089' } });
  });

  it('drops a tombstone', () => {
    expect(processMessage(consumed(null), NOW)).toEqual({ kind: 'drop', reason: 'tombstone' });
  });

  it.each([
    ['invalid_json', '{"id":'],
    ['invalid_envelope', JSON.stringify({ hello: 'world' })],
    ['invalid_envelope', JSON.stringify(envelope({ type: 'no_such_event' }))],
    ['invalid_envelope', JSON.stringify(envelope({ tenantId: 'not-a-uuid' }))],
    ['occurred_at_out_of_range', JSON.stringify(envelope({ occurredAt: '1970-01-01T00:00:00Z' }))],
    ['occurred_at_out_of_range', JSON.stringify(envelope({ occurredAt: '2099-01-01T00:00:00Z' }))],
  ])('sends %s to the dead-letter topic, never throws', (reason, value) => {
    expect(processMessage(consumed(value), NOW)).toMatchObject({ kind: 'dlq', reason });
  });

  it('dead-letters an envelope whose tenant differs from the relay-stamped header', () => {
    const e = envelope();
    expect(
      processMessage(consumed(JSON.stringify(e), { headers: { 'tenant-id': 'someone-else' } }), NOW),
    ).toMatchObject({ kind: 'dlq', reason: 'tenant_mismatch' });
  });
});
