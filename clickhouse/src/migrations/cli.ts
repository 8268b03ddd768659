import { loadClickHouseConfig } from '../config.ts';
import { migrateClickHouse } from './migrate.ts';

// node clickhouse/src/migrations/cli.ts
// Applies pending migrations to CLICKHOUSE_DATABASE at CLICKHOUSE_URL; exit code 1 on failure.

try {
  const config = loadClickHouseConfig();
  const { applied } = await migrateClickHouse({
    ...config,
    onApplied: (name) => console.log(`applied ${name}`),
  });
  console.log(
    applied.length === 0
      ? `${config.database} is up to date`
      : `${config.database}: ${applied.length} migration(s) applied`,
  );
} catch (error) {
  console.error(`ClickHouse migration failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
