export * from './embedded-server/http-server.ts';
export { loadClickHouseConfig, type ClickHouseConfig } from './config.ts';
export { EVENTS_TABLE, toEventRow, type EventRow, type KafkaPosition } from './events-table.ts';
export {
  DEFAULT_MIGRATIONS_DIR,
  migrateClickHouse,
  type MigrateClickHouseOptions,
  type MigrateClickHouseResult,
} from './migrations/migrate.ts';
export { MigrationError } from './migrations/migration-plan.ts';
export {
  DEFAULT_READER_LIMITS,
  dropTenantReaderStatements,
  serviceAccessStatements,
  tenantReaderStatements,
  TenantAccessError,
  type DropTenantReaderInput,
  type ServiceAccessInput,
  type TenantReaderInput,
  type TenantReaderLimits,
} from './access/tenant-access.ts';
