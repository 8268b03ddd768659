import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { z } from 'zod';

// The launcher's only reader of process.env: everything else receives a StackConfig.

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const envSchema = z.object({
  LOYALTY_STACK_DIR: z.string().min(1).default(path.join(repoRoot, '.stack')),
  PG_BIN: z.string().min(1).default('/usr/lib/postgresql/15/bin'),
  DATABASE_URL: z.url().optional(),
  KAFKA_BROKERS: z.string().min(1).optional(),
  CLICKHOUSE_URL: z.url().optional(),
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  STACK_POSTGRES_PORT: z.coerce.number().int().positive().default(55432),
  STACK_KAFKA_PORT: z.coerce.number().int().positive().default(59092),
  STACK_KAFKA_CONTROLLER_PORT: z.coerce.number().int().positive().default(59093),
  STACK_TEMPORAL_PORT: z.coerce.number().int().positive().default(57233),
  STACK_TEMPORAL_UI_PORT: z.coerce.number().int().positive().default(58233),
  STACK_CLICKHOUSE_PORT: z.coerce.number().int().positive().default(58123),
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
    },
    clickhouse: {
      external: e.CLICKHOUSE_URL,
      port: e.STACK_CLICKHOUSE_PORT,
    },
  };
}
