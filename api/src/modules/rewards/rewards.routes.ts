import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../../api-deps.ts';

// Placeholder: the rewards module's routes land here.
export function rewardsRoutes(_deps: ApiDeps) {
  return async (_app: FastifyInstance) => {};
}
