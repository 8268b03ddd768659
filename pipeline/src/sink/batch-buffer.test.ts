import { expect, it } from 'vitest';
import { consumed } from '../testing/messages.ts';
import { createBatchBuffer, uniqueByEventId } from './batch-buffer.ts';
import { dlq, drop, ok } from './step-result.ts';
import type { EventRow } from './steps.ts';

const row = (id: string) => ({ event_id: id }) as EventRow;

it('tracks size, age and per-partition first and next offsets', () => {
  const b = createBatchBuffer();
  expect(b.age(100)).toBe(0);
  b.add(consumed('a', { partition: 0, offset: '9' }), ok(row('a')), 100);
  b.add(consumed('b', { partition: 1, offset: '3' }), drop('tombstone'), 120);
  b.add(consumed('c', { partition: 0, offset: '10' }), dlq('invalid_json', new Error('x')), 130);
  expect(b.size()).toBe(3);
  expect(b.age(150)).toBe(50);
  const batch = b.take();
  expect(batch).toMatchObject({ rows: [row('a')], dropped: 1, messages: 3 });
  expect(batch.dead.map((d) => d.reason)).toEqual(['invalid_json']);
  expect(batch.commits).toEqual([
    { topic: 'loyalty.events', partition: 0, offset: '11' },
    { topic: 'loyalty.events', partition: 1, offset: '4' },
  ]);
  expect(batch.rewind).toEqual([
    { topic: 'loyalty.events', partition: 0, offset: '9' },
    { topic: 'loyalty.events', partition: 1, offset: '3' },
  ]);
  expect(b.size()).toBe(0);
  expect(b.take().commits).toEqual([]);
});

it('commits past the largest offset even when a replay re-adds smaller ones', () => {
  const b = createBatchBuffer();
  b.add(consumed('a', { offset: '9007199254740993' }), ok(row('a')), 1);
  b.add(consumed('a', { offset: '5' }), ok(row('a')), 2);
  expect(b.take().commits).toEqual([{ topic: 'loyalty.events', partition: 2, offset: '9007199254740994' }]);
});

it('keeps the first copy of each event id', () => {
  expect(uniqueByEventId([row('a'), row('b'), row('a')])).toEqual([row('a'), row('b')]);
});
