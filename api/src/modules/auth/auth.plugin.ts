import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { ErrorCode } from '@loyalty/shared';
import { DomainError } from '../../domain-error.ts';
import type { FailureThrottle } from './failure-throttle.ts';
import type { Principal } from './principal.ts';

// Authentication and authorization for every route, failing closed: a route that does not
// declare `config.auth` refuses to register, and at request time anything undeclared is denied.

const DOCS_PREFIX = '/docs';

export interface AuthPluginOptions {
  authenticate: (headers: Record<string, string | string[] | undefined>) => Promise<Principal>;
  rateLimitPerMinute: number;
  /** Failed authentications per client address. */
  credentialFailures: FailureThrottle;
}

const FAILED_AUTHENTICATION = new Set<ErrorCode>([
  'unauthenticated',
  'token_expired',
  'api_key_revoked',
  'api_key_expired',
]);

/** A 429 with Retry-After, for a caller that failed too often. */
export function tooManyFailures(reply: FastifyReply, retryAfterMs: number): DomainError {
  const seconds = Math.ceil(retryAfterMs / 1000);
  reply.header('retry-after', String(seconds));
  return new DomainError('rate_limited', `too many failed attempts; retry in ${seconds} s`, {
    retryAfterSeconds: seconds,
  });
}

export async function registerAuth(app: FastifyInstance, opts: AuthPluginOptions): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.config?.auth === undefined && !route.url.startsWith(DOCS_PREFIX)) {
      throw new Error(`route ${route.method} ${route.url} must declare config.auth (a permission or 'public')`);
    }
  });

  // Failed checks of presented credentials count per address; past the free ones the address
  // waits, doubling, before any credential it sends is looked up again (no query per guess).
  async function authenticateThrottled(req: FastifyRequest, reply: FastifyReply): Promise<Principal> {
    const presented = req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined;
    const retryAfterMs = presented ? opts.credentialFailures.retryAfterMs(req.ip) : 0;
    if (retryAfterMs > 0) throw tooManyFailures(reply, retryAfterMs);
    try {
      return await opts.authenticate(req.headers);
    } catch (err) {
      if (presented && err instanceof DomainError && FAILED_AUTHENTICATION.has(err.code)) {
        opts.credentialFailures.fail(req.ip);
      }
      throw err;
    }
  }

  app.addHook('onRequest', async (req, reply) => {
    const required = req.routeOptions.config?.auth;
    if (required === 'public' || (required === undefined && req.url.startsWith(DOCS_PREFIX))) return;
    if (required === undefined) {
      // A 404 has no route config; the not-found handler answers it.
      if (!req.routeOptions.url) return;
      throw new DomainError('forbidden', 'this route declares no permission');
    }
    const principal = await authenticateThrottled(req, reply);
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
