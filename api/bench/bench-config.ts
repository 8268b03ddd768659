import { parseArgs } from 'node:util';
import { z } from 'zod';

// The bench's only reader of argv and process.env (the lint rule keeps env reads in config
// files). Flags shape the load; LEDGER_BATCH_* and DATABASE_POOL_SIZE pass through to the API
// so one run can be compared with another; the API's own config validates them.

export const USAGE = `usage: npm run bench:ledger -- [--duration 20] [--warmup 5] [--connections 64] [--members 1000]
                              [--pgbench-scale 10] [--skip-pgbench]
env: LEDGER_BATCH_LANES, LEDGER_BATCH_MAX (the API's group commit), DATABASE_POOL_SIZE (default lanes + 16)`;

const argsSchema = z.object({
  duration: z.coerce.number().positive().default(20),
  warmup: z.coerce.number().min(0).default(5),
  connections: z.coerce.number().int().positive().max(1000).default(64),
  members: z.coerce.number().int().positive().default(1000),
  'pgbench-scale': z.coerce.number().int().positive().default(10),
  'skip-pgbench': z.boolean().default(false),
  help: z.boolean().default(false),
});

const envSchema = z.object({
  LEDGER_BATCH_LANES: z.string().min(1).optional(),
  LEDGER_BATCH_MAX: z.string().min(1).optional(),
  DATABASE_POOL_SIZE: z.string().min(1).optional(),
});

export interface BenchConfig {
  /** Seconds of measured load. */
  durationSec: number;
  /** Seconds of load before measuring (JIT, pool connections, caches). */
  warmupSec: number;
  connections: number;
  members: number;
  pgbenchScale: number;
  skipPgbench: boolean;
  help: boolean;
  /** Batching overrides as given; unset means the API's defaults. */
  overrides: z.infer<typeof envSchema>;
  /** The environment the API child inherits (PATH, HOME...), before bench overrides. */
  parentEnv: NodeJS.ProcessEnv;
}

export function loadBenchConfig(
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): BenchConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      members: { type: 'string' },
      'pgbench-scale': { type: 'string' },
      'skip-pgbench': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const args = argsSchema.safeParse(values);
  if (!args.success) throw new Error(`invalid bench arguments:\n${z.prettifyError(args.error)}\n${USAGE}`);
  const overrides = envSchema.safeParse(env);
  if (!overrides.success) throw new Error(`invalid bench environment:\n${z.prettifyError(overrides.error)}`);
  const a = args.data;
  return {
    durationSec: a.duration,
    warmupSec: a.warmup,
    connections: a.connections,
    members: a.members,
    pgbenchScale: a['pgbench-scale'],
    skipPgbench: a['skip-pgbench'],
    help: a.help,
    overrides: overrides.data,
    parentEnv: { ...env },
  };
}
