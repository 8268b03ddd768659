import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { migrateClickHouse } from '../migrations/migrate.ts';
import { quoteIdentifier } from '../sql-identifiers.ts';

// A migrated database of its own for one test file, named after the run's database, so the
// files of this package never see each other's rows (nor other packages' tests theirs).

export interface TestDatabase {
  readonly database: string;
  readonly client: ClickHouseClient;
  /** Drops the database and closes the client. */
  drop(): Promise<void>;
}

export interface StackClickHouseEnv {
  readonly CLICKHOUSE_URL?: string;
  readonly CLICKHOUSE_DATABASE?: string;
}

export async function createTestDatabase(
  env: StackClickHouseEnv,
  suffix: string,
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const url = env.CLICKHOUSE_URL;
  if (!url || !env.CLICKHOUSE_DATABASE)
    throw new Error('CLICKHOUSE_URL and CLICKHOUSE_DATABASE must be provided by the test setup');
  const database = `${env.CLICKHOUSE_DATABASE}_${suffix}`;
  const admin = createClient({ url, log: { level: ClickHouseLogLevel.OFF } });
  try {
    await admin.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(database)}` });
    if (options.migrate ?? true) await migrateClickHouse({ url, database });
    else await admin.command({ query: `CREATE DATABASE ${quoteIdentifier(database)}` });
  } finally {
    await admin.close();
  }
  const client = createClient({ url, database, log: { level: ClickHouseLogLevel.OFF } });
  return {
    database,
    client,
    async drop() {
      await client.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(database)}` });
      await client.close();
    },
  };
}
