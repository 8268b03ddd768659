import { createClient } from '@clickhouse/client';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { loadSinkConfig } from './config.ts';
import { createKafkaClient } from './kafka/kafka-client.ts';
import { createLogger } from './logger.ts';
import { startMetricsServer } from './metrics-server.ts';
import { createEventsWriter } from './sink/events-writer.ts';
import { createClickHouseSink } from './sink/sink.ts';

// The ClickHouse sink process: Kafka -> ClickHouse `events`. Scale out by running more in the
// same consumer group (up to one per partition).

const config = loadSinkConfig();
const logger = createLogger(config.LOG_LEVEL, { service: 'clickhouse-sink', pid: process.pid });
const kafka = createKafkaClient(
  { brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-sink` },
  { logger },
);
await kafka.ensureTopic(config.PIPELINE_TOPIC, config.PIPELINE_PARTITIONS);
await kafka.ensureTopic(config.SINK_DLQ_TOPIC, config.PIPELINE_PARTITIONS);

const clickhouse = createClient({
  url: config.CLICKHOUSE_URL,
  database: config.CLICKHOUSE_DATABASE,
  username: config.CLICKHOUSE_USER,
  password: config.CLICKHOUSE_PASSWORD,
  request_timeout: 30_000,
});
const dlq = await kafka.createProducer();
const group = kafka.createConsumerGroup({
  groupId: config.SINK_GROUP_ID,
  topic: config.PIPELINE_TOPIC,
  fromBeginning: true,
  sessionTimeoutMs: config.SINK_SESSION_TIMEOUT_MS,
});
const registry = new Registry();
collectDefaultMetrics({ register: registry });
const sink = createClickHouseSink(config, {
  writer: createEventsWriter(clickhouse),
  dlq,
  offsets: group,
  registry,
  logger,
});
const metrics = await startMetricsServer(registry, config.SINK_METRICS_PORT, config.METRICS_HOST);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  logger.info('shutting down', { signal });
  group.pause();
  // Flush and commit while still a group member: a commit after leaving would be refused.
  await sink
    .stop()
    .catch((err: unknown) => logger.error('final flush failed; its messages stay uncommitted and come again', { err }));
  await group.disconnect().catch((err: unknown) => logger.warn('consumer disconnect failed', { err }));
  await dlq.disconnect().catch(() => undefined);
  await clickhouse.close();
  await metrics.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

sink.start();
await group.run(sink.handle);
logger.info('sink started', { topic: config.PIPELINE_TOPIC, groupId: config.SINK_GROUP_ID, metricsPort: metrics.port });
