export * from './health/shared.ts';
