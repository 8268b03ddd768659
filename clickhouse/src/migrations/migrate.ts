import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { quoteIdentifier } from '../sql-identifiers.ts';
import {
  MigrationError,
  pendingMigrations,
  readMigrationFiles,
  type AppliedMigration,
  type MigrationFile,
} from './migration-plan.ts';
import { splitSqlStatements } from './split-statements.ts';

// Applies clickhouse/migrations/NNNN_description.sql in order, forward-only, recording each
// applied file (version, name, checksum) in the database's schema_migrations table.
//
// ClickHouse DDL is not transactional: a file that fails half-way keeps the statements that
// ran. That is why every statement in the migrations is written to be re-runnable
// (IF NOT EXISTS), so fixing the cause and running again completes the file. There is no
// lock either: run one migrator at a time (the deploy step), as with any ClickHouse DDL.

export interface MigrateClickHouseOptions {
  /** Server URL; credentials, if any, go in it (http://user:password@host:8123). */
  readonly url: string;
  readonly database: string;
  /** Defaults to clickhouse/migrations. */
  readonly migrationsDir?: string;
  /** Called once per applied file. */
  readonly onApplied?: (name: string) => void;
}

export interface MigrateClickHouseResult {
  /** Names of the files applied by this run, in order; empty when up to date. */
  readonly applied: string[];
}

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

const CREATE_HISTORY = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    UInt32,
    name       String,
    checksum   String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
  ) ENGINE = MergeTree
  ORDER BY version`;

export async function migrateClickHouse(options: MigrateClickHouseOptions): Promise<MigrateClickHouseResult> {
  const database = quoteIdentifier(options.database);
  // Read and check every file before touching the server: a bad folder changes nothing.
  const files = await loadMigrationFiles(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const plans = files.map((file) => ({ file, statements: statementsOf(file) }));

  await withClient(options.url, undefined, (admin) => ensureDatabase(admin, options.database, database));
  return withClient(options.url, options.database, async (client) => {
    await client.command({ query: CREATE_HISTORY });
    const pending = new Set(pendingMigrations(files, await appliedMigrations(client)).map((file) => file.version));
    const applied: string[] = [];
    for (const { file, statements } of plans) {
      if (!pending.has(file.version)) continue;
      for (const [index, statement] of statements.entries()) {
        await client.command({ query: statement.sql }).catch((error: unknown) => {
          throw new MigrationError(
            `${file.name} failed at statement ${index + 1} of ${statements.length} (line ${statement.line}): ${messageOf(error)}. ` +
              'Statements before it were applied (ClickHouse DDL is not transactional); fix the cause and run again.',
            { cause: error },
          );
        });
      }
      await client.insert({
        table: 'schema_migrations',
        format: 'JSONEachRow',
        values: [{ version: file.version, name: file.name, checksum: file.checksum }],
      });
      applied.push(file.name);
      options.onApplied?.(file.name);
    }
    return { applied };
  });
}

async function loadMigrationFiles(dir: string): Promise<MigrationFile[]> {
  // Only .sql files are read; readMigrationFiles decides which of them are migrations.
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const files = await Promise.all(
    names.map(async (fileName) => ({ fileName, sql: await readFile(`${dir}/${fileName}`, 'utf8') })),
  );
  return readMigrationFiles(files);
}

function statementsOf(file: MigrationFile) {
  try {
    const statements = splitSqlStatements(file.sql);
    if (statements.length === 0) throw new MigrationError('it holds no statement');
    return statements;
  } catch (error) {
    throw new MigrationError(`${file.name}: ${messageOf(error)}`, { cause: error });
  }
}

/** Creates the database only when missing: a deploy user may lack CREATE DATABASE. */
async function ensureDatabase(admin: ClickHouseClient, name: string, quoted: string): Promise<void> {
  const found = await admin.query({
    query: 'SELECT name FROM system.databases WHERE name = {name:String}',
    query_params: { name },
    format: 'JSONEachRow',
  });
  if ((await found.json()).length === 0) await admin.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoted}` });
}

async function appliedMigrations(client: ClickHouseClient): Promise<AppliedMigration[]> {
  const result = await client.query({
    query: 'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    format: 'JSONEachRow',
  });
  return result.json<AppliedMigration>();
}

async function withClient<T>(
  url: string,
  database: string | undefined,
  run: (client: ClickHouseClient) => Promise<T>,
): Promise<T> {
  // Errors are reported by the runner with the file and statement; the client's own log would repeat them.
  const client = createClient({ url, ...(database ? { database } : {}), log: { level: ClickHouseLogLevel.OFF } });
  try {
    return await run(client);
  } finally {
    await client.close();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
