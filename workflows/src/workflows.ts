// Every workflow the worker registers: the bundle entry point.
export * from './health/workflows.ts';
export * from './expiry/workflows.ts';
export * from './idempotency-retention/workflows.ts';
export * from './schedules/workflows.ts';
export * from './campaigns/workflows.ts';
export * from './tier-recalc/workflows.ts';
export * from './segment-refresh/workflows.ts';
