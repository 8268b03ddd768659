import type { FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { DomainError } from '../../domain-error.ts';
import type { Principal } from './principal.ts';

// Authentication and authorization for every route, failing closed: a route that does not
// declare `config.auth` refuses to register, and at request time anything undeclared is denied.

const DOCS_PREFIX = '/docs';

export interface AuthPluginOptions {
  authenticate: (headers: Record<string, string | string[] | undefined>) => Promise<Principal>;
  rateLimitPerMinute: number;
}

export async function registerAuth(app: FastifyInstance, opts: AuthPluginOptions): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.config?.auth === undefined && !route.url.startsWith(DOCS_PREFIX)) {
      throw new Error(`route ${route.method} ${route.url} must declare config.auth (a permission or 'public')`);
    }
  });

  app.addHook('onRequest', async (req) => {
    const required = req.routeOptions.config?.auth;
    if (required === 'public' || (required === undefined && req.url.startsWith(DOCS_PREFIX))) return;
    if (required === undefined) {
      // A 404 has no route config; the not-found handler answers it.
      if (!req.routeOptions.url) return;
      throw new DomainError('forbidden', 'this route declares no permission');
    }
    const principal = await opts.authenticate(req.headers);
    if (!principal.permissions.has(required)) {
      throw new DomainError('forbidden', `this needs the ${required} permission`, { required });
    }
    req.principal = principal;
  });

  // Per credential (API key or user), after authentication; anonymous calls are limited per IP.
  await app.register(rateLimit, {
    hook: 'preHandler',
    max: opts.rateLimitPerMinute,
    timeWindow: 60_000,
    enableDraftSpec: true,
    keyGenerator: (req) => (req.principal ? `${req.principal.actor.type}:${req.principal.actor.id}` : `ip:${req.ip}`),
    errorResponseBuilder: (_req, ctx) => {
      const err = new DomainError(
        'rate_limited',
        `rate limit of ${ctx.max} requests per minute exceeded; retry in ${Math.ceil(ctx.ttl / 1000)} s`,
      );
      return Object.assign(err, { statusCode: 429 });
    },
  });
}
