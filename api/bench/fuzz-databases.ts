import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { migrateClickHouse } from '../../clickhouse/src/migrations/migrate.ts';
import { runMigrations } from '../src/db/migrate.ts';
import { databaseUrl, dropDatabase, recreateDatabase } from './bench-db.ts';

// A fuzz run writes whatever the fuzzer invents: it gets a Postgres and a ClickHouse database of
// its own, named after the process, migrated fresh and dropped at the end, so it never touches
// the stack's `loyalty` databases nor another run's.

export interface FuzzDatabases {
  postgresUrl: string;
  clickhouseDatabase: string;
  drop(): Promise<void>;
}

export async function createFuzzDatabases(serverUrl: string, clickhouseUrl: string): Promise<FuzzDatabases> {
  const name = `loyalty_fuzz_${process.pid}`;
  await recreateDatabase(serverUrl, name);
  const postgresUrl = databaseUrl(serverUrl, name);
  await runMigrations(postgresUrl);
  await dropClickHouseDatabase(clickhouseUrl, name);
  await migrateClickHouse({ url: clickhouseUrl, database: name });
  return {
    postgresUrl,
    clickhouseDatabase: name,
    async drop() {
      await dropDatabase(serverUrl, name);
      await dropClickHouseDatabase(clickhouseUrl, name);
    },
  };
}

async function dropClickHouseDatabase(url: string, name: string): Promise<void> {
  const ch = createClient({ url, log: { level: ClickHouseLogLevel.OFF } });
  try {
    // The name is ours (letters, digits, underscore): no quoting needed.
    await ch.command({ query: `DROP DATABASE IF EXISTS ${name}` });
  } finally {
    await ch.close();
  }
}
