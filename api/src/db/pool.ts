import pg from 'pg';

export type Db = pg.Pool | pg.PoolClient;

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

/** bigint columns arrive as strings; points stay below 2^53 by contract, so Number is exact. */
export function int(value: string | number | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
