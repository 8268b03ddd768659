import { createLedgerSimulator, type SimulatorOptions } from './ledger-simulator.ts';

// A realistic day-and-a-half of one program, with the numbers worked out by hand, shared by
// the stream, duplicates and segment tests. A second tenant earns on the same day so that
// every expectation also proves the tenant filter.

export const TENANT_ID = '0b0e6f5e-4d43-4c1e-9a53-3a1f5d2b7c01';
export const PROGRAM_ID = '5c7d2a10-7f3b-4b6e-8d2c-9e4f1a6b3c02';
export const OTHER_TENANT_ID = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03';
export const OTHER_PROGRAM_ID = '1f2e3d4c-5b6a-4798-8a6b-5c4d3e2f1a04';

export function buildDemoScenario(options: SimulatorOptions = {}) {
  const sim = createLedgerSimulator(TENANT_ID, PROGRAM_ID, '2026-03-30T09:00:00.000Z', options);
  const alice = sim.createMember('alice', { birthMonth: 5, attributes: { city: 'Paris', vip: true } });
  const bob = sim.createMember('bob', { attributes: { city: 'Lyon' } });
  const carol = sim.createMember('carol');

  sim.at('2026-03-30T10:00:00.000Z').earn(alice, 500, { orderRef: 'A-1', metadata: { amount: 5000 } });
  sim.at('2026-03-30T10:10:00.000Z').earn(bob, 200, { orderRef: 'B-1', metadata: { amount: 2000 } });
  sim.at('2026-03-30T11:00:00.000Z').redeem(alice, 150, { metadata: { rewardId: 'free-coffee' } });
  const bobRedemption = sim.at('2026-03-30T11:30:00.000Z').redeem(bob, 50);
  const aliceSecondEarn = sim
    .at('2026-03-30T12:00:00.000Z')
    .earn(alice, 100, { orderRef: 'A-2', metadata: { amount: 1000.0 } });
  sim.at('2026-03-30T13:00:00.000Z').reverse(aliceSecondEarn, 40, { reason: 'item returned' });
  sim.at('2026-03-30T15:00:00.000Z').reverse(bobRedemption, 50, { reason: 'reward not delivered' });

  // Holds opened just before midnight at the end of March, resolved in April: the
  // confirmation must replace the pending row across the month boundary.
  const bobHold = sim.at('2026-03-31T22:00:00.000Z').hold(bob, 80);
  const carolHold = sim.at('2026-03-31T23:30:00.000Z').hold(carol, 300, { metadata: { amount: '30.00' } });
  sim.at('2026-04-01T00:30:00.000Z').confirmHold(carolHold);
  sim.at('2026-04-01T01:00:00.000Z').voidHold(bobHold);
  sim.at('2026-04-01T02:00:00.000Z').expire(bob, 100);
  sim.at('2026-04-01T03:00:00.000Z').adjust(carol, 25, { reason: 'goodwill' });
  sim.at('2026-04-01T03:10:00.000Z').adjust(alice, -10, { reason: 'correction' });
  sim.at('2026-04-01T04:00:00.000Z').changeTier(alice, 'gold');
  sim.at('2026-04-01T05:00:00.000Z').deleteMember(bob);
  sim.at('2026-04-01T06:00:00.000Z').updateMember(alice, { attributes: { city: 'Nice', vip: true } });

  const other = createLedgerSimulator(OTHER_TENANT_ID, OTHER_PROGRAM_ID, '2026-03-30T09:30:00.000Z', options);
  const dave = other.createMember('dave');
  other.at('2026-03-30T10:30:00.000Z').earn(dave, 999, { metadata: { rewardId: 'free-coffee' } });
  other.at('2026-03-30T10:40:00.000Z').redeem(dave, 99, { metadata: { rewardId: 'free-coffee' } });

  return { sim, other, members: { alice, bob, carol, dave }, events: [...sim.events(), ...other.events()] };
}
export type DemoScenario = ReturnType<typeof buildDemoScenario>;

const ZERO_DAY = {
  points_issued: 0,
  points_redeemed: 0,
  points_expired: 0,
  points_clawed_back: 0,
  points_refunded: 0,
  points_debited: 0,
  net_points: 0,
  points_held: 0,
  postings: 0,
  earn_postings: 0,
  redemptions: 0,
  holds_opened: 0,
  holds_confirmed: 0,
  holds_voided: 0,
  members_created: 0,
  members_deleted: 0,
  active_members: 0,
};

/** kpi_daily_v for TENANT_ID / PROGRAM_ID, worked out by hand from the script above. */
export const EXPECTED_DAILY_KPIS = [
  {
    ...ZERO_DAY,
    day: '2026-03-30',
    points_issued: 800,
    points_redeemed: 200,
    points_clawed_back: 40,
    points_refunded: 50,
    net_points: 610,
    postings: 7,
    earn_postings: 3,
    redemptions: 2,
    members_created: 3,
    active_members: 2,
  },
  { ...ZERO_DAY, day: '2026-03-31', points_held: 380, holds_opened: 2, active_members: 2 },
  {
    ...ZERO_DAY,
    day: '2026-04-01',
    points_issued: 325,
    points_expired: 100,
    points_debited: 10,
    net_points: 215,
    postings: 4,
    earn_postings: 1,
    holds_confirmed: 1,
    holds_voided: 1,
    members_deleted: 1,
  },
];

/** member_features_v rows by member name (bob is deleted, so absent). */
export const EXPECTED_FEATURES = {
  alice: {
    external_id: '',
    tier: 'gold',
    birthday_month: 5,
    segment_ids: [] as string[],
    balance: 400,
    pending_points: 0,
    lifetime_earned: 560,
    lifetime_redeemed: 150,
    last_activity_at: '2026-03-30 12:00:00.000',
    transaction_count: 2,
    transaction_value: 6000,
    redemption_count: 1,
    attributes: { city: 'Nice', vip: true },
    joined_at: '2026-03-30 09:00:00.000',
  },
  carol: {
    external_id: '',
    tier: null,
    birthday_month: null,
    segment_ids: [] as string[],
    balance: 325,
    pending_points: 0,
    lifetime_earned: 300,
    lifetime_redeemed: 0,
    last_activity_at: '2026-03-31 23:30:00.000',
    transaction_count: 1,
    transaction_value: 0,
    redemption_count: 0,
    attributes: {},
    joined_at: '2026-03-30 09:00:00.000',
  },
};
