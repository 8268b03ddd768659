import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../../api-deps.ts';
import { send } from '../../http/error-handler.ts';

// Liveness says the process serves requests; readiness says its dependencies answer, so a
// load balancer only routes to an instance that can do its work.
export function healthRoutes(deps: Pick<ApiDeps, 'pool'>) {
  return async (app: FastifyInstance) => {
    const schema = { hide: true };
    app.get('/health', { config: { auth: 'public' }, schema }, async () => ({ status: 'ok' }));

    app.get('/ready', { config: { auth: 'public' }, schema }, async (req, reply) => {
      const started = performance.now();
      try {
        await deps.pool.query('SELECT 1');
        return { status: 'ready', checks: { postgres: { ok: true, ms: Math.round(performance.now() - started) } } };
      } catch (err) {
        // The cause goes to the log, not to an unauthenticated caller.
        req.log.warn({ err }, 'readiness check failed');
        return send(reply, 'not_ready', 'postgres is not reachable');
      }
    });
  };
}
