import { z } from 'zod';
import { APP_DATABASE_ROLE, databaseUrlAs } from '@loyalty/shared';

// The worker's only reader of process.env: validated once at start-up, fails fast.

const seconds = (fallback: number) => z.coerce.number().int().min(1).max(86_400).default(fallback);
const taskQueue = (fallback: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,200}$/, 'a task queue name is 1-200 letters, digits, . _ : -')
    .default(fallback);

const TEMPORAL_LOG_LEVELS = {
  fatal: 'ERROR',
  error: 'ERROR',
  silent: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
} as const;

const envSchema = z.object({
  TEMPORAL_ADDRESS: z.string({ error: 'TEMPORAL_ADDRESS must be host:port (npm run stack -- env prints it)' }).min(1),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** The queue every loyalty workflow and activity runs on; the API's client starts work there. */
  WORKFLOWS_TASK_QUEUE: taskQueue('loyalty-workflows'),
  DATABASE_URL: z.url({ error: 'DATABASE_URL must be a postgres:// URL (npm run stack -- env prints it)' }),
  /** What activities log in with; by default DATABASE_URL as loyalty_app, so row-level security applies. */
  DATABASE_APP_URL: z.url().optional(),
  WORKER_DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(5),
  /** Idempotency-Keys older than this are deleted (the same variable the API replays by). */
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /** How often each program's expiry schedule runs (points expiry, hold deadlines). */
  EXPIRY_SCHEDULE_SECONDS: seconds(60),
  IDEMPOTENCY_RETENTION_SCHEDULE_SECONDS: seconds(600),
  /** How soon a new program gets its expiry schedule: the reconcile schedule's interval. */
  SCHEDULE_RECONCILE_SECONDS: seconds(60),
  /** The hour (UTC, 0-23) of each program's nightly tier recalculation. */
  TIER_RECALC_HOUR_UTC: z.coerce.number().int().min(0).max(23).default(3),
  /** How often each program's dynamic and hybrid segments are evaluated again. */
  SEGMENT_REFRESH_SCHEDULE_SECONDS: seconds(900),
  /** Segment refresh reads ClickHouse; without it the refresh schedules do nothing (and log so). */
  CLICKHOUSE_URL: z.url().optional(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('loyalty'),
  /** The API's level names; Temporal's logger knows fewer, so fatal and silent log errors only. */
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .transform((level) => TEMPORAL_LOG_LEVELS[level]),
  /** Where /health answers (the launcher's readiness probe); 0.0.0.0 in a container. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(9466),
});

export type WorkerConfig = z.infer<typeof envSchema>;

export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid worker environment:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The URL activities log in with: never the owner's. */
export function workerDatabaseUrl(config: Pick<WorkerConfig, 'DATABASE_URL' | 'DATABASE_APP_URL'>): string {
  return config.DATABASE_APP_URL ?? databaseUrlAs(config.DATABASE_URL, APP_DATABASE_ROLE);
}
