import type { Registry } from 'prom-client';
import type { SinkConfig } from '../config.ts';
import type { BatchHandler, ConsumerGroup, EventProducer, OutgoingMessage } from '../kafka/kafka-client.ts';
import type { Logger } from '../logger.ts';
import { membersToErase } from '@loyalty/clickhouse/member-erasure';
import { createBatchBuffer, uniqueByEventId, type Batch, type DeadLetter } from './batch-buffer.ts';
import type { EventsWriter } from './events-writer.ts';
import { createSinkMetrics } from './sink-metrics.ts';
import { describeError } from './step-result.ts';
import { processMessage } from './steps.ts';

// Kafka -> ClickHouse. Messages go through the steps into a buffer; the buffer is flushed when
// it holds SINK_BATCH_SIZE messages or its first message is SINK_BATCH_MAX_AGE_MS old. Flushes
// run one at a time, in the background: the next batch is decoded while ClickHouse inserts. A flush:
//   1. drops events ClickHouse already holds (redelivery after a crash, relay republishes),
//   2. inserts the rest (synchronously: acknowledged = visible),
//   3. erases the profiles of the members the batch deletes (member_deleted, duplicates included:
//      a retried batch erases again, harmlessly), after the insert so the batch's own rows go too,
//   4. sends poison messages to the dead-letter topic with their reason,
//   5. only then commits the Kafka offsets behind the batch.
// A failure in 1-4 is infrastructure: the batch, and whatever was buffered behind it, is fetched
// again from its first offsets after a backoff. Nothing is committed that is not durable, and
// replaying is harmless.

export type SinkSettings = Pick<
  SinkConfig,
  'SINK_DLQ_TOPIC' | 'SINK_BATCH_SIZE' | 'SINK_BATCH_MAX_AGE_MS' | 'SINK_RETRY_BACKOFF_MS'
>;

export interface SinkDeps {
  writer: EventsWriter;
  dlq: EventProducer;
  offsets: Pick<ConsumerGroup, 'commit' | 'rewind'>;
  registry: Registry;
  logger: Logger;
  now?: () => number;
}

export interface ClickHouseSink {
  /** Buffers a fetched batch; a full buffer starts a flush, after the previous one has finished. */
  handle: BatchHandler;
  /** Starts the age-based flush timer. */
  start(): void;
  /** Resolves once no flush is running (tests, and callers that want a quiet point). */
  idle(): Promise<void>;
  /** Stops taking messages, flushes and commits what is buffered. */
  stop(): Promise<void>;
}

// Dead-letter headers: why, and where the message came from (to replay it once fixed).
export const DLQ_HEADERS = {
  reason: 'dlq-reason',
  error: 'dlq-error',
  topic: 'dlq-source-topic',
  partition: 'dlq-source-partition',
  offset: 'dlq-source-offset',
} as const;

export function deadLetterMessage(d: DeadLetter): OutgoingMessage {
  return {
    key: d.message.key,
    value: d.message.value,
    headers: {
      ...d.message.headers,
      [DLQ_HEADERS.reason]: d.reason,
      [DLQ_HEADERS.error]: describeError(d.error),
      [DLQ_HEADERS.topic]: d.message.topic,
      [DLQ_HEADERS.partition]: String(d.message.partition),
      [DLQ_HEADERS.offset]: d.message.offset,
    },
  };
}

const parseClickHouseTime = (t: string) => Date.parse(`${t.replace(' ', 'T')}Z`);

export function createClickHouseSink(config: SinkSettings, deps: SinkDeps): ClickHouseSink {
  const { logger, writer } = deps;
  const now = deps.now ?? Date.now;
  const metrics = createSinkMetrics(deps.registry);
  const buffer = createBatchBuffer();
  let stopping = false;
  let retryAt = 0;
  let timer: NodeJS.Timeout | null = null;
  // The flush in flight, if any (it never rejects: a failure is handled where it happens). One
  // at a time, so a batch's dedup lookup always sees the batches before it stored; meanwhile the
  // handler fills the next batch, so decoding overlaps the ClickHouse insert.
  let inFlight: Promise<void> | null = null;

  // Handler, timer and stop take turns: messages are added and flushes started one caller at a time.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  }

  async function write(batch: Batch): Promise<void> {
    const unique = uniqueByEventId(batch.rows);
    const stored = await writer.existingIds(unique);
    const fresh = stored.size === 0 ? unique : unique.filter((r) => !stored.has(r.event_id));
    await writer.insert(fresh);
    const visibleAt = now();
    const erased = membersToErase(unique);
    if (erased.length > 0) await writer.eraseMembers(erased);
    if (batch.dead.length > 0) await deps.dlq.send(config.SINK_DLQ_TOPIC, batch.dead.map(deadLetterMessage));
    for (const d of batch.dead)
      logger.warn('message dead-lettered', {
        reason: d.reason,
        topic: d.message.topic,
        partition: d.message.partition,
        offset: d.message.offset,
      });
    metrics.messages.inc({ outcome: 'inserted' }, fresh.length);
    metrics.messages.inc({ outcome: 'duplicate' }, batch.rows.length - fresh.length);
    metrics.messages.inc({ outcome: 'dropped' }, batch.dropped);
    metrics.messages.inc({ outcome: 'dead_lettered' }, batch.dead.length);
    metrics.membersErased.inc(erased.length);
    for (const r of fresh)
      metrics.freshnessSeconds.observe(Math.max(0, visibleAt - parseClickHouseTime(r.occurred_at)) / 1000);
  }

  async function flush(batch: Batch): Promise<void> {
    const started = now();
    try {
      await write(batch);
    } catch (err) {
      metrics.flushFailures.inc();
      retryAt = now() + config.SINK_RETRY_BACKOFF_MS;
      // The batch is gone from memory, and so is what was buffered behind it (later offsets of
      // the same partitions, or partitions first seen since): fetch both again, each partition
      // from the first message either held.
      const behind = buffer.take();
      const rewind = new Map(behind.rewind.map((p) => [`${p.topic}\u0000${p.partition}`, p]));
      for (const p of batch.rewind) rewind.set(`${p.topic}\u0000${p.partition}`, p);
      deps.offsets.rewind([...rewind.values()]);
      throw err;
    }
    try {
      await deps.offsets.commit(batch.commits);
    } catch (err) {
      // The rows are stored; a commit lost to a rebalance only means redelivery, which the
      // dedup step absorbs.
      logger.warn('offset commit failed after a successful insert', { err });
    }
    metrics.flushSeconds.observe((now() - started) / 1000);
  }

  /** Takes the buffer and flushes it in the background; call only when nothing is in flight. */
  function startFlush(): Promise<void> {
    const run = flush(buffer.take());
    const settled: Promise<void> = run
      .then(
        () => undefined,
        (err: unknown) => logger.error('flush failed; the batch will be fetched again', { err }),
      )
      .finally(() => {
        if (inFlight === settled) inFlight = null;
      });
    inFlight = settled;
    return run;
  }

  async function waitForBackoff(): Promise<void> {
    const wait = retryAt - now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  const handle: BatchHandler = (messages, ctx) =>
    exclusive(async () => {
      // Stopping: leave these uncommitted for the next owner. Stale: a rewind superseded them.
      if (stopping || ctx.isStale()) return;
      const t = now();
      for (const m of messages) buffer.add(m, processMessage(m, t), t);
      if (buffer.size() < config.SINK_BATCH_SIZE) return;
      // A full batch waits for the one before it: at most two batches in memory.
      if (inFlight) await inFlight;
      await ctx.heartbeat();
      await waitForBackoff();
      // A failed flush dropped what was buffered (it comes again from Kafka).
      if (stopping || buffer.size() === 0) return;
      void startFlush().catch(() => undefined);
    });

  function onTick(): void {
    void exclusive(async () => {
      const t = now();
      if (stopping || inFlight || buffer.size() === 0 || buffer.age(t) < config.SINK_BATCH_MAX_AGE_MS || t < retryAt)
        return;
      void startFlush().catch(() => undefined);
    });
  }

  return {
    handle,
    start() {
      const tick = Math.max(10, Math.min(100, Math.floor(config.SINK_BATCH_MAX_AGE_MS / 4)));
      timer ??= setInterval(onTick, tick);
    },
    idle: () =>
      exclusive(async () => {
        while (inFlight) await inFlight;
      }),
    async stop() {
      stopping = true;
      if (timer) clearInterval(timer);
      timer = null;
      await exclusive(async () => {
        while (inFlight) await inFlight;
        if (buffer.size() > 0) await startFlush();
      });
    },
  };
}
