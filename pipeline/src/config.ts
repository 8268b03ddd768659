import { z } from 'zod';

// The pipeline's only reader of process.env: validated once at start-up, fails fast. The relay
// and the sink are separate deployables, so each loads only what it needs: a sink does not
// refuse to start for want of a DATABASE_URL it never uses.

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

const kafkaSchema = z.object({
  KAFKA_BROKERS: z
    .string({ error: 'KAFKA_BROKERS must list host:port brokers, comma-separated (npm run stack -- env prints it)' })
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b.length > 0),
    )
    .refine(
      (list) => list.length > 0 && list.every((b) => /^[^:\s]+:\d+$/.test(b)),
      'KAFKA_BROKERS must list host:port brokers',
    ),
  KAFKA_CLIENT_ID: z.string().min(1).default('loyalty-pipeline'),
  PIPELINE_TOPIC: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'PIPELINE_TOPIC must be a legal Kafka topic name')
    .default('loyalty.events'),
  PIPELINE_PARTITIONS: positiveInt(6),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Where /metrics listens; 0.0.0.0 in a container, loopback on a laptop. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
});

const relaySchema = kafkaSchema.extend({
  DATABASE_URL: z.url({ error: 'DATABASE_URL must be a postgres:// URL (npm run stack -- env prints it)' }),
  /** What the relay logs in with; by default DATABASE_URL as the role loyalty_relay, without a password. */
  DATABASE_RELAY_URL: z.url().optional(),
  RELAY_BATCH_SIZE: positiveInt(500),
  /** Fallback when a NOTIFY is lost (it is not durable) and the standby's election retry. */
  RELAY_POLL_INTERVAL_MS: positiveInt(1_000),
  /** How soon a relay holding at a gap in outbox ids looks again. */
  RELAY_GAP_RECHECK_MS: positiveInt(25),
  /** Upper bound on holding the stream for one gap (a transaction open that long is stuck). */
  RELAY_GAP_MAX_WAIT_MS: positiveInt(10_000),
  RELAY_METRICS_PORT: port(9464),
});

const sinkSchema = kafkaSchema.extend({
  CLICKHOUSE_URL: z.url({ error: 'CLICKHOUSE_URL must be an http(s):// URL (npm run stack -- env prints it)' }),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'CLICKHOUSE_DATABASE must be a plain identifier')
    .default('loyalty'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  SINK_GROUP_ID: z.string().min(1).default('loyalty-clickhouse-sink'),
  /** How long the group waits for a silent member (a crashed sink) before reassigning its partitions. */
  SINK_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(10_000),
  /** Dead letters go here; defaults to `<topic>.dlq`. */
  SINK_DLQ_TOPIC: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/)
    .optional(),
  /** Bigger batches mean fewer inserts, and every insert pays a fixed cost per materialized view (README "Benchmark"). */
  SINK_BATCH_SIZE: positiveInt(50_000),
  SINK_BATCH_MAX_AGE_MS: positiveInt(500),
  /** After a failed flush, how long before buffered work is retried. */
  SINK_RETRY_BACKOFF_MS: positiveInt(1_000),
  SINK_METRICS_PORT: port(9465),
});

export type KafkaSettings = z.infer<typeof kafkaSchema>;
export type RelayConfig = z.infer<typeof relaySchema>;
export type SinkConfig = Omit<z.infer<typeof sinkSchema>, 'SINK_DLQ_TOPIC'> & { SINK_DLQ_TOPIC: string };

function load<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv, what: string): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid ${what} environment:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function loadRelayConfig(env: NodeJS.ProcessEnv = process.env): RelayConfig {
  return load(relaySchema, env, 'relay');
}

export function loadSinkConfig(env: NodeJS.ProcessEnv = process.env): SinkConfig {
  const c = load(sinkSchema, env, 'sink');
  return { ...c, SINK_DLQ_TOPIC: c.SINK_DLQ_TOPIC ?? `${c.PIPELINE_TOPIC}.dlq` };
}
