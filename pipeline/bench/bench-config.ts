import { parseArgs } from 'node:util';
import { z } from 'zod';

// The bench's only reader of argv and the environment: `npm run bench:pipeline -- --events 200000`.

export const USAGE = `usage: npm run bench:pipeline -- [--events N] [--rate R] [--seconds S] [--only sink|freshness|analytics]
       [--skip-analytics] [--analytics-postings N] [--analytics-members N] [--analytics-runs N]
       [--analytics-into-ledger] [--keep-analytics-data]
  --events               events produced for the sink throughput run (default 1000000)
  --rate                 postings per second for the freshness run (default 200)
  --seconds              how long the freshness run posts (default 20)
  --only                 run one part only
  --skip-analytics       leave out the analytics query latencies (the last part)
  --analytics-postings   ledger entries generated for the analytics tenant (default 10000000)
  --analytics-members    members of the analytics tenant (default 1000000)
  --analytics-runs       measured runs per query, after 2 warm-ups (default 20)
  --analytics-into-ledger
                         generate the postings straight into ledger_entries (the views it feeds still run)
                         rather than as events through the dedup stage and every view: same data, ~40% faster
  --keep-analytics-data  keep the generated ClickHouse database (loyalty_bench_analytics) and reuse it
                         on the next run with this flag when it holds the same data set
Sink settings (SINK_BATCH_SIZE, SINK_BATCH_MAX_AGE_MS, PIPELINE_PARTITIONS) are taken from the environment.`;

const argsSchema = z.object({
  events: z.coerce.number().int().positive().default(1_000_000),
  rate: z.coerce.number().positive().default(200),
  seconds: z.coerce.number().positive().default(20),
  only: z.enum(['sink', 'freshness', 'analytics']).optional(),
  skipAnalytics: z.boolean().default(false),
  analyticsPostings: z.coerce.number().int().positive().default(10_000_000),
  analyticsMembers: z.coerce.number().int().positive().default(1_000_000),
  analyticsRuns: z.coerce.number().int().min(1).default(20),
  analyticsIntoLedger: z.boolean().default(false),
  keepAnalyticsData: z.boolean().default(false),
});

export type BenchConfig = z.infer<typeof argsSchema> & { parentEnv: NodeJS.ProcessEnv };
export type BenchPart = NonNullable<BenchConfig['only']>;

export function loadBenchConfig(argv: string[] = process.argv.slice(2)): BenchConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
      only: { type: 'string' },
      'skip-analytics': { type: 'boolean' },
      'analytics-postings': { type: 'string' },
      'analytics-members': { type: 'string' },
      'analytics-runs': { type: 'string' },
      'analytics-into-ledger': { type: 'boolean' },
      'keep-analytics-data': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = argsSchema.safeParse({
    events: values.events,
    rate: values.rate,
    seconds: values.seconds,
    only: values.only,
    skipAnalytics: values['skip-analytics'],
    analyticsPostings: values['analytics-postings'],
    analyticsMembers: values['analytics-members'],
    analyticsRuns: values['analytics-runs'],
    analyticsIntoLedger: values['analytics-into-ledger'],
    keepAnalyticsData: values['keep-analytics-data'],
  });
  if (!parsed.success) throw new Error(`${z.prettifyError(parsed.error)}\n${USAGE}`);
  if (parsed.data.only === 'analytics' && parsed.data.skipAnalytics)
    throw new Error(`--only analytics and --skip-analytics contradict each other\n${USAGE}`);
  return { ...parsed.data, parentEnv: { ...process.env } };
}

/** Whether this run includes a part: all of them by default, analytics unless skipped. */
export function runsPart(cfg: Pick<BenchConfig, 'only' | 'skipAnalytics'>, part: BenchPart): boolean {
  if (cfg.only !== undefined) return cfg.only === part;
  return part !== 'analytics' || !cfg.skipAnalytics;
}
