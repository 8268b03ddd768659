import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Permission } from '@loyalty/shared';
import type { Principal } from '../modules/auth/principal.ts';
import { DomainError } from '../domain-error.ts';
import { withTenant } from '../db/tenant-tx.ts';
import {
  requestFingerprint,
  runIdempotent,
  validateIdempotencyKey,
  type MutationResult,
} from '../modules/idempotency/idempotency.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route declares what it needs: a permission, or 'public'. */
    auth?: 'public' | Permission;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new DomainError('unauthenticated', 'this route needs credentials');
  return req.principal;
}

/**
 * Runs a tenant-scoped transaction: the default executor for mutations. `lockKey` names the
 * row the work will lock (the member), so an executor can keep conflicting work apart.
 */
export type TenantExecutor = <T>(tenantId: string, fn: (tx: pg.PoolClient) => Promise<T>, lockKey?: string) => Promise<T>;
export const poolExecutor = (pool: pg.Pool): TenantExecutor => (tenantId, fn) => withTenant(pool, tenantId, fn);

/**
 * A mutating call: one tenant transaction, guarded by the request's Idempotency-Key; the
 * response is sent only after the transaction committed.
 */
export async function mutate(
  req: FastifyRequest,
  reply: FastifyReply,
  execute: TenantExecutor,
  work: (tx: pg.PoolClient, principal: Principal) => Promise<MutationResult>,
  lockKey?: string,
) {
  const principal = principalOf(req);
  const key = validateIdempotencyKey(req.headers['idempotency-key']);
  const fingerprint = requestFingerprint(req.method, req.routeOptions.url ?? req.url, req.params, req.body);
  const result = await execute(principal.tenantId, (tx) => runIdempotent(tx, principal.tenantId, key, fingerprint, () => work(tx, principal)), lockKey);
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(result.status).send(result.body);
}

/** A read in the caller's tenant. */
export function read<T>(pool: pg.Pool, req: FastifyRequest, fn: (tx: pg.PoolClient, principal: Principal) => Promise<T>): Promise<T> {
  const principal = principalOf(req);
  return withTenant(pool, principal.tenantId, (tx) => fn(tx, principal));
}
