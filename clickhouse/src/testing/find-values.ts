import type { ClickHouseClient } from '@clickhouse/client';

// Whether any table of a database still holds some values, whatever the column: every table
// that stores rows is read whole as text (aggregate states included: a String inside an argMax
// state is printed with its bytes). For erasure tests, on small databases.

const STORES_NOTHING = ['View', 'MaterializedView', 'Null', 'LiveView', 'WindowView'];
const quoted = (name: string) => `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;

/** Table name -> the needles found in its rows; tables holding none are left out. */
export async function tablesHolding(
  client: ClickHouseClient,
  database: string,
  needles: readonly string[],
): Promise<Record<string, string[]>> {
  const listed = await client.query({
    query:
      'SELECT name FROM system.tables WHERE database = {database:String} AND engine NOT IN {engines:Array(String)}',
    query_params: { database, engines: STORES_NOTHING },
    format: 'JSONEachRow',
  });
  const found: Record<string, string[]> = {};
  for (const { name } of await listed.json<{ name: string }>()) {
    const rows = await client.query({
      query: `SELECT * FROM ${quoted(database)}.${quoted(name)}`,
      format: 'TabSeparatedRaw',
    });
    const text = await rows.text();
    const hits = needles.filter((needle) => text.includes(needle));
    if (hits.length > 0) found[name] = hits;
  }
  return found;
}
