import type { FastifyInstance } from 'fastify';
import type pg from 'pg';

export interface HealthDeps {
  pool: pg.Pool;
}

// Liveness says the process serves requests; readiness says its dependencies answer, so a
// load balancer only routes to an instance that can do its work.
export function healthRoutes(deps: HealthDeps) {
  return async (app: FastifyInstance) => {
    app.get('/health', async () => ({ status: 'ok' }));

    app.get('/ready', async (_req, reply) => {
      const started = performance.now();
      try {
        await deps.pool.query('SELECT 1');
        return { status: 'ready', checks: { postgres: { ok: true, ms: Math.round(performance.now() - started) } } };
      } catch (err) {
        return reply.code(503).send({
          error: { code: 'not_ready', message: 'postgres is not reachable', details: { postgres: (err as Error).message } },
        });
      }
    });
  };
}
