import { createHash } from 'node:crypto';
import type { EventEnvelope } from '@loyalty/shared';
import { toEventRow, type EventRow } from '../events-table.ts';

// The topic as the sink sees it: events keyed by member (program events by program) land in
// a partition by key and get the next offset there. Appending an envelope again, as the
// relay does after a crash between publish and "mark published", gives it a new offset.

export function createKafkaLog(partitions = 3) {
  const nextOffset = new Array<number>(partitions).fill(0);
  const partitionOf = (key: string) => createHash('md5').update(key).digest().readUInt32BE(0) % partitions;
  return {
    append(envelopes: readonly EventEnvelope[]): EventRow[] {
      return envelopes.map((envelope) => {
        const partition = partitionOf(envelope.memberId ?? envelope.programId);
        const offset = nextOffset[partition]!;
        nextOffset[partition] = offset + 1;
        return toEventRow(envelope, { partition, offset });
      });
    },
  };
}
