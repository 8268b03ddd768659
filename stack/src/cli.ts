import { loadStackConfig, type StackConfig } from './stack-config.ts';
import { createStack, stackDown, stackStatus, stackUp, type Stack } from './stack.ts';
import type { ServiceStatus } from './service.ts';
import { startPlatform } from './start/start-platform.ts';

// `npm run stack -- up|down|status|env`, and `start` (what `npm start` runs): the stack,
// then migrations, the demo tenant and the apps in the foreground (start/start-platform.ts).

const USAGE = `usage: npm run stack -- <command>
  up       start Postgres, Kafka, Temporal and ClickHouse (reuses what already runs)
  down     stop what the stack started (services given by env URLs are never touched)
  status   show each service, its URL and health
  env      print the env vars apps use to reach the services
  start    up, then migrations, the demo tenant, and the API, relay and sink in the foreground, their
           logs in files under the stack folder; --verbose (or LOYALTY_VERBOSE=1) prints them too`;

async function main(argv: string[]): Promise<number> {
  const command = argv[0] ?? 'status';
  const config = loadStackConfig();
  const stack = createStack(config);
  switch (command) {
    case 'up':
      await up(stack, config, 'detailed');
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
    case 'start': {
      const unknown = argv.slice(1).filter((a) => a !== '--verbose');
      if (unknown.length > 0) {
        console.error(`start: unknown option ${unknown.join(' ')}\n${USAGE}`);
        return 2;
      }
      await up(stack, config, 'brief');
      const verbose = argv.includes('--verbose') || config.apps.verbose;
      return startPlatform(stack, config, { inheritedEnv: process.env, verbose });
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

/** `brief`: one line (start prints where everything runs in its summary); `detailed`: each service. */
async function up(stack: Stack, config: StackConfig, report: 'brief' | 'detailed'): Promise<void> {
  const t0 = Date.now();
  console.log(`bringing the stack up (data, logs and pids in ${config.dir})`);
  const { started, reused } = await stackUp(stack, config);
  const took = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`started: ${started.join(', ') || 'none'}; already running: ${reused.join(', ') || 'none'} (${took} s)`);
  if (report === 'detailed') printStatus(await stackStatus(stack));
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
