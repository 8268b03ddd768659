import { parseArgs } from 'node:util';
import { z } from 'zod';

// The bench's only reader of argv and the environment: `npm run bench:pipeline -- --events 200000`.

export const USAGE = `usage: npm run bench:pipeline -- [--events N] [--rate R] [--seconds S] [--only sink|freshness]
  --events   events produced for the sink throughput run (default 1000000)
  --rate     postings per second for the freshness run (default 200)
  --seconds  how long the freshness run posts (default 20)
  --only     run one part only
Sink settings (SINK_BATCH_SIZE, SINK_BATCH_MAX_AGE_MS, PIPELINE_PARTITIONS) are taken from the environment.`;

const argsSchema = z.object({
  events: z.coerce.number().int().positive().default(1_000_000),
  rate: z.coerce.number().positive().default(200),
  seconds: z.coerce.number().positive().default(20),
  only: z.enum(['sink', 'freshness']).optional(),
});

export type BenchConfig = z.infer<typeof argsSchema> & { parentEnv: NodeJS.ProcessEnv };

export function loadBenchConfig(argv: string[] = process.argv.slice(2)): BenchConfig {
  const { values } = parseArgs({
    args: argv,
    options: { events: { type: 'string' }, rate: { type: 'string' }, seconds: { type: 'string' }, only: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) throw new Error(`${z.prettifyError(parsed.error)}\n${USAGE}`);
  return { ...parsed.data, parentEnv: { ...process.env } };
}
