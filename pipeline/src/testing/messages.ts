import { randomUUID } from 'node:crypto';
import type { ConsumedMessage } from '../kafka/kafka-client.ts';

// Builders for Kafka messages and envelopes, shared by unit and integration tests.

export function envelope(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    type: 'points_earned',
    tenantId: randomUUID(),
    programId: randomUUID(),
    memberId: randomUUID(),
    occurredAt: '2026-03-04T05:06:07.089Z',
    data: { posting: { points: 10 } },
    ...overrides,
  };
}

export function consumed(value: string | null, overrides: Partial<ConsumedMessage> = {}): ConsumedMessage {
  return {
    topic: 'loyalty.events',
    partition: 2,
    offset: '41',
    key: Buffer.from('k'),
    value: value === null ? null : Buffer.from(value),
    headers: {},
    timestamp: '0',
    ...overrides,
  };
}
