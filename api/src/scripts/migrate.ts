import { loadApiConfig } from '../config.ts';
import { runMigrations } from '../db/migrate.ts';

const config = loadApiConfig();
const { applied, version } = await runMigrations(config.DATABASE_URL);
console.log(
  `postgres migrations: ${applied.length > 0 ? `applied ${applied.join(', ')}` : 'up to date'} (version ${version})`,
);
