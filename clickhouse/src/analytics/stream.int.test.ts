import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  dailyKpis,
  hourlyTotals,
  insertEvents,
  ledgerEntries,
  memberFeatures,
  memberSnapshots,
  rewardRedemptions,
} from '../testing/analytics-queries.ts';
import {
  buildDemoScenario,
  EXPECTED_DAILY_KPIS,
  EXPECTED_FEATURES,
  OTHER_PROGRAM_ID,
  OTHER_TENANT_ID,
  PROGRAM_ID,
  TENANT_ID,
  type DemoScenario,
} from '../testing/demo-scenario.ts';
import { createKafkaLog } from '../testing/kafka-log.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

// A realistic stream, inserted in sink-sized batches, gives the ledger, KPIs and member
// features a person would work out from the ledger by hand (demo-scenario.ts).

let db: TestDatabase;
let scenario: DemoScenario;

beforeAll(async () => {
  db = await createTestDatabase(inject('stackEnv'), 'stream');
  scenario = buildDemoScenario();
  const rows = createKafkaLog().append(scenario.events);
  for (let i = 0; i < rows.length; i += 7) await insertEvents(db.client, rows.slice(i, i + 7));
});
afterAll(() => db?.drop());

describe('ledger_entries', () => {
  it('holds one row per posting in its latest state, the hold confirmation replacing its pending row across months', async () => {
    const entries = await ledgerEntries(db.client, TENANT_ID, PROGRAM_ID);
    const { alice, bob, carol } = scenario.members;
    const summary = entries.map((e) => [e.member_id, e.kind, e.status, e.points]);
    expect(summary).toEqual([
      [alice, 'earn', 'posted', 500],
      [bob, 'earn', 'posted', 200],
      [alice, 'redeem', 'posted', -150],
      [bob, 'redeem', 'posted', -50],
      [alice, 'earn', 'posted', 100],
      [alice, 'reverse', 'posted', -40],
      [bob, 'reverse', 'posted', 50],
      [bob, 'earn', 'voided', 80],
      [carol, 'earn', 'posted', 300],
      [bob, 'expire', 'posted', -100],
      [carol, 'adjust', 'posted', 25],
      [alice, 'adjust', 'posted', -10],
    ]);
    const carolHold = entries.find((e) => e.member_id === carol && e.kind === 'earn')!;
    expect(carolHold.resolved_at).toBe('2026-04-01 00:30:00.000');
  });

  it('sums, per member, to the balance the ledger holds', async () => {
    const entries = await ledgerEntries(db.client, TENANT_ID, PROGRAM_ID);
    for (const [name, id] of Object.entries(scenario.members)) {
      if (name === 'dave') continue;
      const sum = entries.filter((e) => e.member_id === id && e.status === 'posted').reduce((s, e) => s + e.points, 0);
      expect(sum, name).toBe(scenario.sim.balance(id).available);
    }
  });
});

describe('KPI rollups', () => {
  it('gives the daily KPIs worked out by hand, for this tenant only', async () => {
    expect(await dailyKpis(db.client, TENANT_ID, PROGRAM_ID)).toEqual(EXPECTED_DAILY_KPIS);
    const other = await dailyKpis(db.client, OTHER_TENANT_ID, OTHER_PROGRAM_ID);
    expect(other).toMatchObject([
      { day: '2026-03-30', points_issued: 999, points_redeemed: 99, net_points: 900, members_created: 1 },
    ]);
  });

  it('agrees between the hourly and daily grains, and net points equal the balances', async () => {
    const hourly = await hourlyTotals(db.client, TENANT_ID, PROGRAM_ID);
    const sum = (key: string) =>
      EXPECTED_DAILY_KPIS.reduce((s, d) => s + (d as unknown as Record<string, number>)[key]!, 0);
    expect(hourly).toEqual({
      points_issued: sum('points_issued'),
      points_redeemed: sum('points_redeemed'),
      net_points: sum('net_points'),
      postings: sum('postings'),
      holds_opened: sum('holds_opened'),
      active_members: 3,
    });
    const { alice, bob, carol } = scenario.members;
    const balances = [alice, bob, carol].reduce((s, id) => s + scenario.sim.balance(id).available, 0);
    expect(hourly?.net_points).toBe(balances);
  });

  it('counts redemptions by reward (metadata.rewardId, else empty)', async () => {
    expect(await rewardRedemptions(db.client, TENANT_ID, PROGRAM_ID)).toEqual([
      { day: '2026-03-30', reward_id: '', redemptions: 1, points: 50 },
      { day: '2026-03-30', reward_id: 'free-coffee', redemptions: 1, points: 150 },
    ]);
  });
});

describe('members and member features', () => {
  it('keeps the latest member snapshot, with a deletion flagged and its attributes erased, and no external id', async () => {
    expect(await memberSnapshots(db.client, TENANT_ID, PROGRAM_ID, scenario.sim.names())).toEqual([
      { member: 'alice', external_id: '', deleted: 0, attributes: '{"city":"Nice","vip":true}', birth_month: 5 },
      { member: 'bob', external_id: '', deleted: 1, attributes: '{}', birth_month: null },
      { member: 'carol', external_id: '', deleted: 0, attributes: '{}', birth_month: null },
    ]);
  });

  it('gives each live member the features worked out by hand, and the ledger balance', async () => {
    const features = await memberFeatures(db.client, TENANT_ID, PROGRAM_ID, scenario.sim.names());
    expect(features).toEqual(EXPECTED_FEATURES);
    const { alice, carol } = scenario.members;
    for (const [name, id] of [
      ['alice', alice],
      ['carol', carol],
    ] as const) {
      const truth = scenario.sim.balance(id);
      expect(features[name], name).toMatchObject({
        balance: truth.available,
        pending_points: truth.pending,
        lifetime_earned: truth.lifetimeEarned,
        lifetime_redeemed: truth.lifetimeRedeemed,
      });
    }
  });
});
