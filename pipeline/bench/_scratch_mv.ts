import { createClient } from '@clickhouse/client';
import { benchTenant, postingEventsSql } from './analytics-data.ts';
const c = createClient({ url: 'http://127.0.0.1:58123', database: 'bench_scratch_an', request_timeout: 600_000 });
const t = benchTenant(0, 1_000_000, 10_000_000);
let from = 8_000_000;
const run = async (label: string) => {
  const t0 = performance.now();
  await c.command({ query: postingEventsSql(t, Date.UTC(2025, 0, 1), 365 * 86400000, from, 250_000).replace('INSERT INTO events ', `INSERT INTO events_new `) });
  from += 250_000;
  console.log(label, Math.round(performance.now() - t0));
};
const views = ['member_features_postings_mv', 'kpi_hourly_postings_mv', 'kpi_daily_postings_mv', 'reward_redemptions_hourly_mv', 'reward_redemptions_daily_mv', 'event_ids_mv'];
await run('all');
for (const v of views) await c.command({ query: `DETACH TABLE ${v}` });
await run('ledger_entries only');
for (const v of views) { await c.command({ query: `ATTACH TABLE ${v}` }); await run(`+${v}`); await c.command({ query: `DETACH TABLE ${v}` }); }
for (const v of views) await c.command({ query: `ATTACH TABLE ${v}` });
await c.command({ query: `DETACH TABLE ledger_entries_mv` });
await run('no ledger');
await c.command({ query: `ATTACH TABLE ledger_entries_mv` });
await c.close();
