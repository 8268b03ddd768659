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
 * The API's pool. Every connection runs as `loyalty_app`, a role without BYPASSRLS, so row-level
 * security applies even when DATABASE_URL names a superuser (as the local cluster's does).
 * `asOwner` skips that, for migrations and maintenance only.
 */
export function createPool(databaseUrl: string, max = 20, opts: { asOwner?: boolean } = {}): pg.Pool {
  return new pg.Pool({
    connectionString: databaseUrl,
    max,
    connectionTimeoutMillis: 5_000,
    ...(opts.asOwner ? {} : { options: '-c role=loyalty_app' }),
  });
}

/** bigint columns arrive as strings (pg) or BigInt (Prisma); points stay below 2^53 by contract. */
export function int(value: string | number | bigint | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
