import { fileURLToPath } from 'node:url';
import path from 'node:path';
import pg from 'pg';
import Postgrator from 'postgrator';

// Plain SQL migrations (row-level security, triggers and constraints need SQL anyway), applied
// forward-only by postgrator, which records them in `schemaversion` and takes an advisory lock so
// two API instances starting together do not race.

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface MigrationOutcome {
  applied: string[];
  version: number;
}

export async function runMigrations(databaseUrl: string): Promise<MigrationOutcome> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const postgrator = new Postgrator({
      migrationPattern: path.join(migrationsDir, '*'),
      driver: 'pg',
      database: client.database ?? '',
      schemaTable: 'schemaversion',
      execQuery: (query) => client.query(query),
    });
    const applied = await postgrator.migrate();
    return {
      applied: applied.map((m) => path.basename(m.filename)),
      version: Number(await postgrator.getDatabaseVersion()),
    };
  } finally {
    await client.end();
  }
}
