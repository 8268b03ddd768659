import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadStackConfig, type StackConfig } from './stack-config.ts';
import { createStack, stackDown, stackStatus, stackUp, type Stack } from './stack.ts';
import { ensureDevSecrets } from './dev-secrets.ts';
import type { ServiceStatus } from './service.ts';

// `npm run stack -- up|down|status|env`, and `start` (what `npm start` runs): the stack,
// then migrations, the demo tenant and the apps in the foreground.

const USAGE = `usage: npm run stack -- <command>
  up       start Postgres, Kafka, Temporal and ClickHouse (reuses what already runs)
  down     stop what the stack started (services given by env URLs are never touched)
  status   show each service, its URL and health
  env      print the env vars apps use to reach the services
  start    up, then migrations, the demo tenant, and the API, relay and sink in the foreground`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'status';
  const config = loadStackConfig();
  const stack = createStack(config);
  switch (command) {
    case 'up':
      await up(stack, config);
      return 0;
    case 'down': {
      const stopped = await stackDown(stack, argv.slice(1).length > 0 ? argv.slice(1) : undefined);
      console.log(stopped.length > 0 ? `stopped: ${stopped.join(', ')}` : 'nothing to stop');
      return 0;
    }
    case 'status':
      printStatus(await stackStatus(stack));
      return 0;
    case 'env':
      for (const [k, v] of Object.entries(stack.env)) console.log(`${k}=${v}`);
      return 0;
    case 'start':
      await up(stack, config);
      return startApps(stack, config);
    default:
      console.error(USAGE);
      return 2;
  }
}

async function up(stack: Stack, config: StackConfig): Promise<void> {
  const t0 = Date.now();
  console.log(`bringing the stack up (data, logs and pids in ${config.dir})`);
  const { started, reused } = await stackUp(stack, config);
  const took = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`started: ${started.join(', ') || 'none'}; already running: ${reused.join(', ') || 'none'} (${took} s)`);
  printStatus(await stackStatus(stack));
}

function printStatus(statuses: ServiceStatus[]): void {
  for (const s of statuses) {
    const where = Object.entries(s.env)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const pid = s.pid !== undefined ? ` pid ${s.pid}` : '';
    console.log(`${s.name.padEnd(11)} ${s.state.padEnd(8)}${pid.padEnd(11)} ${s.detail ?? ''}\n            ${where}`);
  }
}

// Run to completion, in order, before the apps start.
const SETUP_STEPS = [
  'api/src/scripts/migrate.ts',
  'clickhouse/src/migrations/cli.ts',
  'api/src/scripts/seed-demo.ts',
  'api/src/scripts/seed-demo-history.ts',
];
// Long-running apps: the API, and the stream that carries its events into ClickHouse.
const APPS = ['api/src/server.ts', 'pipeline/src/relay-main.ts', 'pipeline/src/sink-main.ts'];

/** Migrations and the demo tenant run to completion; then the apps run until Ctrl-C. */
async function startApps(stack: Stack, config: StackConfig): Promise<number> {
  // Values already in the environment win, so a deployment can bring its own secrets.
  const env = { ...ensureDevSecrets(config), ...process.env, ...stack.env };
  const script = (file: string) => ['--import', 'tsx', path.join(config.repoRoot, file)];
  for (const step of SETUP_STEPS) {
    const code = await exitOf(spawn(process.execPath, script(step), { env, stdio: 'inherit' }));
    if (code !== 0) return code;
  }
  const api = `http://${env.API_HOST ?? '127.0.0.1'}:${env.API_PORT ?? 3001}`;
  console.log(
    `API ${api} (reference: ${api}/docs); the stack keeps running after Ctrl-C, \`npm run stack -- down\` stops it`,
  );
  const children = APPS.map((app) => spawn(process.execPath, script(app), { env, stdio: 'inherit' }));
  const stopAll = (signal: NodeJS.Signals) => children.forEach((c) => c.exitCode === null && c.kill(signal));
  process.on('SIGINT', () => stopAll('SIGINT')).on('SIGTERM', () => stopAll('SIGTERM'));
  // One app dying takes the others down: a half-running platform is worse than a clear exit.
  const first = await Promise.race(children.map(exitOf));
  stopAll('SIGTERM');
  await Promise.all(children.map(exitOf));
  return first;
}

function exitOf(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1))),
  );
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
