import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { loadApiConfig } from '../src/config.ts';
import type { BenchConfig } from './bench-config.ts';

// The API under test runs as its own process, started exactly as in production (server.ts), so
// the load generator does not share its event loop and its CPU can be measured on its own.

export interface ApiProcess {
  baseUrl: string;
  pid: number;
  /** The last lines the API wrote, for an error report. */
  recentOutput(): string[];
  /** SIGTERM (the API drains in-flight requests), then SIGKILL if it hangs. Idempotent. */
  stop(): Promise<void>;
}

export interface StartApiOptions {
  repoRoot: string;
  env: NodeJS.ProcessEnv;
  host: string;
  port: number;
  readyTimeoutMs?: number;
}

/** A port the kernel just handed out; the tiny race before the API binds it is acceptable here. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('could not get a free port'))));
    });
  });
}

// Under load a misbehaving API could log a line per request: echo the first ones, count the rest.
const ECHO_LINES = 20;

export async function startApi(opts: StartApiOptions): Promise<ApiProcess> {
  const child = spawn(process.execPath, [path.join(opts.repoRoot, 'api/src/server.ts')], {
    cwd: opts.repoRoot,
    env: { ...opts.env, API_HOST: opts.host, API_PORT: String(opts.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('could not spawn the API process');
  const pid = child.pid;

  const recent: string[] = [];
  let echoed = 0;
  let suppressed = 0;
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > 50) recent.shift();
      if (echoed < ECHO_LINES) {
        echoed += 1;
        console.log(`  [api] ${line}`);
      } else {
        suppressed += 1;
      }
    });
  }

  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let stopping: Promise<void> | undefined;

  const api: ApiProcess = {
    baseUrl: `http://${opts.host}:${opts.port}`,
    pid,
    recentOutput: () => [...recent],
    stop() {
      stopping ??= stopChild(child, exited).then(() => {
        if (suppressed > 0) console.log(`  [api] (${suppressed} more output lines not shown)`);
      });
      return stopping;
    },
  };

  try {
    await waitReady(api.baseUrl, exited, opts.readyTimeoutMs ?? 60_000);
  } catch (err) {
    await api.stop();
    throw err;
  }
  return api;
}

async function waitReady(baseUrl: string, exited: Promise<{ code: number | null }>, timeoutMs: number): Promise<void> {
  let gone: { code: number | null } | undefined;
  void exited.then((e) => (gone = e));
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (gone) throw new Error(`the API exited (code ${gone.code}) before it was ready`);
    try {
      const res = await fetch(`${baseUrl}/ready`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the API was not ready within ${timeoutMs} ms: ${last}`);
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// Connections the API needs besides the batcher's lanes: authentication reads and the
// non-batched routes run on the same pool.
const POOL_HEADROOM = 16;

/** The child's environment: the API's own config validates it before we spawn anything. */
export function apiEnvironment(
  cfg: Pick<BenchConfig, 'parentEnv' | 'overrides'>,
  url: string,
  extra: NodeJS.ProcessEnv = {},
) {
  const env: NodeJS.ProcessEnv = {
    ...cfg.parentEnv,
    DATABASE_URL: url,
    // Fresh secrets each run: nothing from the bench tenant is meant to outlive it.
    AUTH_TOKEN_SECRET: randomBytes(48).toString('base64url'),
    MEMBER_PII_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    // High enough never to answer 429: the limiter is not what is measured.
    RATE_LIMIT_PER_MINUTE: '100000000',
    ...extra,
  };
  const lanes = loadApiConfig({ ...env, DATABASE_POOL_SIZE: undefined }).LEDGER_BATCH_LANES;
  env.DATABASE_POOL_SIZE = cfg.overrides.DATABASE_POOL_SIZE ?? String(lanes + POOL_HEADROOM);
  return { env, config: loadApiConfig(env) };
}
