import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';

// The launcher's only reader of process.env: everything else receives a StackConfig.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const envSchema = z.object({
  LOYALTY_STACK_DIR: z.string().min(1).default(path.join(repoRoot, '.stack')),
  PG_BIN: z.string().min(1).default('/usr/lib/postgresql/15/bin'),
  DATABASE_URL: z.url().optional(),
  KAFKA_BROKERS: z.string().min(1).optional(),
  CLICKHOUSE_URL: z.url().optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  /** Temporal's time-skipping test server, for workflow tests; install.sh --for-tests puts one in the cache. */
  TEMPORAL_TEST_SERVER_PATH: z.string().min(1).optional(),
  STACK_POSTGRES_PORT: z.coerce.number().int().positive().default(55432),
  STACK_KAFKA_PORT: z.coerce.number().int().positive().default(59092),
  STACK_KAFKA_CONTROLLER_PORT: z.coerce.number().int().positive().default(59093),
  STACK_TEMPORAL_PORT: z.coerce.number().int().positive().default(57233),
  STACK_TEMPORAL_UI_PORT: z.coerce.number().int().positive().default(58233),
  STACK_CLICKHOUSE_PORT: z.coerce.number().int().positive().default(58123),
  // Where `start` runs the apps. The apps read the same variables (api/src/config.ts,
  // pipeline/src/config.ts, workflows/src/config.ts); `start` passes these values on, so what it prints is what they bind.
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port(3001),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  RELAY_METRICS_PORT: port(9464),
  SINK_METRICS_PORT: port(9465),
  WORKER_HEALTH_PORT: port(9466),
  /** `start` streams the apps' logs to the terminal as well as to their files (or `--verbose`). */
  LOYALTY_VERBOSE: z
    .enum(['', '0', '1', 'false', 'true'], { error: 'LOYALTY_VERBOSE must be 1/true or 0/false' })
    .default('')
    .transform((v) => v === '1' || v === 'true'),
});

export type StackConfig = ReturnType<typeof loadStackConfig>;

export function loadStackConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`invalid stack environment: ${z.prettifyError(parsed.error)}`);
  }
  const e = parsed.data;
  const dir = path.resolve(e.LOYALTY_STACK_DIR);
  return {
    repoRoot,
    dir,
    logsDir: path.join(dir, 'logs'),
    runDir: path.join(dir, 'run'),
    cacheDir: path.join(dir, 'cache'),
    pgBin: e.PG_BIN,
    postgres: {
      external: e.DATABASE_URL,
      port: e.STACK_POSTGRES_PORT,
      user: 'loyalty',
      database: 'loyalty',
    },
    kafka: {
      external: e.KAFKA_BROKERS,
      port: e.STACK_KAFKA_PORT,
      controllerPort: e.STACK_KAFKA_CONTROLLER_PORT,
    },
    temporal: {
      external: e.TEMPORAL_ADDRESS,
      port: e.STACK_TEMPORAL_PORT,
      uiPort: e.STACK_TEMPORAL_UI_PORT,
      testServer:
        e.TEMPORAL_TEST_SERVER_PATH ??
        path.join(dir, 'cache', 'temporal-test-server-venv', 'bin', 'temporal-test-server'),
    },
    clickhouse: {
      external: e.CLICKHOUSE_URL,
      port: e.STACK_CLICKHOUSE_PORT,
    },
    apps: {
      apiHost: e.API_HOST,
      apiPort: e.API_PORT,
      metricsHost: e.METRICS_HOST,
      relayMetricsPort: e.RELAY_METRICS_PORT,
      sinkMetricsPort: e.SINK_METRICS_PORT,
      workerHealthPort: e.WORKER_HEALTH_PORT,
      verbose: e.LOYALTY_VERBOSE,
    },
  };
}
