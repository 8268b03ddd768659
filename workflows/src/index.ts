export * from './health/shared.ts';
export * from './expiry/shared.ts';
export * from './idempotency-retention/shared.ts';
export * from './schedules/shared.ts';
export * from './campaigns/shared.ts';
export * from './client.ts';
