import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../../api-deps.ts';

// Placeholder: the rules module's routes land here.
export function rulesRoutes(_deps: ApiDeps) {
  return async (_app: FastifyInstance) => {};
}
