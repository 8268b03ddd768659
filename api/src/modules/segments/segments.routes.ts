import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../../api-deps.ts';

// Placeholder: the segments module's routes land here.
export function segmentsRoutes(_deps: ApiDeps) {
  return async (_app: FastifyInstance) => {};
}
