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

/** Every tenant's id, for chores that visit each tenant in turn (the tenants table is under RLS). */
export async function allTenantIds(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT all_tenant_ids() AS id');
  return rows.map((r) => r.id);
}

export type { Db };
