import { createClient } from '@clickhouse/client';
import { benchTenant, postingEventsSql } from './analytics-data.ts';
const c = createClient({ url: 'http://127.0.0.1:58123', database: 'bench_scratch_an', request_timeout: 600_000 });
const t = benchTenant(0, 1_000_000, 10_000_000);
const settingsList = JSON.parse(process.argv[2] ?? '[{}]');
let from = Number(process.argv[3] ?? 3_000_000);
for (const s of settingsList) {
  const t0 = performance.now();
  await c.command({ query: postingEventsSql(t, Date.UTC(2025, 0, 1), 365 * 86400000, from, 500_000), clickhouse_settings: s });
  from += 500_000;
  console.log(JSON.stringify(s), performance.now() - t0);
}
await c.close();
