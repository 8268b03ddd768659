import path from 'node:path';
import { createStack, loadStackConfig, stackUp } from '../../stack/src/index.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { apiEnvironment, freePort, startApi, type ApiProcess } from './api-process.ts';
import { loadBenchConfig, USAGE } from './bench-config.ts';
import { databaseUrl, ledgerTotals, recreateDatabase } from './bench-db.ts';
import { groupByPid, startCpuSampler } from './cpu-sampler.ts';
import { createTally, runEarnLoad, settleUnanswered, type EarnTally } from './earn-load.ts';
import { runPgbench } from './pgbench.ts';
import { printReport, summarizeLatency, type Report } from './report.ts';
import { setupTenant } from './tenant-setup.ts';
import { startWaitSampler, type WaitSampler } from './wait-sampler.ts';
import { readWal, statsSettle, walDelta } from './wal-stats.ts';

// `npm run bench:ledger`: earn postings through the real API (a separate process, over HTTP)
// against a fresh database, next to pgbench's simple-update on the same Postgres, then a check
// that the ledger holds exactly what was acknowledged. A benchmark, not a test: it prints
// figures and targets, and fails only when it cannot run or the ledger does not add up.

const BENCH_DB = 'loyalty_bench';
const PGBENCH_DB = 'loyalty_pgbench';
const HOST = '127.0.0.1';

const t0 = performance.now();
function step(message: string): void {
  console.log(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

/** Settles the requests a stopped load cut off, so the acknowledged total is exact (see settleUnanswered). */
async function settle(baseUrl: string, apiKey: string, tally: EarnTally): Promise<void> {
  const cutOff = tally.unanswered.size;
  const s = await settleUnanswered(baseUrl, apiKey, tally);
  step(
    `  ${cutOff} requests cut off when the load stopped, re-sent with their Idempotency-Key: ` +
      `${s.committedEarlier} had committed (replayed), ${s.appliedNow} applied now, ${s.failed} failed`,
  );
}

async function main(): Promise<number> {
  const cfg = loadBenchConfig();
  if (cfg.help) {
    console.log(USAGE);
    return 0;
  }

  const stackConfig = loadStackConfig(cfg.parentEnv);
  const stack = createStack(stackConfig);
  const up = await stackUp(stack, stackConfig);
  step(`stack up (started: ${up.started.join(', ') || 'none'}; already running: ${up.reused.join(', ') || 'none'})`);
  const serverUrl = stack.env.DATABASE_URL;
  if (!serverUrl) throw new Error('the stack gave no DATABASE_URL');

  const benchUrl = databaseUrl(serverUrl, BENCH_DB);
  await recreateDatabase(serverUrl, BENCH_DB);
  const migrated = await runMigrations(benchUrl);
  step(`database ${BENCH_DB} recreated, ${migrated.applied.length} migrations applied (version ${migrated.version})`);

  const { env, config } = apiEnvironment(cfg, benchUrl);
  const overridden = cfg.overrides.LEDGER_BATCH_LANES !== undefined || cfg.overrides.LEDGER_BATCH_MAX !== undefined;
  let api: ApiProcess | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the API`);
    void (api?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

  let report: Omit<Report, 'pgbench'>;
  let ledgerOk: boolean;
  try {
    api = await startApi({ repoRoot: stackConfig.repoRoot, env, host: HOST, port: await freePort(HOST) });
    step(
      `API pid ${api.pid} ready on ${api.baseUrl} (lanes ${config.LEDGER_BATCH_LANES}, max batch ${config.LEDGER_BATCH_MAX}, pool ${config.DATABASE_POOL_SIZE})`,
    );

    const tenant = await setupTenant(api.baseUrl, cfg.members);
    step(`tenant onboarded: API key (points:earn), program, ${tenant.memberIds.length} members`);

    const tally = createTally();
    const load = {
      baseUrl: api.baseUrl,
      apiKey: tenant.apiKey,
      memberIds: tenant.memberIds,
      connections: cfg.connections,
      tally,
    };
    if (cfg.warmupSec > 0) {
      const warm = await runEarnLoad({ ...load, durationSec: cfg.warmupSec });
      step(`warm-up: ${warm.ok} postings in ${warm.durationSec.toFixed(1)} s (not measured)`);
      await settle(load.baseUrl, load.apiKey, tally);
    }

    const walBefore = await readWal(serverUrl);
    const waits = await startWaitSampler(serverUrl, BENCH_DB);
    const cpu = startCpuSampler(groupByPid({ api: api.pid, 'load generator': process.pid }));
    const run = await runEarnLoad({ ...load, durationSec: cfg.durationSec });
    const apiCpu = cpu.stop();
    const apiWaits = await waits.stop();
    await statsSettle();
    const apiWal = walDelta(walBefore, await readWal(serverUrl));
    step(`load: ${run.ok} postings acknowledged in ${run.durationSec.toFixed(1)} s`);

    await settle(load.baseUrl, load.apiKey, tally);

    const totals = await ledgerTotals(benchUrl);
    ledgerOk =
      totals.balances === tally.acknowledgedPoints &&
      totals.entries === tally.acknowledgedPoints &&
      totals.earnPostings === tally.acknowledged;
    console.log('\n=== ledger check (as the database owner, after warm-up + load + re-sends) ===');
    const row = (label: string, value: string) => console.log(`  ${label.padEnd(46)} ${value}`);
    row('points acknowledged with 201', `${tally.acknowledgedPoints}  (${tally.acknowledged} postings)`);
    row('sum(member_balances.available)', String(totals.balances));
    row("sum(ledger_entries.amount) 'member_available'", String(totals.entries));
    row('earn postings in the database', String(totals.earnPostings));
    console.log(`  ${ledgerOk ? 'OK: all three agree' : 'MISMATCH: the ledger does not hold what was acknowledged'}`);

    report = {
      durationSec: run.durationSec,
      connections: cfg.connections,
      members: tenant.memberIds.length,
      lanes: config.LEDGER_BATCH_LANES,
      maxBatch: config.LEDGER_BATCH_MAX,
      poolSize: config.DATABASE_POOL_SIZE,
      overridden,
      postingsPerSec: run.ok / run.durationSec,
      ok: run.ok,
      latency: summarizeLatency(run.latenciesMs),
      non201: run.non201,
      errors: run.errors,
      timeouts: run.timeouts,
      apiCpu,
      apiWal,
      apiWaits,
    };
  } catch (err) {
    const output = api?.recentOutput() ?? [];
    if (output.length > 0) console.error(`last API output:\n${output.join('\n')}`);
    throw err;
  } finally {
    // Stopped before pgbench, so the yardstick gets the machine to itself as the API had.
    await api?.stop();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
  step('API stopped');

  let pgbench: Report['pgbench'];
  if (!cfg.skipPgbench) {
    step(
      `pgbench: init scale ${cfg.pgbenchScale} on ${PGBENCH_DB}, then simple-update, ${cfg.connections} clients, ${Math.round(cfg.durationSec)} s`,
    );
    try {
      let cpu: ReturnType<typeof startCpuSampler> | undefined;
      let walBefore: ReturnType<typeof readWal> | undefined;
      let waits: Promise<WaitSampler | undefined> | undefined;
      const result = await runPgbench({
        bin: path.join(stackConfig.pgBin, 'pgbench'),
        serverUrl,
        database: PGBENCH_DB,
        scale: cfg.pgbenchScale,
        clients: cfg.connections,
        threads: 2,
        durationSec: Math.max(1, Math.round(cfg.durationSec)),
        env: cfg.parentEnv,
        // Measured from the start of the timed run, so `pgbench -i` stays out of the figures.
        onStart: () => {
          walBefore = readWal(serverUrl);
          // Started in a callback and awaited later: a failure must not become an unhandled rejection.
          waits = startWaitSampler(serverUrl, PGBENCH_DB).catch(() => undefined);
          // pgbench is reaped before the sampler stops: its CPU shows up as our children's.
          cpu = startCpuSampler((_pid, comm) => (comm === 'postgres' ? 'postgres' : undefined), 'pgbench');
        },
      });
      const pgCpu = cpu?.stop();
      const pgWaits = await (await waits)?.stop();
      await statsSettle();
      const wal = walDelta(await walBefore, await readWal(serverUrl));
      pgbench = { ...result, cpu: pgCpu, wal, waits: pgWaits };
      step(`pgbench: ${result.tps.toFixed(1)} tps`);
    } catch (err) {
      // Reported with the figures rather than thrown: the HTTP half of the run is still worth printing.
      pgbench = { error: err instanceof Error ? err.message : String(err) };
    }
  }

  printReport({ ...report, pgbench });
  return ledgerOk ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
