import { parseReportDefinition, type ReportDefinitionInput } from '@loyalty/shared';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { insertEvents } from '../testing/analytics-queries.ts';
import { buildDemoScenario, OTHER_TENANT_ID, TENANT_ID } from '../testing/demo-scenario.ts';
import { createKafkaLog } from '../testing/kafka-log.ts';
import { createLedgerSimulator } from '../testing/ledger-simulator.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { compileReport } from './compile-report.ts';

// The rollup (report_postings_15m, migration 0009) must answer every report it serves exactly
// as ledger_entries FINAL does: the demo stream, holds resolved in a later insert, one whose
// confirmation arrives before its pending state, one still pending, the whole stream delivered
// twice and late copies of pending states, before and after the rollup's merges.

const PROGRAM_B = '2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901';
const RANGE = { from: '2026-03-28T00:00:00Z', to: '2026-04-03T00:00:00Z' };

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(inject('stackEnv'), 'report_rollup');
  const demo = buildDemoScenario();
  const b = createLedgerSimulator(TENANT_ID, PROGRAM_B, '2026-03-29T00:20:00.000Z');
  const erin = b.createMember('erin');
  b.at('2026-03-29T00:40:00.000Z').earn(erin, 70, { metadata: { amount: 700 } });
  const early = b.at('2026-03-31T18:29:00.000Z').hold(erin, 30);
  b.at('2026-04-02T09:00:00.000Z').confirmHold(early);
  b.at('2026-04-02T09:05:00.000Z').hold(erin, 15);
  b.at('2026-04-02T10:00:00.000Z').redeem(erin, 20, { metadata: { rewardId: 'tote-bag' } });
  const log = createKafkaLog();
  const rows = log.append([...demo.events, ...b.events()]);
  // The confirmation of `early` (its last two events) is delivered before its pending state.
  const confirmation = rows.filter(
    (r) =>
      r.type !== 'member_created' &&
      JSON.parse(r.data).posting?.id === early &&
      JSON.parse(r.data).posting.status === 'posted',
  );
  await insertEvents(db.client, confirmation);
  const rest = rows.filter((r) => !confirmation.includes(r));
  for (let i = 0; i < rest.length; i += 4) await insertEvents(db.client, rest.slice(i, i + 4));
  // Redelivery with new offsets, and late copies of the pending states: the dedup stage drops them.
  const again = log.append([...demo.events, ...b.events()]);
  for (let i = 0; i < again.length; i += 9) await insertEvents(db.client, again.slice(i, i + 9));
});
afterAll(() => db?.drop());

const DIMENSION_SETS: ReportDefinitionInput['dimensions'][] = [
  [],
  ['program'],
  ['kind', 'status', 'actor_type'],
  ['reward', 'kind'],
  ['status'],
];
const GRAINS = ['none', 'hour', 'day', 'week', 'month'] as const;
// Europe/Paris (DST) is covered by reports.int.test.ts, which runs through the rollup too.
const ZONES = ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/New_York'];
const MEASURES = [
  'points_issued',
  'points_redeemed',
  'points_expired',
  'net_points',
  'postings',
  'redemptions',
  'avg_points_per_posting',
] as const;

function definitions(): ReportDefinitionInput[] {
  const out: ReportDefinitionInput[] = [];
  for (const dimensions of DIMENSION_SETS) {
    for (const timeGrain of GRAINS) {
      for (const timezone of timeGrain === 'none' ? ['UTC'] : ZONES)
        out.push({ dimensions, measures: [...MEASURES], timeGrain, timezone, timeRange: RANGE });
    }
  }
  // Filters the rollup keeps, and a range cut inside a day.
  out.push(
    {
      dimensions: ['status'],
      measures: ['postings', 'net_points'],
      filters: { statuses: ['pending', 'voided'] },
      timeRange: RANGE,
    },
    {
      dimensions: ['kind'],
      measures: ['postings'],
      timeGrain: 'hour',
      filters: { kinds: ['earn', 'redeem'], actorTypes: ['api_key'], programIds: [PROGRAM_B] },
      timeRange: RANGE,
    },
    {
      dimensions: ['reward'],
      measures: ['redemptions', 'points_redeemed'],
      filters: { rewardIds: ['free-coffee', 'tote-bag', ''] },
      timeRange: RANGE,
    },
    {
      measures: ['postings', 'points_issued'],
      timeGrain: 'day',
      timezone: 'Asia/Kolkata',
      timeRange: { from: '2026-03-31T18:30:00Z', to: '2026-04-02T09:15:00Z' },
    },
    { measures: ['postings'], filters: { programIds: ['1f2e3d4c-5b6a-4798-8a6b-5c4d3e2f1a04'] }, timeRange: RANGE },
  );
  return out;
}

async function run(input: ReportDefinitionInput, source: 'auto' | 'ledger', tenantId = TENANT_ID) {
  const parsed = parseReportDefinition(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const compiled = compileReport(parsed.definition, { tenantId, database: db.database, source });
  const result = await db.client.query({ query: compiled.sql, query_params: compiled.params, format: 'JSONEachRow' });
  return { source: compiled.source, rows: await result.json<Record<string, unknown>>() };
}

async function expectSameAnswers() {
  for (const input of definitions()) {
    // The other tenant's answers (its own rows only) once per dimension set.
    for (const tenant of input.timeGrain === 'none' ? [TENANT_ID, OTHER_TENANT_ID] : [TENANT_ID]) {
      const rollup = await run(input, 'auto', tenant);
      expect(rollup.source, JSON.stringify(input)).toBe('rollup');
      expect(rollup.rows, JSON.stringify(input)).toEqual((await run(input, 'ledger', tenant)).rows);
    }
  }
}

it('answers every report it serves as the ledger does', async () => {
  const { rows } = await run(
    { dimensions: ['program', 'status'], measures: ['postings', 'net_points'], timeRange: RANGE },
    'auto',
  );
  // erin: 70 earned, the early hold confirmed (30), 15 still held, 20 redeemed.
  expect(rows.filter((r) => r.program === PROGRAM_B)).toEqual([
    { program: PROGRAM_B, status: 'pending', postings: 0, net_points: 0 },
    { program: PROGRAM_B, status: 'posted', postings: 3, net_points: 80 },
  ]);
  await expectSameAnswers();
});

it('still does once the rollup has merged (cancelled pending states removed)', async () => {
  await db.client.command({ query: 'OPTIMIZE TABLE report_postings_15m FINAL' });
  await db.client.command({ query: 'OPTIMIZE TABLE ledger_entries FINAL' });
  await expectSameAnswers();
});
