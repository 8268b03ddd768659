export * from './errors/error-shape.ts';
