import { spawn } from 'node:child_process';
import { recreateDatabase } from './bench-db.ts';

// The yardstick: pgbench's simple-update (one UPDATE + SELECT + INSERT per transaction, one
// commit each) on the same server, with as many clients as the HTTP load has connections. Our
// postings per second divided by its tps says how far the API's batching gets past
// one-commit-per-write on this very machine and disk, whatever their speed.

export interface PgbenchOptions {
  /** The pgbench binary. */
  bin: string;
  serverUrl: string;
  database: string;
  scale: number;
  clients: number;
  threads: number;
  durationSec: number;
  env: NodeJS.ProcessEnv;
  /** Called with the pgbench pid once the measured run started (for CPU accounting). */
  onStart?: (pid: number) => void;
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  latencyAvgMs: number | undefined;
  failed: number;
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv, onStart?: (pid: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    if (child.pid !== undefined) onStart?.(child.pid);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${bin} ${args.join(' ')} exited ${code}:\n${out.slice(-2000)}`)),
    );
  });
}

export async function runPgbench(o: PgbenchOptions): Promise<PgbenchResult> {
  await recreateDatabase(o.serverUrl, o.database);
  const url = new URL(o.serverUrl);
  // Connection flags rather than a URI: pgbench takes the database name as its last argument.
  const conn = ['-h', url.hostname, '-p', url.port || '5432', '-U', decodeURIComponent(url.username)];
  const env = { ...o.env, ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}) };
  await run(o.bin, ['-i', '-q', '-s', String(o.scale), ...conn, o.database], env);
  const out = await run(
    o.bin,
    [
      '-b',
      'simple-update',
      '-c',
      String(o.clients),
      '-j',
      String(o.threads),
      '-T',
      String(o.durationSec),
      '-n',
      ...conn,
      o.database,
    ],
    env,
    o.onStart,
  );
  const tps = /^tps = ([\d.]+)/m.exec(out);
  if (!tps) throw new Error(`could not read tps from pgbench:\n${out}`);
  const latency = /^latency average = ([\d.]+) ms/m.exec(out);
  const failed = /^number of failed transactions: (\d+)/m.exec(out);
  const done = /^number of transactions actually processed: (\d+)/m.exec(out);
  return {
    tps: Number(tps[1]),
    transactions: done ? Number(done[1]) : 0,
    latencyAvgMs: latency ? Number(latency[1]) : undefined,
    failed: failed ? Number(failed[1]) : 0,
  };
}
