import { expect, it } from 'vitest';
import { toKafkaMessage } from './outbox-message.ts';

const row = {
  id: 1,
  eventId: 'e1',
  tenantId: 't1',
  type: 'points_earned',
  memberId: 'm1' as string | null,
  payload: '{"id":"e1"}',
  createdAt: new Date(0),
};

it('keys by member, carries the envelope as is and type and tenant in headers', () => {
  expect(toKafkaMessage(row)).toEqual({
    key: 'm1',
    value: '{"id":"e1"}',
    headers: { 'event-type': 'points_earned', 'tenant-id': 't1', 'event-id': 'e1' },
  });
});

it('keys by tenant when the event has no member', () => {
  expect(toKafkaMessage({ ...row, memberId: null, type: 'program_created' }).key).toBe('t1');
});
