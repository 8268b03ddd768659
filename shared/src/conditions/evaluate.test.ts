import { describe, expect, it } from 'vitest';
import type { Condition } from './condition-schema.ts';
import { compileCondition, evaluateCondition, type EvaluationContext } from './evaluate.ts';

const SEG_A = '3f1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b';
const SEG_B = '0a1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b';
const SEG_C = 'c0ffee00-0000-4000-8000-000000000001';

const ctx: EvaluationContext = {
  now: '2024-06-01T00:00:00Z',
  transaction: {
    amount: 2500,
    currency: 'EUR',
    category: 'shoes',
    sku: 'SKU-123',
    channel: 'web',
    store: null,
    metadata: { campaign: 'summer', qty: 3, gift: true, empty: null },
  },
  member: {
    tier: 'gold',
    birthdayMonth: 6,
    segments: [SEG_A, SEG_B],
    balance: 1200,
    lifetimeEarned: 5000,
    lifetimeRedeemed: 3800,
    lastActivityAt: '2024-05-20T12:00:00.000Z',
    transactionCount: 14,
    transactionValue: 120_000,
    redemptionCount: 2,
    attributes: { city: 'Paris', age: 34, newsletter: false, score: '7' },
  },
};

// [description, condition, expected] against `ctx`.
type Row = [string, Condition, boolean];
const rows: Row[] = [
  // number
  ['number eq', { field: 'transaction.amount', op: 'eq', value: 2500 }, true],
  ['number eq other', { field: 'transaction.amount', op: 'eq', value: 2499 }, false],
  ['number ne', { field: 'transaction.amount', op: 'ne', value: 1 }, true],
  ['number ne same', { field: 'transaction.amount', op: 'ne', value: 2500 }, false],
  ['number gt', { field: 'member.balance', op: 'gt', value: 1199 }, true],
  ['number gt equal', { field: 'member.balance', op: 'gt', value: 1200 }, false],
  ['number gte equal', { field: 'member.balance', op: 'gte', value: 1200 }, true],
  ['number lt', { field: 'member.lifetime_redeemed', op: 'lt', value: 3801 }, true],
  ['number lt equal', { field: 'member.lifetime_redeemed', op: 'lt', value: 3800 }, false],
  ['number lte equal', { field: 'member.lifetime_earned', op: 'lte', value: 5000 }, true],
  ['number in', { field: 'member.birthday_month', op: 'in', value: [5, 6, 7] }, true],
  ['number in miss', { field: 'member.birthday_month', op: 'in', value: [1] }, false],
  ['number not_in', { field: 'member.redemption_count', op: 'not_in', value: [0, 1] }, true],
  ['number not_in hit', { field: 'member.redemption_count', op: 'not_in', value: [2] }, false],
  ['number between inclusive low', { field: 'member.transaction_count', op: 'between', value: [14, 20] }, true],
  ['number between inclusive high', { field: 'member.transaction_value', op: 'between', value: [0, 120_000] }, true],
  ['number between outside', { field: 'member.transaction_count', op: 'between', value: [15, 20] }, false],
  ['number exists', { field: 'member.balance', op: 'exists' }, true],
  // string
  ['string eq', { field: 'transaction.currency', op: 'eq', value: 'EUR' }, true],
  ['string eq is case-sensitive', { field: 'transaction.category', op: 'eq', value: 'Shoes' }, false],
  ['string ne', { field: 'member.tier', op: 'ne', value: 'silver' }, true],
  ['string in', { field: 'transaction.channel', op: 'in', value: ['pos', 'web'] }, true],
  ['string not_in', { field: 'transaction.channel', op: 'not_in', value: ['pos'] }, true],
  ['string not_in hit', { field: 'transaction.channel', op: 'not_in', value: ['web'] }, false],
  ['string contains', { field: 'transaction.sku', op: 'contains', value: '-12' }, true],
  ['string contains miss', { field: 'transaction.sku', op: 'contains', value: 'xyz' }, false],
  ['string starts_with', { field: 'transaction.sku', op: 'starts_with', value: 'SKU-' }, true],
  ['string starts_with miss', { field: 'transaction.sku', op: 'starts_with', value: '123' }, false],
  ['string exists', { field: 'member.tier', op: 'exists' }, true],
  // timestamp
  ['timestamp gt', { field: 'member.last_activity_at', op: 'gt', value: '2024-05-20T11:59:59.999Z' }, true],
  [
    'timestamp gt same instant, other zone',
    { field: 'member.last_activity_at', op: 'gt', value: '2024-05-20T14:00:00+02:00' },
    false,
  ],
  [
    'timestamp gte same instant, other zone',
    { field: 'member.last_activity_at', op: 'gte', value: '2024-05-20T14:00:00+02:00' },
    true,
  ],
  ['timestamp lt', { field: 'member.last_activity_at', op: 'lt', value: '2024-05-21T00:00:00Z' }, true],
  ['timestamp lte', { field: 'member.last_activity_at', op: 'lte', value: '2024-05-20T12:00:00Z' }, true],
  [
    'timestamp between',
    { field: 'member.last_activity_at', op: 'between', value: ['2024-05-01T00:00:00Z', '2024-05-31T00:00:00Z'] },
    true,
  ],
  [
    'timestamp between outside',
    { field: 'member.last_activity_at', op: 'between', value: ['2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z'] },
    false,
  ],
  ['timestamp within_days', { field: 'member.last_activity_at', op: 'within_days', value: 30 }, true],
  ['timestamp within_days too short', { field: 'member.last_activity_at', op: 'within_days', value: 7 }, false],
  ['timestamp older_than_days', { field: 'member.last_activity_at', op: 'older_than_days', value: 7 }, true],
  ['timestamp older_than_days too long', { field: 'member.last_activity_at', op: 'older_than_days', value: 30 }, false],
  ['timestamp exists', { field: 'member.last_activity_at', op: 'exists' }, true],
  // string set (segments)
  ['segments contains', { field: 'member.segments', op: 'contains', value: SEG_A }, true],
  ['segments contains, upper-case id', { field: 'member.segments', op: 'contains', value: SEG_A.toUpperCase() }, true],
  ['segments contains miss', { field: 'member.segments', op: 'contains', value: SEG_C }, false],
  ['segments contains_any', { field: 'member.segments', op: 'contains_any', value: [SEG_C, SEG_B] }, true],
  ['segments contains_any miss', { field: 'member.segments', op: 'contains_any', value: [SEG_C] }, false],
  ['segments contains_all', { field: 'member.segments', op: 'contains_all', value: [SEG_A, SEG_B] }, true],
  ['segments contains_all partial', { field: 'member.segments', op: 'contains_all', value: [SEG_A, SEG_C] }, false],
  // json (metadata / attributes): the value's type picks the comparison
  ['json string eq', { field: 'transaction.metadata.campaign', op: 'eq', value: 'summer' }, true],
  ['json number eq', { field: 'transaction.metadata.qty', op: 'eq', value: 3 }, true],
  ['json boolean eq', { field: 'transaction.metadata.gift', op: 'eq', value: true }, true],
  ['json boolean ne', { field: 'member.attributes.newsletter', op: 'ne', value: true }, true],
  ['json no coercion: "7" is not 7', { field: 'member.attributes.score', op: 'eq', value: 7 }, false],
  ['json no coercion in order ops', { field: 'member.attributes.score', op: 'gt', value: 1 }, false],
  ['json ne wrong type is false', { field: 'member.attributes.score', op: 'ne', value: 8 }, false],
  ['json gt', { field: 'member.attributes.age', op: 'gt', value: 33 }, true],
  ['json gte', { field: 'member.attributes.age', op: 'gte', value: 35 }, false],
  ['json lt', { field: 'member.attributes.age', op: 'lt', value: 35 }, true],
  ['json lte', { field: 'member.attributes.age', op: 'lte', value: 34 }, true],
  ['json between', { field: 'member.attributes.age', op: 'between', value: [30, 40] }, true],
  ['json in strings', { field: 'member.attributes.city', op: 'in', value: ['Lyon', 'Paris'] }, true],
  ['json in numbers', { field: 'member.attributes.age', op: 'in', value: [34, 35] }, true],
  ['json not_in', { field: 'member.attributes.city', op: 'not_in', value: ['Lyon'] }, true],
  ['json contains', { field: 'member.attributes.city', op: 'contains', value: 'ar' }, true],
  ['json starts_with', { field: 'member.attributes.city', op: 'starts_with', value: 'Pa' }, true],
  ['json exists', { field: 'member.attributes.city', op: 'exists' }, true],
  ['json exists: null is missing', { field: 'transaction.metadata.empty', op: 'exists' }, false],
  ['json exists: inherited keys are not attributes', { field: 'member.attributes.constructor', op: 'exists' }, false],
  ['json exists: toString neither', { field: 'transaction.metadata.toString', op: 'exists' }, false],
  // missing fields: comparisons are false, `not` makes them true, exists tells
  ['missing: eq false', { field: 'transaction.store', op: 'eq', value: 'S1' }, false],
  ['missing: ne false too', { field: 'transaction.store', op: 'ne', value: 'S1' }, false],
  ['missing: not_in false too', { field: 'transaction.store', op: 'not_in', value: ['S1'] }, false],
  ['missing: not(eq) true', { not: { field: 'transaction.store', op: 'eq', value: 'S1' } }, true],
  ['missing: exists false', { field: 'transaction.store', op: 'exists' }, false],
  ['missing: not(exists) true', { not: { field: 'transaction.store', op: 'exists' } }, true],
  ['missing key: gt false', { field: 'member.attributes.nope', op: 'gt', value: 0 }, false],
  // logic
  [
    'all true',
    {
      all: [
        { field: 'member.tier', op: 'eq', value: 'gold' },
        { field: 'transaction.amount', op: 'gte', value: 1000 },
      ],
    },
    true,
  ],
  [
    'all one false',
    {
      all: [
        { field: 'member.tier', op: 'eq', value: 'gold' },
        { field: 'transaction.amount', op: 'gte', value: 9999 },
      ],
    },
    false,
  ],
  [
    'any one true',
    {
      any: [
        { field: 'member.tier', op: 'eq', value: 'x' },
        { field: 'transaction.amount', op: 'gte', value: 1000 },
      ],
    },
    true,
  ],
  [
    'any none true',
    {
      any: [
        { field: 'member.tier', op: 'eq', value: 'x' },
        { field: 'member.tier', op: 'eq', value: 'y' },
      ],
    },
    false,
  ],
  ['all of three', { all: [{ all: [] }, { not: { any: [] } }, { field: 'member.balance', op: 'exists' }] }, true],
  [
    'any of three',
    { any: [{ any: [] }, { not: { all: [] } }, { field: 'member.balance', op: 'lt', value: 0 }] },
    false,
  ],
  ['all([]) is true', { all: [] }, true],
  ['any([]) is false', { any: [] }, false],
  ['not', { not: { field: 'member.tier', op: 'eq', value: 'gold' } }, false],
];

describe('evaluateCondition', () => {
  it.each(rows)('%s', (_name, condition, expected) => {
    expect(evaluateCondition(condition, ctx)).toBe(expected);
    expect(compileCondition(condition)(ctx)).toBe(expected);
  });

  it('treats an empty context as every field missing', () => {
    expect(evaluateCondition({ field: 'transaction.amount', op: 'gte', value: 0 }, {})).toBe(false);
    expect(evaluateCondition({ field: 'member.segments', op: 'contains', value: SEG_A }, { member: null })).toBe(false);
    expect(
      evaluateCondition(
        { not: { field: 'member.attributes.x', op: 'eq', value: 1 } },
        { member: { attributes: null } },
      ),
    ).toBe(true);
  });

  it('treats a wrong-typed or unparsable value as missing', () => {
    const c: Condition = { field: 'member.balance', op: 'gte', value: 0 };
    expect(evaluateCondition(c, { member: { balance: '5' as unknown as number } })).toBe(false);
    expect(evaluateCondition(c, { member: { balance: Number.NaN } })).toBe(false);
    expect(
      evaluateCondition({ field: 'member.balance', op: 'ne', value: 0 }, { member: { balance: Number.NaN } }),
    ).toBe(false);
    const t: Condition = { field: 'member.last_activity_at', op: 'lt', value: '2030-01-01T00:00:00Z' };
    expect(evaluateCondition(t, { member: { lastActivityAt: 'yesterday-ish' } })).toBe(false);
  });

  it('accepts Date timestamps and a Set of segments', () => {
    const member = { lastActivityAt: new Date('2024-05-20T12:00:00Z'), segments: new Set([SEG_B]) };
    expect(
      evaluateCondition({ field: 'member.last_activity_at', op: 'gte', value: '2024-05-20T12:00:00Z' }, { member }),
    ).toBe(true);
    expect(evaluateCondition({ field: 'member.segments', op: 'contains_all', value: [SEG_B] }, { member })).toBe(true);
  });

  it('takes "now" only from the context: relative ops are false without it', () => {
    const c: Condition = { field: 'member.last_activity_at', op: 'within_days', value: 30 };
    const member = { lastActivityAt: '2024-05-20T12:00:00Z' };
    expect(evaluateCondition(c, { member })).toBe(false);
    expect(evaluateCondition({ not: c }, { member })).toBe(true);
    expect(evaluateCondition(c, { member, now: new Date('2024-06-19T12:00:00Z') })).toBe(true);
    expect(evaluateCondition(c, { member, now: Date.parse('2024-06-19T12:00:00.001Z') })).toBe(false);
  });

  it('refuses an unvalidated condition with an unknown field', () => {
    const bad = { field: 'transaction.nope', op: 'eq', value: 1 } as unknown as Condition;
    expect(() => compileCondition(bad)).toThrow(/unknown condition field "transaction.nope"/);
  });
});
