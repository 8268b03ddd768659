import { createClient } from '@clickhouse/client';
import { migrateClickHouse } from '../../clickhouse/src/migrations/migrate.ts';
import { dataSetPlan, generationStatements } from './analytics-data.ts';
const url = 'http://127.0.0.1:58123';
const database = 'bench_scratch_full';
const admin = createClient({ url });
await admin.command({ query: `DROP DATABASE IF EXISTS ${database}` });
await admin.command({ query: `DROP DATABASE IF EXISTS bench_scratch_an` });
await migrateClickHouse({ url, database });
const c = createClient({ url, database, request_timeout: 600_000 });
const end = Math.floor(Date.now() / 86400000) * 86400000;
const plan = dataSetPlan(1_000_000, 10_000_000, end);
const began = performance.now();
let rows = 0;
for (const s of generationStatements(plan)) {
  const t0 = performance.now();
  await c.command({ query: s.sql });
  rows += s.rows;
  console.log(`${((performance.now() - began) / 1000).toFixed(1)} s ${s.label} ${s.rows} in ${Math.round(performance.now() - t0)} ms`);
}
console.log('total', (performance.now() - began) / 1000);
await c.close(); await admin.close();
