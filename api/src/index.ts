export { buildApp } from './app.ts';
export { loadApiConfig } from './config.ts';
export { runMigrations } from './db/migrate.ts';
