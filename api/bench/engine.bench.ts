import { createStack, loadStackConfig, stackUp } from '../../stack/src/index.ts';
import { purchase } from '../../shared/src/rules/bench/bench-program.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { apiEnvironment, freePort, startApi, type ApiProcess } from './api-process.ts';
import { loadBenchConfig, USAGE } from './bench-config.ts';
import { databaseUrl, recreateDatabase } from './bench-db.ts';
import { createTally, runEarnLoad, settleUnanswered, type LoadRequest, type LoadResult } from './earn-load.ts';
import { configureBenchProgram } from './engine-program.ts';
import { summarizeLatency } from './report.ts';
import { setupTenant } from './tenant-setup.ts';

// `npm run bench:engine` (HTTP half; the pure half runs first, see package.json): purchases
// through POST /v1/programs/:id/transactions for a program with 50 rules, 5 tiers and 10 live
// campaigns, next to plain earn postings on the same API, the same members and connections.
// The figure to watch is the ratio: what evaluating a program costs on top of the ledger.

const BENCH_DB = 'loyalty_bench_engine';
const HOST = '127.0.0.1';

const t0 = performance.now();
const step = (message: string) =>
  console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${message}`);

function purchaseRequest(programId: string): LoadRequest {
  let n = 0;
  return {
    build(memberId) {
      // Stamped now: a purchase may not come from the future, and campaigns run around now.
      const body = { memberId, orderId: `bench-${process.pid}-${n++}`, purchase: purchase(new Date().toISOString()) };
      return { path: `/v1/programs/${programId}/transactions`, body: JSON.stringify(body), points: null };
    },
    pointsOf: (body) => (JSON.parse(body) as { breakdown: { points: number } }).breakdown.points,
  };
}

function line(label: string, r: LoadResult): number {
  const rate = r.ok / r.durationSec;
  const l = summarizeLatency(r.latenciesMs);
  const failures = [...r.non201].map(([status, s]) => `${s.count}×${status} (${s.sample.slice(0, 120)})`).join(', ');
  console.log(
    `  ${label.padEnd(30)} ${rate.toFixed(0).padStart(6)}/s   p50 ${l.p50.toFixed(0)} ms   p99 ${l.p99.toFixed(0)} ms${failures ? `   other answers: ${failures}` : ''}`,
  );
  return rate;
}

async function main(): Promise<number> {
  const cfg = loadBenchConfig();
  if (cfg.help) {
    console.log(USAGE.replace('bench:ledger', 'bench:engine'));
    return 0;
  }
  const stackConfig = loadStackConfig(cfg.parentEnv);
  const stack = createStack(stackConfig);
  await stackUp(stack, stackConfig);
  const serverUrl = stack.env.DATABASE_URL!;
  const benchUrl = databaseUrl(serverUrl, BENCH_DB);
  await recreateDatabase(serverUrl, BENCH_DB);
  await runMigrations(benchUrl);
  const { env } = apiEnvironment(cfg, benchUrl);

  let api: ApiProcess | undefined;
  try {
    api = await startApi({ repoRoot: stackConfig.repoRoot, env, host: HOST, port: await freePort(HOST) });
    const tenant = await setupTenant(api.baseUrl, cfg.members);
    await configureBenchProgram(api.baseUrl, tenant.accessToken, tenant.programId, tenant.memberIds);
    step(
      `program configured through the API: 50 rules, 5 tiers, 10 live campaigns, 8 segments, ${tenant.memberIds.length} members`,
    );

    const base = {
      baseUrl: api.baseUrl,
      apiKey: tenant.apiKey,
      memberIds: tenant.memberIds,
      connections: cfg.connections,
    };
    const phase = async (request: LoadRequest | undefined) => {
      const tally = createTally();
      if (cfg.warmupSec > 0) await runEarnLoad({ ...base, durationSec: cfg.warmupSec, tally, request });
      const run = await runEarnLoad({ ...base, durationSec: cfg.durationSec, tally, request });
      await settleUnanswered(base.baseUrl, base.apiKey, tally, request);
      return run;
    };
    const earns = await phase(undefined);
    step('plain earn postings measured');
    const purchases = await phase(purchaseRequest(tenant.programId));
    step('purchases measured');

    console.log(`\n=== points engine over HTTP (${cfg.connections} connections, ${cfg.durationSec} s each) ===`);
    const earnRate = line('POST .../points/earn', earns);
    const purchaseRate = line('POST .../transactions', purchases);
    console.log(
      `  transactions / plain postings   ${(purchaseRate / earnRate).toFixed(2)} (goal: as close to 1 as we can get)`,
    );
  } finally {
    await api?.stop();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
