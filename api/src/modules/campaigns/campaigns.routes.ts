import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../../api-deps.ts';

// Placeholder: the campaigns module's routes land here.
export function campaignsRoutes(_deps: ApiDeps) {
  return async (_app: FastifyInstance) => {};
}
