import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../../api-deps.ts';

// Placeholder: the transactions module's routes land here.
export function transactionsRoutes(_deps: ApiDeps) {
  return async (_app: FastifyInstance) => {};
}
