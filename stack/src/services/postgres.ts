import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { StackConfig } from '../stack-config.ts';
import type { ServiceDefinition } from '../service.ts';
import { run } from '../process-control.ts';

// A private cluster from the system's PostgreSQL binaries. PostgreSQL refuses to run as root,
// so as root the server runs as the `postgres` system user through setpriv (which execs, so the
// pid we record is the postmaster's own).

export function postgresService(config: StackConfig): ServiceDefinition {
  const { port, user, database, external } = config.postgres;
  const asRoot = process.getuid?.() === 0;
  const home = postgresHome(config, asRoot);
  const dataDir = path.join(home, 'data');
  const socketDir = path.join(home, 'run');
  const url = external ?? `postgres://${user}@127.0.0.1:${port}/${database}`;
  const adminUrl = external ?? `postgres://${user}@127.0.0.1:${port}/postgres`;
  const bin = (name: string) => path.join(config.pgBin, name);
  const asServerUser = (cmd: string, args: string[]) =>
    asRoot
      ? { command: 'setpriv', args: ['--reuid=postgres', '--regid=postgres', '--init-groups', cmd, ...args] }
      : { command: cmd, args };

  return {
    name: 'postgres',
    env: { DATABASE_URL: url },
    external: external !== undefined,
    startTimeoutMs: 60_000,
    // SIGINT is PostgreSQL's "fast" shutdown: it does not wait for clients to disconnect.
    stopSignal: 'SIGINT',
    async probe() {
      await withClient(adminUrl, (c) => c.query('SELECT 1'));
    },
    async prepare() {
      if (!fs.existsSync(bin('initdb'))) {
        throw new Error(
          `PostgreSQL binaries not found in ${config.pgBin}: install postgresql-15 (Debian), set PG_BIN, or set DATABASE_URL`,
        );
      }
      fs.mkdirSync(socketDir, { recursive: true });
      if (asRoot) run('chown', ['-R', 'postgres:postgres', home]);
      if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
      const initdb = asServerUser(bin('initdb'), [
        '-D',
        dataDir,
        '-U',
        user,
        '--auth=trust',
        '-E',
        'UTF8',
        '--no-locale',
        '--no-instructions',
      ]);
      run(initdb.command, initdb.args);
    },
    process() {
      return asServerUser(bin('postgres'), [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        socketDir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=300',
        '-c',
        'shared_buffers=256MB',
      ]);
    },
    async afterUp() {
      await ensureDatabase(adminUrl, database);
    },
  };
}

/**
 * Where the cluster lives: `.stack/postgres`, unless we run as root and the `postgres` user cannot
 * reach that folder (a checkout under a private directory, such as one from `mktemp -d`). Then
 * it lives in /var/tmp, in a folder named after the stack folder, so each checkout keeps its own.
 */
function postgresHome(config: StackConfig, asRoot: boolean): string {
  const inStack = path.join(config.dir, 'postgres');
  if (!asRoot || reachableByPostgres(config.dir)) return inStack;
  const id = createHash('sha256').update(config.dir).digest('hex').slice(0, 12);
  return path.join('/var/tmp', `loyalty-stack-${id}`, 'postgres');
}

/** Whether every directory on the way to `dir` lets others through (the `postgres` user is "other"). */
function reachableByPostgres(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(d) && (fs.statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, async (c) => {
    const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await c.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  });
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
