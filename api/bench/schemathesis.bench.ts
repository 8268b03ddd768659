import fs from 'node:fs';
import path from 'node:path';
import { createStack, loadStackConfig, stackUp } from '../../stack/src/index.ts';
import { apiEnvironment, freePort, startApi, type ApiProcess } from './api-process.ts';
import { FUZZ_USAGE, loadFuzzConfig, type FuzzConfig } from './fuzz-config.ts';
import { createFuzzDatabases, type FuzzDatabases } from './fuzz-databases.ts';
import { isDestructive, listOperations, operationIdRegex, pinnedParametersToml } from './fuzz-operations.ts';
import { printFuzzReport, readFiltered, readNdjson, type RunTally } from './fuzz-report.ts';
import { seedFuzzTenant, type FuzzSeed } from './fuzz-seed.ts';
import { ensureSchemathesis, lastLine, runSchemathesis, type SchemathesisRun } from './schemathesis-run.ts';

// `npm run fuzz:api`: Schemathesis (all checks, every phase including stateful, bounded examples)
// over every operation of the API's served /openapi.json, against a real API process on the
// stack, with a seeded tenant so path parameters name entities that exist. Two runs: everything
// but the destructive operations, then those alone (deletes, revoking a spare key), so the first
// run never loses its key or its entities halfway. Exit 1 when the server broke or answered
// outside its document; request-side gaps in the document are listed as MISS without failing.

const HOST = '127.0.0.1';

const t0 = performance.now();
const step = (message: string) =>
  console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${message}`);

function apiEnv(cfg: FuzzConfig, dbs: FuzzDatabases, clickhouseUrl: string) {
  const unlimited = '1000000000';
  return apiEnvironment(cfg, dbs.postgresUrl, {
    CLICKHOUSE_URL: clickhouseUrl,
    CLICKHOUSE_DATABASE: dbs.clickhouseDatabase,
    LOG_LEVEL: 'error',
    // The fuzzer sends thousands of requests, many unauthenticated or with bad logins, from one
    // address: the limiters would answer 429 and hide the handlers behind them.
    RATE_LIMIT_PER_MINUTE: unlimited,
    AUTH_FAILURES_PER_ADDRESS: unlimited,
    LOGIN_FAILURES_PER_ACCOUNT: unlimited,
    LOGIN_FAILURES_PER_ADDRESS: unlimited,
    ACCESS_TOKEN_TTL_SECONDS: '86400',
  }).env;
}

function runs(cfg: FuzzConfig, destructive: string, base: Omit<SchemathesisRun, 'name' | 'args'>): SchemathesisRun[] {
  const bounds = ['-n', String(cfg.maxExamples), '-w', String(cfg.workers), '--seed', String(cfg.seed)];
  return [
    {
      ...base,
      name: 'main',
      args: [
        ...['--phases', 'examples,coverage,fuzzing,stateful', '--exclude-operation-id-regex', destructive],
        ...bounds,
        ...(cfg.durationSec > 0 ? ['--max-time', String(cfg.durationSec)] : []),
      ],
    },
    {
      ...base,
      name: 'destructive',
      // No stateful phase: the links would lead from a delete to the reads of the other run.
      args: ['--phases', 'examples,coverage,fuzzing', '--include-operation-id-regex', destructive, ...bounds],
    },
  ];
}

async function fuzz(cfg: FuzzConfig, api: ApiProcess, seed: FuzzSeed, reportDir: string, repoRoot: string) {
  const schemaUrl = `${api.baseUrl}/openapi.json`;
  const document = (await (await fetch(schemaUrl)).json()) as Parameters<typeof listOperations>[0];
  const operations = listOperations(document);
  const configFile = path.join(reportDir, 'schemathesis.toml');
  // The rules the document states as x- keywords, which schema-valid test data must keep too.
  const hooks = `hooks = ${JSON.stringify(path.join(repoRoot, 'api/bench/schemathesis-hooks.py'))}\n\n`;
  fs.writeFileSync(configFile, hooks + pinnedParametersToml(operations, seed.ids));
  const destructive = operationIdRegex(operations.filter(isDestructive));
  step(`${operations.length} operations in ${schemaUrl}; path parameters pinned and hooks named in ${configFile}`);

  const base = {
    repoRoot,
    env: cfg.parentEnv,
    schemaUrl,
    baseUrl: api.baseUrl,
    apiKey: seed.apiKey,
    configFile,
    reportDir,
  };
  const tallies: RunTally[] = [];
  for (const run of runs(cfg, destructive, base)) {
    step(`schemathesis ${run.name} run: ${run.args.join(' ')}`);
    const result = await runSchemathesis(run);
    step(`schemathesis ${run.name} run: exit ${result.exitCode}, ${lastLine(result.log)} (log: ${result.log})`);
    const tally = await readNdjson(run.name, result.ndjson);
    tally.filtered = readFiltered(path.join(reportDir, `${run.name}.json`));
    tallies.push(tally);
  }
  return tallies;
}

async function main(): Promise<number> {
  const cfg = loadFuzzConfig();
  if (cfg.help) {
    console.log(FUZZ_USAGE);
    return 0;
  }
  const stackConfig = loadStackConfig(cfg.parentEnv);
  const stack = createStack(stackConfig);
  await stackUp(stack, stackConfig);
  await ensureSchemathesis(stackConfig.repoRoot, cfg.parentEnv);
  const reportDir = path.resolve(cfg.reportDir ?? path.join(stackConfig.dir, 'fuzz-report'));
  fs.rmSync(reportDir, { recursive: true, force: true });
  fs.mkdirSync(reportDir, { recursive: true });

  const clickhouseUrl = stack.env.CLICKHOUSE_URL!;
  const dbs = await createFuzzDatabases(stack.env.DATABASE_URL!, clickhouseUrl);
  let api: ApiProcess | undefined;
  try {
    step(`databases ${dbs.clickhouseDatabase} created and migrated (Postgres and ClickHouse)`);
    const env = apiEnv(cfg, dbs, clickhouseUrl);
    api = await startApi({ repoRoot: stackConfig.repoRoot, env, host: HOST, port: await freePort(HOST) });
    const seed = await seedFuzzTenant(api.baseUrl);
    step(`tenant seeded through the API: ${Object.keys(seed.ids).length} pinned ids, an API key with every permission`);
    const tallies = await fuzz(cfg, api, seed, reportDir, stackConfig.repoRoot);
    const pass = printFuzzReport(tallies);
    console.log(`\n  reports: ${reportDir}`);
    console.log(
      `  verdict: ${pass ? 'PASS (no server error, responses conform)' : 'FAIL (see the checks that fail the run)'}`,
    );
    return pass ? 0 : 1;
  } finally {
    await api?.stop();
    await dbs.drop();
    step('API stopped, databases dropped');
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(2);
  },
);
