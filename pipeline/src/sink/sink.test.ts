import { afterEach, describe, expect, it, vi } from 'vitest';
import { Registry } from 'prom-client';
import type { CommitPoint, OutgoingMessage } from '../kafka/kafka-client.ts';
import { silentLogger } from '../logger.ts';
import { consumed, envelope } from '../testing/messages.ts';
import type { ErasedMember } from '@loyalty/clickhouse/member-erasure';
import type { EventRow } from './steps.ts';
import { createClickHouseSink, type SinkSettings } from './sink.ts';

// The sink's flush protocol with spies on its deps: what is inserted, dead-lettered, committed
// and rewound, and in which order. No Kafka, no ClickHouse.

const settings: SinkSettings = {
  SINK_DLQ_TOPIC: 'events.dlq',
  SINK_BATCH_SIZE: 3,
  SINK_BATCH_MAX_AGE_MS: 200,
  SINK_RETRY_BACKOFF_MS: 1_000,
};
const ctx = { heartbeat: async () => undefined, isStale: () => false };
const at = '2026-03-04T05:06:07.089Z';

function setup(stored: string[] = []) {
  const calls: string[] = [];
  const inserted: EventRow[][] = [];
  const dead: OutgoingMessage[] = [];
  const commits: CommitPoint[][] = [];
  const rewinds: CommitPoint[][] = [];
  const erased: ErasedMember[][] = [];
  let failInsert = false;
  let failErase = false;
  const deps = {
    writer: {
      existingIds: vi.fn(async () => {
        calls.push('lookup');
        return new Set(stored);
      }),
      insert: vi.fn(async (rows: readonly EventRow[]) => {
        calls.push('insert');
        if (failInsert) throw new Error('ClickHouse is down');
        inserted.push([...rows]);
      }),
      eraseMembers: vi.fn(async (members: readonly ErasedMember[]) => {
        calls.push('erase');
        if (failErase) throw new Error('ClickHouse refused the mutation');
        erased.push([...members]);
      }),
    },
    dlq: {
      send: vi.fn(async (_t: string, m: OutgoingMessage[]) => {
        calls.push('dlq');
        dead.push(...m);
      }),
      disconnect: async () => undefined,
    },
    offsets: {
      commit: vi.fn(async (p: CommitPoint[]) => {
        calls.push('commit');
        commits.push(p);
      }),
      rewind: vi.fn((p: CommitPoint[]) => {
        rewinds.push(p);
      }),
    },
    registry: new Registry(),
    logger: silentLogger,
    now: () => Date.now(),
  };
  const sink = createClickHouseSink(settings, deps);
  return {
    sink,
    deps,
    calls,
    inserted,
    dead,
    commits,
    rewinds,
    erased,
    failInserts: (v: boolean) => {
      failInsert = v;
    },
    failErasures: (v: boolean) => {
      failErase = v;
    },
  };
}

const msg = (offset: number, value: string | null = JSON.stringify(envelope({ occurredAt: at }))) =>
  consumed(value, { offset: String(offset) });

afterEach(() => vi.useRealTimers());

describe('clickhouse sink', () => {
  it('flushes on size: inserts, then dead-letters, then commits past the batch', async () => {
    vi.useFakeTimers({ now: Date.parse(at) });
    const s = setup();
    await s.sink.handle([msg(7), msg(8, '{oops')], ctx);
    expect(s.calls).toEqual([]);
    await s.sink.handle([msg(9)], ctx);
    await s.sink.idle();
    expect(s.calls).toEqual(['lookup', 'insert', 'dlq', 'commit']);
    expect(s.inserted[0]!.map((r) => r.kafka_offset)).toEqual(['7', '9']);
    expect(s.dead[0]!.headers).toMatchObject({
      'dlq-reason': 'invalid_json',
      'dlq-source-offset': '8',
      'dlq-source-partition': '2',
    });
    expect(s.dead[0]!.value?.toString()).toBe('{oops');
    expect(s.commits).toEqual([[{ topic: 'loyalty.events', partition: 2, offset: '10' }]]);
  });

  it('skips events ClickHouse already holds and copies within the batch, and still commits', async () => {
    vi.useFakeTimers({ now: Date.parse(at) });
    const again = JSON.stringify(envelope({ occurredAt: at }));
    const old = envelope({ occurredAt: at });
    const s = setup([String(old.id)]);
    await s.sink.handle([msg(1, again), msg(2, again), msg(3, JSON.stringify(old))], ctx);
    await s.sink.idle();
    expect(s.inserted[0]!.map((r) => r.kafka_offset)).toEqual(['1']);
    expect(s.commits[0]).toEqual([{ topic: 'loyalty.events', partition: 2, offset: '4' }]);
  });

  it('erases the members a batch deletes after inserting it, even when the deletion is a duplicate', async () => {
    vi.useFakeTimers({ now: Date.parse(at) });
    const tenantId = '0b0e6f5e-4d43-4c1e-9a53-3a1f5d2b7c01';
    const [gone, again] = ['7c9e6679-7425-40de-944b-e07fc1f90ae7', '16fd2706-8baf-433b-82eb-8c7fada847da'];
    const redelivered = envelope({ occurredAt: at, type: 'member_deleted', tenantId, memberId: again, data: {} });
    const s = setup([String(redelivered.id)]);
    await s.sink.handle(
      [
        msg(1, JSON.stringify(envelope({ occurredAt: at, type: 'member_created', tenantId, memberId: gone }))),
        msg(
          2,
          JSON.stringify(envelope({ occurredAt: at, type: 'member_deleted', tenantId, memberId: gone, data: {} })),
        ),
        msg(3, JSON.stringify(redelivered)),
      ],
      ctx,
    );
    await s.sink.idle();
    expect(s.calls).toEqual(['lookup', 'insert', 'erase', 'commit']);
    expect(s.erased).toEqual([
      [
        { tenantId, memberId: gone },
        { tenantId, memberId: again },
      ],
    ]);
  });

  it('retries the batch when an erasure cannot be recorded, and commits nothing meanwhile', async () => {
    vi.useFakeTimers({ now: Date.parse(at) });
    const s = setup();
    s.failErasures(true);
    await s.sink.handle(
      [msg(5), msg(6, JSON.stringify(envelope({ occurredAt: at, type: 'member_deleted' }))), msg(7)],
      ctx,
    );
    await s.sink.idle();
    expect(s.calls).toEqual(['lookup', 'insert', 'erase']);
    expect(s.commits).toEqual([]);
    expect(s.rewinds).toEqual([[{ topic: 'loyalty.events', partition: 2, offset: '5' }]]);
  });

  it('flushes on age from the timer', async () => {
    vi.useFakeTimers({ now: Date.parse(at) });
    const s = setup();
    s.sink.start();
    await s.sink.handle([msg(1)], ctx);
    await vi.advanceTimersByTimeAsync(150);
    expect(s.calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(s.calls).toEqual(['lookup', 'insert', 'commit']);
    await s.sink.stop();
  });

  it('on an infrastructure error: commits nothing, rewinds to the batch start, retries after backoff', async () => {
    vi.useFakeTimers({ now: Date.parse(at) });
    const s = setup();
    s.failInserts(true);
    await s.sink.handle([msg(5), msg(6), msg(7)], ctx);
    await s.sink.idle();
    expect(s.commits).toEqual([]);
    expect(s.rewinds).toEqual([[{ topic: 'loyalty.events', partition: 2, offset: '5' }]]);
    s.failInserts(false);
    // The group fetches the batch again; the next flush waits out the backoff first.
    const redelivered = s.sink.handle([msg(5), msg(6), msg(7)], ctx);
    await vi.advanceTimersByTimeAsync(999);
    expect(s.inserted).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await redelivered;
    await s.sink.idle();
    expect(s.inserted[0]).toHaveLength(3);
    expect(s.commits).toEqual([[{ topic: 'loyalty.events', partition: 2, offset: '8' }]]);
  });

  it('decodes the next batch while one is being written, and flushes them in order', async () => {
    vi.useFakeTimers({ now: Date.parse(at) });
    const s = setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const insert = s.deps.writer.insert.getMockImplementation()!;
    s.deps.writer.insert.mockImplementationOnce(async (rows) => {
      await gate;
      return insert(rows);
    });
    await s.sink.handle([msg(1), msg(2), msg(3)], ctx);
    // The first batch is still being inserted: the handler took the next messages anyway...
    await s.sink.handle([msg(4), msg(5)], ctx);
    expect(s.commits).toEqual([]);
    // ...and a full second batch waits for the first to be committed before its own lookup.
    const second = s.sink.handle([msg(6)], ctx);
    await vi.advanceTimersByTimeAsync(0);
    expect(s.calls).toEqual(['lookup']);
    release();
    await second;
    await s.sink.idle();
    expect(s.calls).toEqual(['lookup', 'insert', 'commit', 'lookup', 'insert', 'commit']);
    expect(s.commits.map((c) => c[0]!.offset)).toEqual(['4', '7']);
  });

  it('a failed flush also drops what was buffered behind it and fetches that again', async () => {
    vi.useFakeTimers({ now: Date.parse(at) });
    const s = setup();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    s.deps.writer.insert.mockImplementationOnce(async () => {
      await gate;
      throw new Error('ClickHouse is down');
    });
    await s.sink.handle([msg(1), msg(2), msg(3)], ctx);
    await s.sink.handle(
      [msg(4), consumed(JSON.stringify(envelope({ occurredAt: at })), { offset: '40', partition: 3 })],
      ctx,
    );
    release();
    await s.sink.idle();
    expect(s.commits).toEqual([]);
    expect(s.rewinds).toEqual([
      [
        { topic: 'loyalty.events', partition: 2, offset: '1' },
        { topic: 'loyalty.events', partition: 3, offset: '40' },
      ],
    ]);
    await s.sink.stop();
    expect(s.inserted).toEqual([]);
  });

  it('ignores stale batches, and on stop flushes and commits what it holds, then takes nothing more', async () => {
    vi.useFakeTimers({ now: Date.parse(at) });
    const s = setup();
    await s.sink.handle([msg(1)], { ...ctx, isStale: () => true });
    await s.sink.handle([msg(2)], ctx);
    await s.sink.stop();
    expect(s.inserted[0]!.map((r) => r.kafka_offset)).toEqual(['2']);
    expect(s.commits).toEqual([[{ topic: 'loyalty.events', partition: 2, offset: '3' }]]);
    await s.sink.handle([msg(3), msg(4), msg(5)], ctx);
    expect(s.calls.filter((c) => c === 'insert')).toHaveLength(1);
  });
});
