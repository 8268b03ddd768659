import type pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import type { Db } from './pool.ts';

// Prisma is the client for configuration entities (programs, users, roles, API keys, audit log).
// It shares the API's pool, so it too runs as loyalty_app under row-level security.

export type Prisma = PrismaClient;
export type PrismaTx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

export async function createPrisma(pool: pg.Pool): Promise<PrismaClient> {
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  // The query compiler loads on first use: pay that at start-up, not on a user's request.
  // An unreachable database is not fatal here: /ready reports it.
  await prisma.$queryRaw`SELECT 1`.catch(() => undefined);
  return prisma;
}

/** One Prisma transaction scoped to one tenant. */
export function withTenantPrisma<T>(
  prisma: PrismaClient,
  tenantId: string,
  fn: (tx: PrismaTx) => Promise<T>,
): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
    return fn(tx);
  });
}

/** Raw SQL inside a Prisma transaction, for the shared repositories (outbox, idempotency). */
export function prismaSql(tx: PrismaTx): Db {
  return {
    async query(sql, params = []) {
      const [text, values] = typeof sql === 'string' ? [sql, params] : [sql.text, sql.values];
      const rows = await tx.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values);
      return { rows: rows as never[], rowCount: rows.length };
    },
  };
}
