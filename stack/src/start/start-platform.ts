import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { StackConfig } from '../stack-config.ts';
import type { Stack } from '../stack.ts';
import { ensureDevSecrets } from '../dev-secrets.ts';
import { tailOf } from '../process-control.ts';
import { waitUntilReady } from '../readiness.ts';
import { createAppGroup, type AppGroup } from './app-group.ts';
import { runApp, type AppProcess } from './app-process.ts';
import { startSummary } from './start-summary.ts';

// `npm start` once the stack is up: migrations and the demo tenant (quick, in order, in the
// terminal), then the API, the relay, the sink and the Temporal worker with their logs in files;
// once all four answer, one summary; then the demo history, generated behind the running platform with its
// progress in the terminal. Ctrl-C stops the apps; the services keep running.

interface SetupStep {
  script: string;
  /** Said when the step fails and the platform starts without it; a step without one stops the start. */
  optional?: string;
}

/** Run to completion, in order, before the apps start. */
const SETUP_STEPS: SetupStep[] = [
  { script: 'api/src/scripts/migrate.ts' },
  { script: 'clickhouse/src/migrations/cli.ts' },
  { script: 'api/src/scripts/seed-demo.ts' },
  // Skips itself when nothing changed. A page that does not build is no reason to keep the API down.
  {
    script: 'docs/src/build-site.ts',
    optional: 'the documentation site did not build (above); the platform starts without it',
  },
  {
    script: 'console/scripts/build-web.ts',
    optional: 'the console did not build (above); the platform starts without it',
  },
];
const DEMO_HISTORY = 'api/src/scripts/seed-demo-history.ts';
const READY_TIMEOUT_MS = 120_000;

interface AppDefinition {
  name: string;
  script: string;
  /** What answers once the app does its work, and the variable that moves it. */
  host: string;
  port: number;
  portVariable: string;
  probePath: string;
}

function appDefinitions(config: StackConfig): AppDefinition[] {
  const a = config.apps;
  return [
    {
      name: 'api',
      script: 'api/src/server.ts',
      host: a.apiHost,
      port: a.apiPort,
      portVariable: 'API_PORT',
      probePath: '/ready',
    },
    {
      name: 'relay',
      script: 'pipeline/src/relay-main.ts',
      host: a.metricsHost,
      port: a.relayMetricsPort,
      portVariable: 'RELAY_METRICS_PORT',
      probePath: '/health',
    },
    {
      name: 'sink',
      script: 'pipeline/src/sink-main.ts',
      host: a.metricsHost,
      port: a.sinkMetricsPort,
      portVariable: 'SINK_METRICS_PORT',
      probePath: '/health',
    },
    {
      // Answers once it polls its task queue and its schedules are in place.
      name: 'worker',
      script: 'workflows/src/worker.ts',
      host: a.metricsHost,
      port: a.workerHealthPort,
      portVariable: 'WORKER_HEALTH_PORT',
      probePath: '/health',
    },
  ];
}

export interface StartOptions {
  /** The launcher's own environment: values set there win over generated dev secrets. */
  inheritedEnv: NodeJS.ProcessEnv;
  verbose: boolean;
}

export async function startPlatform(stack: Stack, config: StackConfig, o: StartOptions): Promise<number> {
  const definitions = appDefinitions(config);
  await refuseBusyPorts(definitions);
  const env = appEnvironment(stack, config, o.inheritedEnv);
  const setup = await runSetupSteps(config, env);
  if (setup !== 0) return setup;

  console.log(`starting the API, the relay, the sink and the worker (logs in ${shown(config.logsDir)})`);
  const group = createAppGroup();
  const apps = definitions.map((d) => startApp(d, config, env, o.verbose));
  apps.forEach(group.add);
  const failure = await Promise.all(definitions.map((d, i) => waitForApp(d, apps[i]!))).then(
    () => undefined,
    (err: unknown) => err,
  );
  // Ctrl-C while waiting ends the wait too: that is a stop, not a failure to start.
  if (group.stopping()) return stopped(group);
  if (failure) {
    console.error(failure instanceof Error ? failure.message : failure);
    group.stop('SIGTERM');
    await group.allExited();
    return 1;
  }

  for (const line of summaryLines(stack, config, definitions, o)) console.log(line);
  const history = runApp({
    name: 'demo-history',
    script: path.join(config.repoRoot, DEMO_HISTORY),
    env,
    logFile: path.join(config.logsDir, 'demo-history.log'),
    echo: (line) => console.log(line),
  });
  group.add(history);
  void reportHistoryEnd(history, group);

  const first = await group.firstExit(apps);
  if (group.stopping()) return stopped(group);
  console.error(`${first.app.name} exited (code ${first.code}), so the others stop. ${shown(first.app.logFile)}:`);
  console.error(tailOf(first.app.logFile));
  group.stop('SIGTERM');
  await group.allExited();
  return first.code || 1;
}

async function runSetupSteps(config: StackConfig, env: NodeJS.ProcessEnv): Promise<number> {
  for (const step of SETUP_STEPS) {
    const child = spawn(process.execPath, [path.join(config.repoRoot, step.script)], {
      env,
      stdio: 'inherit',
    });
    const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
    if (code === 0) continue;
    if (!step.optional) return code;
    console.error(step.optional);
  }
  return 0;
}

function startApp(d: AppDefinition, config: StackConfig, env: NodeJS.ProcessEnv, verbose: boolean): AppProcess {
  return runApp({
    name: d.name,
    script: path.join(config.repoRoot, d.script),
    env,
    logFile: path.join(config.logsDir, `${d.name}.log`),
    ...(verbose ? { echo: (line: string) => console.log(`${d.name.padEnd(5)} | ${line}`) } : {}),
  });
}

async function stopped(group: AppGroup): Promise<number> {
  await group.allExited();
  console.log(
    'stopped the API, the relay, the sink and the worker; the services keep running (`npm run stack -- down` stops them)',
  );
  return 0;
}

/** Says how the demo history ended, when its own last line does not. */
async function reportHistoryEnd(history: AppProcess, group: AppGroup): Promise<void> {
  const code = await history.exited;
  if (group.stopping() && history.child.signalCode !== null) {
    console.log(
      'demo history: stopped before it finished; the demo tenant keeps what it wrote (the next start says more)',
    );
  } else if (code !== 0) {
    // Its lines, the error's among them, were printed as they came.
    console.error(
      `demo history failed (exit code ${code}); the platform runs on without it (${shown(history.logFile)})`,
    );
  }
}

async function waitForApp(d: AppDefinition, app: AppProcess): Promise<void> {
  const url = `http://${d.host}:${d.port}${d.probePath}`;
  await waitUntilReady(
    async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    },
    { name: d.name, logFile: app.logFile, timeoutMs: READY_TIMEOUT_MS, stillRunning: app.running },
  );
}

/**
 * A port in use would make the app fail, or worse, let another copy's app answer our readiness
 * probe. Say which variable moves it.
 */
async function refuseBusyPorts(definitions: AppDefinition[]): Promise<void> {
  const busy: string[] = [];
  for (const d of definitions) {
    if (!(await portIsFree(d.host, d.port))) busy.push(`${d.host}:${d.port} (${d.name}, ${d.portVariable})`);
  }
  if (busy.length > 0) {
    throw new Error(
      `in use: ${busy.join(', ')}. Another copy running? Stop it, or give this one other ports (README: "A second copy").`,
    );
  }
}

function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/** What the apps and setup steps see: dev secrets, then the launcher's env, then the stack's addresses and the ports. */
function appEnvironment(stack: Stack, config: StackConfig, inherited: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const a = config.apps;
  return {
    ...ensureDevSecrets(config),
    ...inherited,
    ...stack.env,
    API_HOST: a.apiHost,
    API_PORT: String(a.apiPort),
    METRICS_HOST: a.metricsHost,
    RELAY_METRICS_PORT: String(a.relayMetricsPort),
    SINK_METRICS_PORT: String(a.sinkMetricsPort),
    WORKER_HEALTH_PORT: String(a.workerHealthPort),
  };
}

function summaryLines(stack: Stack, config: StackConfig, definitions: AppDefinition[], o: StartOptions): string[] {
  const url = (d: AppDefinition) => `http://${d.host}:${d.port}`;
  const [api, relay, sink, worker] = definitions as [AppDefinition, AppDefinition, AppDefinition, AppDefinition];
  const e = stack.env;
  const temporalUi = config.temporal.external ? '' : `, web UI http://127.0.0.1:${config.temporal.uiPort}`;
  return startSummary({
    readyAfterMs: process.uptime() * 1000,
    api: url(api),
    relayMetrics: `${url(relay)}/metrics`,
    sinkMetrics: `${url(sink)}/metrics`,
    worker: {
      health: `${url(worker)}/health`,
      schedules: config.temporal.external
        ? '`temporal schedule list`'
        : `http://127.0.0.1:${config.temporal.uiPort}/namespaces/default/schedules`,
    },
    services: [
      { name: 'postgres', where: e.DATABASE_URL ?? '' },
      { name: 'kafka', where: e.KAFKA_BROKERS ?? '' },
      { name: 'temporal', where: `${e.TEMPORAL_ADDRESS}${temporalUi}` },
      { name: 'clickhouse', where: `${e.CLICKHOUSE_URL} (database ${e.CLICKHOUSE_DATABASE})` },
    ],
    // As api/src/modules/tenants/demo-tenant.ts seeds it (the launcher does not import the API).
    demo: {
      slug: 'demo',
      ownerEmail: 'owner@demo.example',
      passwordFrom: o.inheritedEnv.DEMO_OWNER_PASSWORD
        ? 'the DEMO_OWNER_PASSWORD you set'
        : `DEMO_OWNER_PASSWORD in ${shown(path.join(config.dir, 'secrets.env'))}`,
    },
    logs: [...definitions.map((d) => d.name), 'demo-history'].map((name) =>
      shown(path.join(config.logsDir, `${name}.log`)),
    ),
    verbose: o.verbose,
  });
}

/** A path as typed from the current folder when it lies below it (`.stack/logs`), else absolute. */
function shown(p: string): string {
  const relative = path.relative(process.cwd(), p);
  return relative.startsWith('..') || path.isAbsolute(relative) ? p : relative;
}
