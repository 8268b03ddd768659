// Every workflow the worker registers: the bundle entry point.
export * from './health/workflows.ts';
