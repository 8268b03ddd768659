import { randomUUID } from 'node:crypto';
import { afterAll, expect, inject, it } from 'vitest';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

// Proves the pinned broker and kafkajs agree: admin, idempotent producer, and a consumer group.

const kafka = new Kafka({
  clientId: 'smoke',
  brokers: inject('stackEnv').KAFKA_BROKERS!.split(','),
  logLevel: logLevel.WARN,
});
const consumers: Consumer[] = [];
afterAll(() => Promise.all(consumers.map((c) => c.disconnect())));

it('produces to a topic and consumes it back through a consumer group', async () => {
  const topic = `smoke-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const sent = Array.from({ length: 30 }, (_, i) => ({ key: `member-${i % 5}`, value: JSON.stringify({ seq: i }) }));
  await producer.send({ topic, messages: sent, acks: -1 });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `smoke-group-${randomUUID()}` });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const received: { key: string; seq: number; partition: number }[] = [];
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ message, partition }) => {
          received.push({ key: message.key!.toString(), seq: JSON.parse(message.value!.toString()).seq, partition });
          if (received.length === sent.length) resolve();
        },
      })
      .catch(reject);
  });

  expect(received.map((r) => r.seq).sort((a, b) => a - b)).toEqual(sent.map((_, i) => i));
  // Same key, same partition, in order: the property per-member event ordering relies on.
  for (const key of new Set(received.map((r) => r.key))) {
    const ofKey = received.filter((r) => r.key === key);
    expect(new Set(ofKey.map((r) => r.partition)).size).toBe(1);
    expect(ofKey.map((r) => r.seq)).toEqual([...ofKey.map((r) => r.seq)].sort((a, b) => a - b));
  }
});
