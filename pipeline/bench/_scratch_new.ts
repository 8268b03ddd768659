import { createClient } from '@clickhouse/client';
import { benchTenant, postingEventsSql } from './analytics-data.ts';
const c = createClient({ url: 'http://127.0.0.1:58123', database: 'bench_scratch_an', request_timeout: 600_000 });
const t = benchTenant(0, 1_000_000, 10_000_000);
let from = Number(process.argv[2] ?? 5_000_000);
for (const table of ['events_new', 'events', 'events_new', 'events']) {
  const t0 = performance.now();
  await c.command({ query: postingEventsSql(t, Date.UTC(2025, 0, 1), 365 * 86400000, from, 500_000).replace('INSERT INTO events ', `INSERT INTO ${table} `) });
  from += 500_000;
  console.log(table, performance.now() - t0);
}
await c.close();
