import Fastify, { type FastifyInstance } from 'fastify';
import type pg from 'pg';
import type { ApiConfig } from './config.ts';
import { healthRoutes } from './modules/health/health.routes.ts';

export interface AppDeps {
  config: Pick<ApiConfig, 'LOG_LEVEL'>;
  pool: pg.Pool;
}

/** Builds the app without listening: server.ts listens, tests use `inject`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: deps.config.LOG_LEVEL }, bodyLimit: 1024 * 1024 });

  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url}` } }),
  );
  // One error shape for everything; 5xx messages are logged, never shown.
  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'unhandled error');
    const code = status >= 500 ? 'internal_error' : (err.code ?? 'bad_request').toLowerCase();
    const message = status >= 500 ? 'internal error' : err.message;
    return reply.code(status).send({ error: { code, message } });
  });

  await app.register(healthRoutes({ pool: deps.pool }));
  return app;
}
