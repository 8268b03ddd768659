import type { CommitPoint, ConsumedMessage } from '../kafka/kafka-client.ts';
import type { StepResult } from './step-result.ts';
import type { EventRow } from './steps.ts';

// Collects processed messages until a flush, and remembers per partition where the batch began
// (to fetch it again if the flush fails) and where it ended (what to commit once it succeeded).

export interface DeadLetter {
  message: ConsumedMessage;
  reason: string;
  error: unknown;
}

export interface Batch {
  rows: EventRow[];
  dead: DeadLetter[];
  dropped: number;
  /** Next offset to read per partition: everything in this batch is done. */
  commits: CommitPoint[];
  /** First offset per partition: where to fetch again if this batch is lost. */
  rewind: CommitPoint[];
  messages: number;
}

export interface BatchBuffer {
  add(message: ConsumedMessage, result: StepResult<EventRow>, now: number): void;
  size(): number;
  /** Milliseconds since the first message of the batch arrived (0 when empty). */
  age(now: number): number;
  take(): Batch;
}

export function createBatchBuffer(): BatchBuffer {
  let rows: EventRow[] = [];
  let dead: DeadLetter[] = [];
  let dropped = 0;
  let messages = 0;
  let startedAt: number | null = null;
  let first = new Map<string, CommitPoint>();
  let next = new Map<string, CommitPoint>();

  return {
    add(message, result, now) {
      startedAt ??= now;
      messages += 1;
      const tp = `${message.topic}\u0000${message.partition}`;
      if (!first.has(tp)) first.set(tp, { topic: message.topic, partition: message.partition, offset: message.offset });
      const after = (BigInt(message.offset) + 1n).toString();
      const known = next.get(tp);
      if (!known || BigInt(known.offset) < BigInt(after))
        next.set(tp, { topic: message.topic, partition: message.partition, offset: after });
      if (result.kind === 'ok') rows.push(result.value);
      else if (result.kind === 'dlq') dead.push({ message, reason: result.reason, error: result.error });
      else dropped += 1;
    },
    size: () => messages,
    age: (now) => (startedAt === null ? 0 : now - startedAt),
    take() {
      const batch: Batch = { rows, dead, dropped, commits: [...next.values()], rewind: [...first.values()], messages };
      rows = [];
      dead = [];
      dropped = 0;
      messages = 0;
      startedAt = null;
      first = new Map();
      next = new Map();
      return batch;
    },
  };
}

/** Keeps the first row of each event id: a relay republish can put both copies in one batch. */
export function uniqueByEventId(rows: readonly EventRow[]): EventRow[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.event_id) ? false : (seen.add(r.event_id), true)));
}
