import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Permission } from '@loyalty/shared';
import type { Principal } from '../modules/auth/principal.ts';
import { DomainError } from '../domain-error.ts';
import type { Db } from '../db/pool.ts';
import { withTenant } from '../db/tenant-tx.ts';
import { prismaSql, withTenantPrisma, type Prisma, type PrismaTx } from '../db/prisma.ts';
import {
  idempotencyFingerprint,
  validateIdempotencyKey,
  type IdempotencyStore,
  type MutationResult,
} from '../modules/idempotency/idempotency.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route declares what it needs: a permission, or 'public'. */
    auth?: 'public' | Permission;
    /** The route is a `mutate`: it takes an Idempotency-Key, and the document says so. */
    idempotent?: true;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyInstance {
    /** Replays of Idempotency-Keys, shared by every mutating route. */
    idempotency: IdempotencyStore;
  }
}

export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new DomainError('unauthenticated', 'this route needs credentials');
  return req.principal;
}

/**
 * Runs work in one transaction scoped to one tenant, with a raw SQL view of that transaction.
 * `lockKey` names the row the work will lock (the member), so an executor can keep conflicting
 * work apart.
 */
export interface Executor<Tx> {
  run<T>(tenantId: string, fn: (tx: Tx) => Promise<T>, lockKey?: string): Promise<T>;
  sql(tx: Tx): Db;
}

export const poolExecutor = (pool: pg.Pool): Executor<pg.PoolClient> => ({
  run: (tenantId, fn) => withTenant(pool, tenantId, fn),
  sql: (tx) => tx,
});

export const prismaExecutor = (prisma: Prisma): Executor<PrismaTx> => ({
  run: (tenantId, fn) => withTenantPrisma(prisma, tenantId, fn),
  sql: prismaSql,
});

/** The member a `/v1/members/:memberId/...` route acts on: its stored responses go when it is erased. */
function memberOfRoute(req: FastifyRequest): string | undefined {
  return (req.params as { memberId?: string }).memberId;
}

/**
 * A mutating call: one tenant transaction, guarded by the request's Idempotency-Key; the
 * response is sent only after the transaction committed.
 */
export async function mutate<Tx>(
  req: FastifyRequest,
  reply: FastifyReply,
  executor: Executor<Tx>,
  work: (tx: Tx, principal: Principal) => Promise<MutationResult>,
  lockKey?: string,
) {
  // The OpenAPI document declares the Idempotency-Key from this flag: keep the two in step.
  if (req.routeOptions.config.idempotent !== true) {
    throw new Error(`route ${req.method} ${req.routeOptions.url} calls mutate without config.idempotent`);
  }
  const principal = principalOf(req);
  const key = validateIdempotencyKey(req.headers['idempotency-key']);
  const fingerprint = idempotencyFingerprint(req.method, req.routeOptions.url ?? req.url, req.params, req.body);
  const result = await executor.run(
    principal.tenantId,
    (tx) =>
      req.server.idempotency.run(executor.sql(tx), principal, key, fingerprint, async () => {
        const outcome = await work(tx, principal);
        return { ...outcome, memberId: outcome.memberId ?? memberOfRoute(req) };
      }),
    lockKey,
  );
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return reply.code(result.status).send(result.body);
}

/** A read in the caller's tenant. */
export function read<Tx, T>(
  executor: Executor<Tx>,
  req: FastifyRequest,
  fn: (tx: Tx, principal: Principal) => Promise<T>,
): Promise<T> {
  const principal = principalOf(req);
  return executor.run(principal.tenantId, (tx) => fn(tx, principal));
}
