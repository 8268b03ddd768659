import pg from 'pg';

// Connections as the database owner (the DATABASE_URL user): creating and dropping the bench
// databases, and checking the ledger afterwards without row-level security in the way.

/** The same server and credentials, another database. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drop + create, so every run starts from the same empty tables and runs are comparable. */
export async function recreateDatabase(serverUrl: string, database: string): Promise<void> {
  // Connect to the maintenance database: one cannot drop the database one is connected to.
  await withClient(databaseUrl(serverUrl, 'postgres'), async (c) => {
    const name = pg.escapeIdentifier(database);
    // FORCE ends sessions a previous, interrupted run may have left behind.
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
}

export interface LedgerTotals {
  /** Sum of member_balances.available. */
  balances: number;
  /** Sum of ledger_entries.amount on the member_available account. */
  entries: number;
  /** Earn postings written. */
  earnPostings: number;
}

export function ledgerTotals(url: string): Promise<LedgerTotals> {
  return withClient(url, async (c) => {
    // bigint sums come back as text; points stay far below 2^53, so Number is exact.
    const { rows } = await c.query<{ balances: string; entries: string; earn_postings: string }>(`
      SELECT (SELECT coalesce(sum(available), 0) FROM member_balances)::text AS balances,
             (SELECT coalesce(sum(amount), 0) FROM ledger_entries WHERE account = 'member_available')::text AS entries,
             (SELECT count(*) FROM postings WHERE kind = 'earn')::text AS earn_postings`);
    const r = rows[0]!;
    return { balances: Number(r.balances), entries: Number(r.entries), earnPostings: Number(r.earn_postings) };
  });
}

/** The end of a run: its database goes, with any session still attached to it. */
export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  await withClient(databaseUrl(serverUrl, 'postgres'), (c) =>
    c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`),
  );
}
