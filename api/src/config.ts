import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { APP_DATABASE_ROLE, databaseUrlAs } from '@loyalty/shared';

// The API's only reader of process.env: validated once at start-up, fails fast.

const envSchema = z.object({
  DATABASE_URL: z.url({ error: 'DATABASE_URL must be a postgres:// URL (npm run stack -- env prints it)' }),
  /** What the API logs in with; by default DATABASE_URL as the role loyalty_app, without a password. */
  DATABASE_APP_URL: z.url().optional(),
  /**
   * Behind a load balancer: which proxies' X-Forwarded-For to believe (true: any, or
   * comma-separated addresses/CIDRs), so throttles and rate limits see clients, not the proxy.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value) => parseTrustProxy(value)),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_POOL_SIZE: z.coerce.number().int().positive().default(20),
  AUTH_TOKEN_SECRET: z.string().min(32, 'AUTH_TOKEN_SECRET must be at least 32 characters of random text'),
  /** During a rotation: the secret being retired, still accepted for tokens it signed. */
  AUTH_TOKEN_PREVIOUS_SECRET: z
    .string()
    .min(32, 'AUTH_TOKEN_PREVIOUS_SECRET must be at least 32 characters of random text')
    .optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  MEMBER_PII_KEY: z
    .base64({ error: 'MEMBER_PII_KEY must be 32 random bytes, base64-encoded' })
    .refine((k) => Buffer.from(k, 'base64').length === 32, 'MEMBER_PII_KEY must decode to 32 bytes'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(6_000),
  // Failures allowed before backoff starts (blocks double from 1 s up to 15 min): failed
  // credential checks per address per minute, failed logins per account and per address per 15 min.
  AUTH_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(20),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(256 * 1024),
  LEDGER_BATCH_LANES: z.coerce.number().int().min(1).max(64).default(4),
  LEDGER_BATCH_MAX: z.coerce.number().int().min(1).max(1000).default(32),
  /** How long an Idempotency-Key replays its first response; the worker deletes older keys in pages. */
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  /**
   * Temporal, where publishing a campaign starts its lifecycle workflow (on WORKFLOWS_TASK_QUEUE,
   * the worker's). Without it, or while it is down, the worker's reconcile starts it within a minute.
   */
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  WORKFLOWS_TASK_QUEUE: z.string().min(1).default('loyalty-workflows'),
  /** Reports read ClickHouse; without it the report routes answer 503. */
  CLICKHOUSE_URL: z.url().optional(),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .default('loyalty'),
  // 'server': a ClickHouse server with SQL access management, where data-team users are created;
  // 'none': the embedded engine (no access storage): users are recorded, not provisioned.
  CLICKHOUSE_ACCESS_MANAGEMENT: z.enum(['server', 'none']).default('none'),
  // Bounds on the API's analytics queries (reports, segment evaluation): per query, memory,
  // time and the rows a report answers; per tenant and API process, queries running at once
  // and waiting for a slot (past that, 429). See db/analytics-limits.ts and db/tenant-gate.ts.
  ANALYTICS_QUERY_MEMORY_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024 ** 2)
    .default(2 * 1024 ** 3),
  ANALYTICS_QUERY_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  ANALYTICS_REPORT_MAX_ROWS: z.coerce.number().int().min(1).default(100_000),
  ANALYTICS_TENANT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  ANALYTICS_TENANT_QUEUE: z.coerce.number().int().min(0).max(1000).default(16),
  /** The address data teams connect to, shown with their credentials. */
  CLICKHOUSE_PUBLIC_URL: z.url().optional(),
  /** The built documentation site (docs/, `npm run docs:build`), served under /guide/. */
  GUIDE_SITE_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../docs/dist', import.meta.url))),
  /** The console's web build (console/, `npm run build -w @loyalty/console`), served under /console/. */
  CONSOLE_SITE_DIR: z
    .string()
    .min(1)
    .default(fileURLToPath(new URL('../../console/out/renderer', import.meta.url))),
  /** Only the demo seed reads it: the demo owner's console password. */
  DEMO_OWNER_PASSWORD: z.string().min(12).optional(),
  // The demo tenant's generated history (npm start seeds it once): members, days, and the seed
  // that makes it repeatable. 0 members: no history.
  DEMO_HISTORY_MEMBERS: z.coerce.number().int().min(0).max(100_000).default(2_000),
  DEMO_HISTORY_DAYS: z.coerce.number().int().min(1).max(730).default(180),
  DEMO_HISTORY_SEED: z.coerce.number().int().default(42),
});

export type ApiConfig = z.infer<typeof envSchema>;

function parseTrustProxy(value: string | undefined): boolean | string[] {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return value.split(',').map((address) => address.trim());
}

/** The URL the API serves with: never the owner's. */
export function appDatabaseUrl(config: Pick<ApiConfig, 'DATABASE_URL' | 'DATABASE_APP_URL'>): string {
  return config.DATABASE_APP_URL ?? databaseUrlAs(config.DATABASE_URL, APP_DATABASE_ROLE);
}

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid API environment:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
