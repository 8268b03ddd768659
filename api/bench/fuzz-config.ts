import { parseArgs } from 'node:util';
import { z } from 'zod';

// The fuzz run's only reader of argv and process.env (the lint rule keeps env reads in config
// files). The defaults finish in about five minutes on a 2-core machine.

export const FUZZ_USAGE = `usage: npm run fuzz:api -- [--max-examples 20] [--workers 2] [--duration 240] [--seed 1]
                          [--report-dir .stack/fuzz-report]
  --max-examples  test cases per operation and phase (Schemathesis -n)
  --workers       concurrent Schemathesis workers
  --duration      seconds for the main run (Schemathesis --max-time; 0: until every phase is done)
  --seed          Schemathesis seed, to replay a run
  --report-dir    where the NDJSON/JSON/VCR reports go (default: the stack dir's fuzz-report)`;

const argsSchema = z.object({
  'max-examples': z.coerce.number().int().positive().default(20),
  workers: z.coerce.number().int().min(1).max(64).default(2),
  duration: z.coerce.number().int().min(0).default(240),
  seed: z.coerce.number().int().min(0).default(1),
  'report-dir': z.string().min(1).optional(),
  help: z.boolean().default(false),
});

export interface FuzzConfig {
  maxExamples: number;
  workers: number;
  /** Seconds for the main run; 0 leaves it to the example bound alone. */
  durationSec: number;
  seed: number;
  /** Unset: <stack dir>/fuzz-report. */
  reportDir: string | undefined;
  help: boolean;
  /** The environment the API and Schemathesis children inherit (PATH, HOME, stack ports...). */
  parentEnv: NodeJS.ProcessEnv;
  /** apiEnvironment reads it; the fuzz run keeps the API's pool default. */
  overrides: { DATABASE_POOL_SIZE?: string };
}

export function loadFuzzConfig(argv = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): FuzzConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      'max-examples': { type: 'string' },
      workers: { type: 'string' },
      duration: { type: 'string' },
      seed: { type: 'string' },
      'report-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const args = argsSchema.safeParse(values);
  if (!args.success) throw new Error(`invalid fuzz arguments:\n${z.prettifyError(args.error)}\n${FUZZ_USAGE}`);
  const a = args.data;
  return {
    maxExamples: a['max-examples'],
    workers: a.workers,
    durationSec: a.duration,
    seed: a.seed,
    reportDir: a['report-dir'],
    help: a.help,
    parentEnv: { ...env },
    overrides: {},
  };
}
