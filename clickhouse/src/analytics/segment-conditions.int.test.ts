import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import {
  evaluateCondition,
  MEMBER_ATTRIBUTES_COLUMN,
  MEMBER_FEATURE_COLUMNS,
  toClickHouseSql,
  type Condition,
  type MemberFacts,
} from '@loyalty/shared';
import { insertEvents, segmentMembers } from '../testing/analytics-queries.ts';
import { buildDemoScenario, PROGRAM_ID, TENANT_ID, type DemoScenario } from '../testing/demo-scenario.ts';
import { createKafkaLog } from '../testing/kafka-log.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

// The condition compiler's SQL (shared/src/conditions/to-clickhouse.ts) runs against
// member_features_v and selects the members the in-process evaluator selects from the
// ledger's own facts: the view honours the member-features contract.

const SEG_A = '3f1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b';
const SEG_B = '0a1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b';
const NOW = '2026-04-01T12:00:00.000Z';

let db: TestDatabase;
let scenario: DemoScenario;
let facts: Array<[string, MemberFacts]>;

beforeAll(async () => {
  db = await createTestDatabase(inject('stackEnv'), 'segments');
  scenario = buildDemoScenario();
  await insertEvents(db.client, createKafkaLog().append(scenario.events));
  const { alice, carol } = scenario.members;
  // Segment evaluation wrote alice into A, and carol into B then out of it again.
  await db.client.insert({
    table: 'segment_memberships',
    format: 'JSONEachRow',
    values: [
      {
        tenant_id: TENANT_ID,
        program_id: PROGRAM_ID,
        member_id: alice,
        segment_id: SEG_A,
        is_member: 1,
        evaluated_at: '2026-04-01 07:00:00.000',
      },
      {
        tenant_id: TENANT_ID,
        program_id: PROGRAM_ID,
        member_id: carol,
        segment_id: SEG_B,
        is_member: 1,
        evaluated_at: '2026-04-01 07:00:00.000',
      },
      {
        tenant_id: TENANT_ID,
        program_id: PROGRAM_ID,
        member_id: carol,
        segment_id: SEG_B,
        is_member: 0,
        evaluated_at: '2026-04-01 08:00:00.000',
      },
    ],
  });
  const ledger = (id: string) => {
    const b = scenario.sim.balance(id);
    return { balance: b.available, lifetimeEarned: b.lifetimeEarned, lifetimeRedeemed: b.lifetimeRedeemed };
  };
  // What the product knows about the live members (bob is deleted: in no segment).
  facts = [
    [
      alice,
      {
        ...ledger(alice),
        tier: 'gold',
        birthdayMonth: 5,
        attributes: { city: 'Nice', vip: true },
        segments: [SEG_A],
        lastActivityAt: '2026-03-30T12:00:00.000Z',
        transactionCount: 2,
        transactionValue: 6000,
        redemptionCount: 1,
      },
    ],
    [
      carol,
      {
        ...ledger(carol),
        tier: null,
        birthdayMonth: null,
        attributes: {},
        segments: [],
        lastActivityAt: '2026-03-31T23:30:00.000Z',
        transactionCount: 1,
        transactionValue: 0,
        redemptionCount: 0,
      },
    ],
  ];
});
afterAll(() => db?.drop());

const CONDITIONS: Array<[string, Condition, Array<'alice' | 'carol'>]> = [
  ['balance threshold', { field: 'member.balance', op: 'gte', value: 350 }, ['alice']],
  ['tier', { field: 'member.tier', op: 'eq', value: 'gold' }, ['alice']],
  [
    'not tier: a member without a tier qualifies',
    { not: { field: 'member.tier', op: 'eq', value: 'gold' } },
    ['carol'],
  ],
  [
    'attribute in list (the deleted member is out)',
    { field: 'member.attributes.city', op: 'in', value: ['Nice', 'Lyon'] },
    ['alice'],
  ],
  ['boolean attribute', { field: 'member.attributes.vip', op: 'eq', value: true }, ['alice']],
  ['recent activity', { field: 'member.last_activity_at', op: 'within_days', value: 1 }, ['carol']],
  [
    'buyers who never redeemed',
    {
      all: [
        { field: 'member.transaction_count', op: 'gte', value: 1 },
        { field: 'member.redemption_count', op: 'eq', value: 0 },
      ],
    },
    ['carol'],
  ],
  [
    'birthday or earned range',
    {
      any: [
        { field: 'member.birthday_month', op: 'eq', value: 5 },
        { field: 'member.lifetime_earned', op: 'between', value: [250, 350] },
      ],
    },
    ['alice', 'carol'],
  ],
  ['transaction value', { field: 'member.transaction_value', op: 'gt', value: 5000 }, ['alice']],
  [
    'segment membership, latest evaluation wins',
    { field: 'member.segments', op: 'contains_any', value: [SEG_A, SEG_B] },
    ['alice'],
  ],
];

it.each(CONDITIONS)('%s: the compiled SQL selects what the evaluator selects', async (_name, condition, expected) => {
  const { alice, carol } = scenario.members;
  const ids = { alice, carol };
  const fromClickHouse = await segmentMembers(
    db.client,
    TENANT_ID,
    PROGRAM_ID,
    toClickHouseSql(condition, { now: NOW }),
  );
  const fromEvaluator = facts
    .filter(([, member]) => evaluateCondition(condition, { member, now: NOW }))
    .map(([id]) => id);
  const want = expected.map((name) => ids[name]).sort();
  expect(fromClickHouse.sort()).toEqual(want);
  expect(fromEvaluator.sort()).toEqual(want);
});

it('has every column of the compiler contract, nullable exactly where the compiler guards', async () => {
  const result = await db.client.query({ query: 'DESCRIBE TABLE member_features_v', format: 'JSONEachRow' });
  const types = new Map((await result.json<{ name: string; type: string }>()).map((c) => [c.name, c.type]));
  for (const { column, nullable } of Object.values(MEMBER_FEATURE_COLUMNS)) {
    expect(types.get(column), column).toBeDefined();
    expect(types.get(column)!.startsWith('Nullable('), column).toBe(nullable);
  }
  expect(types.get(MEMBER_ATTRIBUTES_COLUMN)).toBe('String');
  expect(types.get('segment_ids')).toBe('Array(UUID)');
});
