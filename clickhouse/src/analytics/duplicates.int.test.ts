import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { EventRow } from '../events-table.ts';
import {
  dailyKpis,
  hourlyTotals,
  insertEvents,
  ledgerEntries,
  memberFeatures,
  mergeEverything,
  rewardRedemptions,
} from '../testing/analytics-queries.ts';
import {
  buildDemoScenario,
  EXPECTED_DAILY_KPIS,
  EXPECTED_FEATURES,
  PROGRAM_ID,
  TENANT_ID,
  type DemoScenario,
} from '../testing/demo-scenario.ts';
import { createKafkaLog } from '../testing/kafka-log.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

// At-least-once delivery: every event of the demo stream arrives again with other Kafka
// offsets (the relay republished it), in other batches, some twice within one batch, and a
// hold's pending event again after its confirmation. Totals must not move.

let db: TestDatabase;
let scenario: DemoScenario;
let firstDelivery: EventRow[];
let delivered = 0;
let exactOnce: { kpis: unknown; hourly: unknown; rewards: unknown; features: unknown; ledger: unknown };

const deliver = async (rows: EventRow[]) => {
  delivered += rows.length;
  await insertEvents(db.client, rows);
};

const snapshot = async () => ({
  kpis: await dailyKpis(db.client, TENANT_ID, PROGRAM_ID),
  hourly: await hourlyTotals(db.client, TENANT_ID, PROGRAM_ID),
  rewards: await rewardRedemptions(db.client, TENANT_ID, PROGRAM_ID),
  features: await memberFeatures(db.client, TENANT_ID, PROGRAM_ID, scenario.sim.names()),
  ledger: await ledgerEntries(db.client, TENANT_ID, PROGRAM_ID),
});

const countOf = async (query: string) => {
  const result = await db.client.query({
    query,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return (await result.json<{ n: number }>())[0]!.n;
};

beforeAll(async () => {
  db = await createTestDatabase(inject('stackEnv'), 'duplicates');
  scenario = buildDemoScenario();
  const log = createKafkaLog();
  firstDelivery = log.append(scenario.events);
  for (let i = 0; i < firstDelivery.length; i += 5) await deliver(firstDelivery.slice(i, i + 5));
  exactOnce = await snapshot();

  // The relay republishes everything: same envelopes, new offsets, different batch cut.
  const redelivery = log.append(scenario.events);
  for (let i = 0; i < redelivery.length; i += 11) await deliver(redelivery.slice(i, i + 11));
  // A consumer retry sends one batch whose rows repeat inside it.
  await deliver([...firstDelivery.slice(0, 6), ...firstDelivery.slice(0, 6)]);
  // Late copies of the pending holds, after their confirmation and void were counted.
  const pending = scenario.events.filter(
    (e) => e.type === 'transaction_created' && (e.data.posting as { status: string }).status === 'pending',
  );
  await deliver(log.append(pending));
});
afterAll(() => db?.drop());

it('let each event through the dedup stage once', async () => {
  const distinct = scenario.events.length;
  expect(delivered).toBeGreaterThan(2 * distinct);
  // The raw table may already have merged copies away (ReplacingMergeTree); FINAL is exact.
  expect(await countOf('SELECT count() AS n FROM events FINAL')).toBe(distinct);
  expect(await countOf('SELECT count() AS n FROM event_ids')).toBe(distinct);
});

it('gives KPIs, rewards, features and ledger rows identical to a single delivery, and to the hand-worked numbers', async () => {
  const after = await snapshot();
  expect(after).toEqual(exactOnce);
  expect(after.kpis).toEqual(EXPECTED_DAILY_KPIS);
  expect(after.features).toEqual(EXPECTED_FEATURES);
});

it('still does after every table is merged', async () => {
  await mergeEverything(db.client);
  const merged = await snapshot();
  expect(merged).toEqual(exactOnce);
  expect(await countOf('SELECT count() AS n FROM events')).toBe(scenario.events.length);
});

it('keeps KPI totals equal to the ledger itself (the reconciliation query)', async () => {
  const ledgerNet = await countOf(`
    SELECT sum(points) AS n FROM ledger_entries FINAL
    WHERE tenant_id = '${TENANT_ID}' AND program_id = '${PROGRAM_ID}' AND status = 'posted'`);
  const kpiNet = await countOf(
    `SELECT sum(net_points) AS n FROM kpi_daily WHERE tenant_id = '${TENANT_ID}' AND program_id = '${PROGRAM_ID}'`,
  );
  expect(kpiNet).toBe(ledgerNet);
  const { alice, bob, carol } = scenario.members;
  expect(kpiNet).toBe([alice, bob, carol].reduce((s, id) => s + scenario.sim.balance(id).available, 0));
});
