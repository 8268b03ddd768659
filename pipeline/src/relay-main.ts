import pg from 'pg';
import { databaseUrlAs, RELAY_DATABASE_ROLE } from '@loyalty/shared';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { loadRelayConfig } from './config.ts';
import { createKafkaClient } from './kafka/kafka-client.ts';
import { createLogger } from './logger.ts';
import { startMetricsServer } from './metrics-server.ts';
import { createRelay } from './relay/relay.ts';

// The outbox relay process: Postgres outbox -> Kafka. Run several for availability; one leads.

const config = loadRelayConfig();
const logger = createLogger(config.LOG_LEVEL, { service: 'outbox-relay', pid: process.pid });
const kafka = createKafkaClient(
  { brokers: config.KAFKA_BROKERS, clientId: `${config.KAFKA_CLIENT_ID}-relay` },
  { logger },
);
await kafka.ensureTopic(config.PIPELINE_TOPIC, config.PIPELINE_PARTITIONS);
const producer = await kafka.createProducer();
const registry = new Registry();
collectDefaultMetrics({ register: registry });

const relay = createRelay(config, {
  // As loyalty_relay: it reads every tenant's outbox rows (its own policy) and may only mark
  // them published. Keepalive so a dead network path ends the session, and with it the lead.
  async connect() {
    const client = new pg.Client({
      connectionString: config.DATABASE_RELAY_URL ?? databaseUrlAs(config.DATABASE_URL, RELAY_DATABASE_ROLE),
      application_name: 'outbox-relay',
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    await client.connect();
    return client;
  },
  producer,
  registry,
  logger,
});
const metrics = await startMetricsServer(registry, config.RELAY_METRICS_PORT, config.METRICS_HOST);

let closing = false;
async function shutdown(signal: string): Promise<void> {
  if (closing) return;
  closing = true;
  logger.info('shutting down', { signal });
  // The batch in flight is sent and marked before the lock is released.
  await relay.stop();
  await producer.disconnect().catch((err: unknown) => logger.warn('producer disconnect failed', { err }));
  await metrics.close();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));

relay.start();
logger.info('relay started', { topic: config.PIPELINE_TOPIC, metricsPort: metrics.port });
