import pg from 'pg';

// bigint columns (points, money in minor units) come back as strings by default;
// they are parsed explicitly where read, so no global type parser is installed here.

export function createPool(databaseUrl: string, max = 20): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 5_000 });
}
