import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReportDefinition, type ReportDefinitionInput } from '@loyalty/shared';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { DEFAULT_MIGRATIONS_DIR, migrateClickHouse } from '../migrations/migrate.ts';
import { compileReport } from '../reports/compile-report.ts';
import { insertEvents, memberFeatures, memberSnapshots } from '../testing/analytics-queries.ts';
import { tablesHolding } from '../testing/find-values.ts';
import { buildDemoScenario, PROGRAM_ID, TENANT_ID, type DemoScenario } from '../testing/demo-scenario.ts';
import { createKafkaLog } from '../testing/kafka-log.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

// A database that ran 0001-0007 and holds data is upgraded: 0008 creates
// member_segment_features filled from member_features and moves member_features_v onto it,
// 0009 creates report_postings_15m filled from ledger_entries. Nothing a reader sees may change,
// and events after the upgrade must win over the copied values (copied at version 0). Then 0010
// takes out the personal data the member events of those days carried (external ids, every
// attribute) and the profile of the member deleted back then.

const SEGMENT = '3f1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b';
const RANGE = { from: '2026-03-30T00:00:00Z', to: '2026-04-03T00:00:00Z' };
const REPORTS: ReportDefinitionInput[] = [
  {
    dimensions: ['kind', 'status'],
    measures: ['postings', 'points_issued', 'points_redeemed', 'net_points'],
    timeGrain: 'day',
    timezone: 'Europe/Paris',
    timeRange: RANGE,
  },
  { dimensions: ['reward'], measures: ['redemptions', 'points_redeemed', 'avg_points_per_posting'], timeRange: RANGE },
];

const env = inject('stackEnv');
let db: TestDatabase;
let dir: string;
let scenario: DemoScenario;
const log = createKafkaLog();

const features = () => memberFeatures(db.client, TENANT_ID, PROGRAM_ID, scenario.sim.names());
const oldFeatureRows = async () =>
  Number(
    (
      await (
        await db.client.query({ query: 'SELECT count() AS n FROM member_features', format: 'JSONEachRow' })
      ).json<{ n: string }>()
    )[0]!.n,
  );
/** Copies the shipped migrations below `upTo` into the test's own directory. */
async function shipUpTo(upTo: string) {
  for (const name of await readdir(DEFAULT_MIGRATIONS_DIR)) {
    if (name.endsWith('.sql') && name < upTo) await cp(join(DEFAULT_MIGRATIONS_DIR, name), join(dir, name));
  }
}
async function report(input: ReportDefinitionInput, source: 'auto' | 'ledger') {
  const parsed = parseReportDefinition(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const compiled = compileReport(parsed.definition, { tenantId: TENANT_ID, database: db.database, source });
  return {
    source: compiled.source,
    rows: await (
      await db.client.query({ query: compiled.sql, query_params: compiled.params, format: 'JSONEachRow' })
    ).json(),
  };
}

beforeAll(async () => {
  db = await createTestDatabase(env, 'upgrade', { migrate: false });
  dir = await mkdtemp(join(tmpdir(), 'ch-upgrade-'));
  await shipUpTo('0008');
  await migrateClickHouse({ url: env.CLICKHOUSE_URL!, database: db.database, migrationsDir: dir });
  scenario = buildDemoScenario({ eventShape: 'before-0010' });
  const rows = log.append(scenario.events);
  for (let i = 0; i < rows.length; i += 6) await insertEvents(db.client, rows.slice(i, i + 6));
  await db.client.insert({
    table: 'segment_memberships',
    format: 'JSONEachRow',
    values: [
      {
        tenant_id: TENANT_ID,
        program_id: PROGRAM_ID,
        member_id: scenario.members.alice,
        segment_id: SEGMENT,
        is_member: 1,
        evaluated_at: '2026-04-01 07:00:00.000',
      },
    ],
  });
});
afterAll(async () => {
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('keeps member features and reports as they were, then lets new events win', async () => {
  const before = await features();
  const reportsBefore = await Promise.all(REPORTS.map((r) => report(r, 'ledger')));
  expect(Object.keys(before).sort()).toEqual(['alice', 'carol']);

  await shipUpTo('0010');
  const { applied } = await migrateClickHouse({ url: env.CLICKHOUSE_URL!, database: db.database, migrationsDir: dir });
  expect(applied).toEqual(['0008_member_segment_features', '0009_report_postings_15m']);
  const stale = await oldFeatureRows();
  expect(stale).toBeGreaterThan(0);
  expect(await features()).toEqual(before);
  for (const [i, input] of REPORTS.entries()) {
    const after = await report(input, 'auto');
    expect(after.source).toBe('rollup');
    expect(after.rows).toEqual(reportsBefore[i]!.rows);
  }

  // After the upgrade: alice earns, moves to platinum and clears her birth month; carol redeems.
  const {
    sim,
    members: { alice, carol },
  } = scenario;
  const known = sim.events().length;
  sim.at('2026-04-02T10:00:00.000Z').earn(alice, 70, { metadata: { amount: 700 } });
  sim.at('2026-04-02T10:30:00.000Z').changeTier(alice, 'platinum', 'gold');
  sim.at('2026-04-02T11:00:00.000Z').updateMember(alice, { birthMonth: null });
  sim.at('2026-04-02T12:00:00.000Z').redeem(carol, 25, { metadata: { rewardId: 'free-coffee' } });
  await insertEvents(db.client, log.append(sim.events().slice(known)));

  const now = await features();
  expect(now.alice).toEqual({
    ...before.alice,
    tier: 'platinum',
    birthday_month: null,
    segment_ids: [SEGMENT],
    balance: sim.balance(alice).available,
    lifetime_earned: sim.balance(alice).lifetimeEarned,
    last_activity_at: '2026-04-02 10:00:00.000',
    transaction_count: 3,
    transaction_value: 6700,
  });
  expect(now.carol).toEqual({
    ...before.carol,
    balance: sim.balance(carol).available,
    lifetime_redeemed: 25,
    last_activity_at: '2026-04-02 12:00:00.000',
    redemption_count: 1,
  });
  for (const input of REPORTS) expect((await report(input, 'auto')).rows).toEqual((await report(input, 'ledger')).rows);
  // member_features was fed no more.
  expect(await oldFeatureRows()).toBe(stale);
});

it("0010 takes the external ids, the attributes and the deleted member's profile out of every table", async () => {
  const names = [...scenario.sim.names().values(), ...scenario.other.names().values()];
  const attributeValues = ['Paris', 'Lyon', 'Nice'];
  const before = await features();
  expect(before.alice).toMatchObject({ external_id: 'alice', attributes: { city: 'Nice', vip: true } });
  expect(Object.keys(await tablesHolding(db.client, db.database, [...names, ...attributeValues]))).toContain('events');

  const { applied } = await migrateClickHouse({ url: env.CLICKHOUSE_URL!, database: db.database });
  expect(applied).toEqual(['0010_member_erasure']);
  expect(await tablesHolding(db.client, db.database, [...names, ...attributeValues])).toEqual({});
  // Everything else a reader sees stays; attributes come back as programs declare them.
  expect(await features()).toEqual({
    alice: { ...before.alice, external_id: '', attributes: {} },
    carol: { ...before.carol, external_id: '' },
  });
  const bob = scenario.members.bob;
  const bobRows = await db.client.query({
    query: 'SELECT deleted, birth_month, attributes FROM members WHERE member_id = {bob:UUID}',
    query_params: { bob },
    format: 'JSONEachRow',
  });
  expect(await bobRows.json()).toEqual([{ deleted: 1, birth_month: null, attributes: '{}' }]);
  expect((await memberSnapshots(db.client, TENANT_ID, PROGRAM_ID, scenario.sim.names())).map((m) => m.member)).toEqual([
    'alice',
    'bob',
    'carol',
  ]);
  // Idempotent: running its statements again changes nothing (the runner has recorded it).
  expect((await migrateClickHouse({ url: env.CLICKHOUSE_URL!, database: db.database })).applied).toEqual([]);
});
