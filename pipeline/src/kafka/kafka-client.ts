import { Kafka, Partitioners, logLevel, type Consumer, type IHeaders, type LogEntry } from 'kafkajs';
import type { Logger } from '../logger.ts';
import { kafkaLogLevel, type KafkaLogLevel } from './kafka-log-level.ts';

// The only file that imports kafkajs. Everything else speaks these few types, so the client
// library could be swapped (node-rdkafka, confluent's) without touching relay or sink logic,
// and the delivery guarantees are decided in one place:
//  * producer: idempotent, one request in flight, acks from all in-sync replicas, so a retried
//    send neither duplicates nor reorders within a partition;
//  * consumer: offsets are committed only when the handler says its work is durable, never on
//    a timer (autoCommit off).

export interface OutgoingMessage {
  key: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string>;
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  /** Kafka offsets are int64: kept as decimal strings, as kafkajs gives them. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
  timestamp: string;
}

/** "Everything before `offset` is done": the next offset this group should read. */
export interface CommitPoint {
  topic: string;
  partition: number;
  offset: string;
}

export interface BatchContext {
  heartbeat(): Promise<void>;
  /** True once the partition was rewound after this batch was fetched: drop the batch. */
  isStale(): boolean;
}

/** Handles one fetched batch (one partition); returns what is now durable and may be committed. */
export type BatchHandler = (messages: ConsumedMessage[], ctx: BatchContext) => Promise<CommitPoint[] | void>;

export interface EventProducer {
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ConsumerGroup {
  /** Joins the group and starts fetching; resolves once running. */
  run(handler: BatchHandler): Promise<void>;
  commit(points: CommitPoint[]): Promise<void>;
  /** Makes the group fetch these partitions again from the given offsets (work was lost). */
  rewind(points: CommitPoint[]): void;
  /** Stops fetching new batches; a batch already in the handler completes. */
  pause(): void;
  /** Waits for the handler, leaves the group, closes connections. Commits nothing by itself. */
  disconnect(): Promise<void>;
}

export interface KafkaClient {
  /** Creates the topic if missing (auto creation is off on our brokers); true if it created it. */
  ensureTopic(name: string, partitions: number): Promise<boolean>;
  /** Deletes those of these topics that exist (tests clean up after themselves). */
  deleteTopics(names: string[]): Promise<void>;
  createProducer(): Promise<EventProducer>;
  createConsumerGroup(opts: {
    groupId: string;
    topic: string;
    fromBeginning?: boolean;
    sessionTimeoutMs?: number;
  }): ConsumerGroup;
}

export interface KafkaClientConfig {
  brokers: string[];
  clientId: string;
}

export function createKafkaClient(config: KafkaClientConfig, deps: { logger: Logger }): KafkaClient {
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => logEntry(deps.logger, entry),
    retry: { initialRetryTime: 200, retries: 8 },
  });

  return {
    async ensureTopic(name, partitions) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        // Look first: asking to create an existing topic is answered with an error kafkajs logs.
        if ((await admin.listTopics()).includes(name)) return false;
        return await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions }], waitForLeaders: true });
      } finally {
        await admin.disconnect();
      }
    },

    async deleteTopics(names) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const existing = new Set(await admin.listTopics());
        const topics = names.filter((n) => existing.has(n));
        if (topics.length > 0) await admin.deleteTopics({ topics });
      } finally {
        await admin.disconnect();
      }
    },

    async createProducer() {
      // Retries are bounded (kafkajs warns that this weakens exactly-once): a send must fail in
      // the end so the relay can step down and shut down; its retry is the outer loop, and a
      // resend after a failure may duplicate, which at-least-once delivery already allows.
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        // The Java client's murmur2 partitioner: a member's key lands on the same partition
        // whichever language produces it.
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return {
        async send(topic, messages) {
          if (messages.length === 0) return;
          await producer.send({
            topic,
            acks: -1,
            messages: messages.map((m) => ({
              key: m.key,
              value: m.value,
              ...(m.headers ? { headers: m.headers } : {}),
            })),
          });
        },
        disconnect: () => producer.disconnect(),
      };
    },

    createConsumerGroup({ groupId, topic, fromBeginning = true, sessionTimeoutMs = 10_000 }) {
      // A short fetch long-poll: stopping waits for the fetch in flight, and kafkajs' default
      // (5 s) would hold every graceful shutdown that long on a quiet topic.
      // The session timeout bounds how long a crashed member's partitions sit idle: the group
      // cannot rebalance until the broker gives up on it.
      // Fetches of up to 8 MB a partition (kafkajs: 1 MB) and 48 MB a request (10 MB): a sink batch
      // is tens of thousands of messages, and every fetch round trip is time nothing is decoded.
      const consumer: Consumer = kafka.consumer({
        groupId,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: 500,
        maxBytesPerPartition: 8 * 1024 * 1024,
        maxBytes: 48 * 1024 * 1024,
        sessionTimeout: sessionTimeoutMs,
        heartbeatInterval: Math.max(500, Math.floor(sessionTimeoutMs / 10)),
      });
      return {
        async run(handler) {
          await consumer.connect();
          await consumer.subscribe({ topic, fromBeginning });
          await consumer.run({
            autoCommit: false,
            // Resolving only marks what the next fetch skips; committing is separate and explicit.
            eachBatchAutoResolve: false,
            eachBatch: async ({ batch, resolveOffset, heartbeat, isStale }) => {
              // After a rewind, batches fetched before it are superseded: they come again.
              if (isStale() || batch.messages.length === 0) return;
              const messages = batch.messages.map((m): ConsumedMessage => ({
                topic: batch.topic,
                partition: batch.partition,
                offset: m.offset,
                key: m.key ?? null,
                value: m.value ?? null,
                headers: headersOf(m.headers),
                timestamp: m.timestamp,
              }));
              const done = await handler(messages, { heartbeat, isStale });
              if (!isStale()) resolveOffset(batch.lastOffset());
              if (done && done.length > 0) await commitPoints(consumer, done);
            },
          });
        },
        commit: (points) => commitPoints(consumer, points),
        rewind(points) {
          for (const p of points) {
            // A partition revoked meanwhile is not ours to move: its new owner starts from the
            // last commit, which is before this batch anyway.
            try {
              consumer.seek({ topic: p.topic, partition: p.partition, offset: p.offset });
            } catch {
              /* not assigned any more */
            }
          }
        },
        pause() {
          consumer.pause([{ topic }]);
        },
        disconnect: () => consumer.disconnect(),
      };
    },
  };
}

async function commitPoints(consumer: Consumer, points: CommitPoint[]): Promise<void> {
  if (points.length > 0)
    await consumer.commitOffsets(points.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.offset })));
}

function headersOf(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

const LEVEL_NAMES: Record<number, KafkaLogLevel> = {
  [logLevel.NOTHING]: 'error',
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

function logEntry(logger: Logger, { level, namespace, log }: LogEntry): void {
  const { message, ...fields } = log;
  const ours = kafkaLogLevel(LEVEL_NAMES[level] ?? 'debug', message, fields.error);
  logger[ours](`kafka: ${message}`, { ...fields, namespace });
}
