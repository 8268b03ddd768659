import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../../api-deps.ts';

// Placeholder: the tiers module's routes land here.
export function tiersRoutes(_deps: ApiDeps) {
  return async (_app: FastifyInstance) => {};
}
