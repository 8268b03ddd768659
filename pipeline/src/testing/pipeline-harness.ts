import { createClient } from '@clickhouse/client';
import pg from 'pg';
import { Registry } from 'prom-client';
import { loadRelayConfig, loadSinkConfig } from '../config.ts';
import type { KafkaClient } from '../kafka/kafka-client.ts';
import { createLogger, silentLogger, type Logger } from '../logger.ts';
import { createRelay, type Relay } from '../relay/relay.ts';
import { createEventsWriter, type EventsWriter } from '../sink/events-writer.ts';
import { createClickHouseSink } from '../sink/sink.ts';
import { stackEnv } from './stack-fixtures.ts';

// The relay and the sink in the test's own process, wired as the entry points wire them.

const logger = (name: string): Logger =>
  process.env.PIPELINE_TEST_LOGS ? createLogger('debug', { in: name }) : silentLogger;

export interface RunningRelay {
  relay: Relay;
  registry: Registry;
  stop(): Promise<void>;
}

export async function startRelay(
  kafka: KafkaClient,
  topic: string,
  env: Record<string, string> = {},
): Promise<RunningRelay> {
  const config = loadRelayConfig({ ...stackEnv(), PIPELINE_TOPIC: topic, ...env });
  await kafka.ensureTopic(topic, config.PIPELINE_PARTITIONS);
  const producer = await kafka.createProducer();
  const registry = new Registry();
  const relay = createRelay(config, {
    async connect() {
      const client = new pg.Client({ connectionString: config.DATABASE_URL, application_name: 'outbox-relay-test' });
      await client.connect();
      return client;
    },
    producer,
    registry,
    logger: logger('relay'),
  });
  relay.start();
  let stopped: Promise<void> | null = null;
  return {
    relay,
    registry,
    stop: () => (stopped ??= relay.stop().then(() => producer.disconnect())),
  };
}

export interface RunningSink {
  registry: Registry;
  stop(): Promise<void>;
}

export interface SinkFaults {
  /** false plays a sink that dies after each insert, before its commit. */
  commits?: boolean;
  /** Wraps the ClickHouse writer, e.g. to make it fail for a while. */
  writer?: (real: EventsWriter) => EventsWriter;
}

export async function startSink(
  kafka: KafkaClient,
  topic: string,
  database: string,
  env: Record<string, string> = {},
  faults: SinkFaults = {},
): Promise<RunningSink> {
  const config = loadSinkConfig({
    ...stackEnv(),
    PIPELINE_TOPIC: topic,
    CLICKHOUSE_DATABASE: database,
    SINK_GROUP_ID: `sink-${topic}`,
    SINK_BATCH_MAX_AGE_MS: '100',
    ...env,
  });
  await kafka.ensureTopic(topic, config.PIPELINE_PARTITIONS);
  await kafka.ensureTopic(config.SINK_DLQ_TOPIC, config.PIPELINE_PARTITIONS);
  const clickhouse = createClient({ url: config.CLICKHOUSE_URL, database: config.CLICKHOUSE_DATABASE });
  const dlq = await kafka.createProducer();
  const group = kafka.createConsumerGroup({
    groupId: config.SINK_GROUP_ID,
    topic,
    fromBeginning: true,
    sessionTimeoutMs: config.SINK_SESSION_TIMEOUT_MS,
  });
  const registry = new Registry();
  const offsets = faults.commits === false ? { commit: async () => undefined, rewind: group.rewind } : group;
  const real = createEventsWriter(clickhouse);
  const writer = faults.writer ? faults.writer(real) : real;
  const sink = createClickHouseSink(config, { writer, dlq, offsets, registry, logger: logger('sink') });
  sink.start();
  await group.run(sink.handle);
  let stopped: Promise<void> | null = null;
  return {
    registry,
    stop: () =>
      (stopped ??= (async () => {
        group.pause();
        await sink.stop();
        await group.disconnect();
        await dlq.disconnect();
        await clickhouse.close();
      })()),
  };
}

/** A metric's value from a registry, summed over labels (`<histogram>_count` works too). */
export async function metricValue(registry: Registry, name: string): Promise<number> {
  const samples = (await registry.getMetricsAsJSON()).flatMap((m) =>
    (m.values as { metricName?: string; value: number }[]).map((v) => ({
      name: v.metricName ?? m.name,
      value: v.value,
    })),
  );
  const matching = samples.filter((s) => s.name === name);
  return matching.length === 0 ? Number.NaN : matching.reduce((sum, s) => sum + s.value, 0);
}
