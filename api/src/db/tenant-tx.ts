import type pg from 'pg';
import { prepared, type Db } from './pool.ts';

const SET_TENANT = prepared('tenant.set', "SELECT set_config('app.tenant_id', $1, true)");

/** Sets the tenant that row-level security admits, for the current transaction only. */
export async function setTenant(client: Db, tenantId: string): Promise<void> {
  await client.query(SET_TENANT([tenantId]));
}

/** Runs `fn` in one transaction; commits only if it returns. */
export async function withTransaction<T>(pool: pg.Pool, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** One transaction scoped to one tenant. */
export function withTenant<T>(pool: pg.Pool, tenantId: string, fn: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, async (tx) => {
    await setTenant(tx, tenantId);
    return fn(tx);
  });
}

export type { Db };
