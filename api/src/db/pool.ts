import pg from 'pg';

/**
 * What repositories need from a connection: a pg pool or client, or a Prisma transaction seen
 * through `prismaSql`, so raw SQL and Prisma calls can share one transaction.
 */
export interface Db {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- row shapes are given per query
  query<R extends Record<string, any> = any>(
    sql: string | NamedQuery,
    params?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

export interface NamedQuery {
  name: string;
  text: string;
  values: unknown[];
}

/**
 * A prepared statement: parsed and planned once per connection, not on every call. The hot
 * posting path runs a handful of statements per posting, and re-planning them cost about as
 * much Postgres CPU as executing them.
 */
export function prepared(name: string, text: string): (values: unknown[]) => NamedQuery {
  return (values) => ({ name, text, values });
}

/**
 * A pool logging in as the URL's user. The API's URL names `loyalty_app` (no BYPASSRLS), so
 * row-level security applies to every query; only migrations and tests' checks use the owner.
 */
export function createPool(databaseUrl: string, max = 20): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 5_000 });
}

/** bigint columns arrive as strings (pg) or BigInt (Prisma); points stay below 2^53 by contract. */
export function int(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
