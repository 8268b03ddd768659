import { describe, expect, it } from 'vitest';
import type { Condition } from './condition-schema.ts';
import { ConditionSqlError, toClickHouseSql, toClickHouseTimestamp } from './to-clickhouse.ts';

const SEG_A = '3f1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b';
const SEG_B = '0a1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b';
const NOW = '2024-06-01T00:00:00Z';
const TS = "DateTime64(3, 'UTC')";

type Row = [string, Condition, string, Record<string, unknown>];
const rows: Row[] = [
  ['non-nullable number', { field: 'member.balance', op: 'gte', value: 1000 }, 'balance >= {p0:Int64}', { p0: 1000 }],
  [
    'nullable string, guarded',
    { field: 'member.tier', op: 'eq', value: 'gold' },
    '(tier IS NOT NULL AND tier = {p0:String})',
    { p0: 'gold' },
  ],
  ['ne', { field: 'member.redemption_count', op: 'ne', value: 0 }, 'redemption_count != {p0:Int64}', { p0: 0 }],
  [
    'in',
    { field: 'member.tier', op: 'in', value: ['gold', 'silver'] },
    '(tier IS NOT NULL AND has({p0:Array(String)}, tier))',
    { p0: ['gold', 'silver'] },
  ],
  [
    'not_in',
    { field: 'member.birthday_month', op: 'not_in', value: [1, 2] },
    '(birthday_month IS NOT NULL AND NOT has({p0:Array(Int64)}, birthday_month))',
    { p0: [1, 2] },
  ],
  [
    'between',
    { field: 'member.lifetime_earned', op: 'between', value: [10, 20] },
    '(lifetime_earned >= {p0:Int64} AND lifetime_earned <= {p1:Int64})',
    { p0: 10, p1: 20 },
  ],
  [
    'contains',
    { field: 'member.tier', op: 'contains', value: 'old' },
    '(tier IS NOT NULL AND position(tier, {p0:String}) > 0)',
    { p0: 'old' },
  ],
  [
    'starts_with',
    { field: 'member.tier', op: 'starts_with', value: 'go' },
    '(tier IS NOT NULL AND startsWith(tier, {p0:String}))',
    { p0: 'go' },
  ],
  ['exists, nullable', { field: 'member.last_activity_at', op: 'exists' }, 'last_activity_at IS NOT NULL', {}],
  ['exists, never null', { field: 'member.balance', op: 'exists' }, '1', {}],
  [
    'timestamp, normalized to UTC',
    { field: 'member.last_activity_at', op: 'lt', value: '2024-05-01T12:00:00+02:00' },
    `(last_activity_at IS NOT NULL AND last_activity_at < {p0:${TS}})`,
    { p0: '2024-05-01 10:00:00.000' },
  ],
  [
    'within_days: a cut-off computed from options.now',
    { field: 'member.last_activity_at', op: 'within_days', value: 30 },
    `(last_activity_at IS NOT NULL AND last_activity_at >= {p0:${TS}})`,
    { p0: '2024-05-02 00:00:00.000' },
  ],
  [
    'older_than_days',
    { field: 'member.last_activity_at', op: 'older_than_days', value: 1 },
    `(last_activity_at IS NOT NULL AND last_activity_at < {p0:${TS}})`,
    { p0: '2024-05-31 00:00:00.000' },
  ],
  [
    'segment membership',
    { field: 'member.segments', op: 'contains', value: SEG_A.toUpperCase() },
    'has(segment_ids, {p0:UUID})',
    { p0: SEG_A },
  ],
  [
    'contains_any',
    { field: 'member.segments', op: 'contains_any', value: [SEG_A, SEG_B] },
    'hasAny(segment_ids, {p0:Array(UUID)})',
    { p0: [SEG_A, SEG_B] },
  ],
  [
    'contains_all',
    { field: 'member.segments', op: 'contains_all', value: [SEG_A] },
    'hasAll(segment_ids, {p0:Array(UUID)})',
    { p0: [SEG_A] },
  ],
  [
    'attribute string: the key is a parameter too',
    { field: 'member.attributes.city', op: 'eq', value: 'Paris' },
    "(JSONType(attributes, {p0:String}) = 'String' AND JSONExtractString(attributes, {p0:String}) = {p1:String})",
    { p0: 'city', p1: 'Paris' },
  ],
  [
    'attribute number',
    { field: 'member.attributes.age', op: 'between', value: [18, 30] },
    "(JSONType(attributes, {p0:String}) IN ('Int64', 'UInt64', 'Double') AND (JSONExtractFloat(attributes, {p0:String}) >= {p1:Float64} AND JSONExtractFloat(attributes, {p0:String}) <= {p2:Float64}))",
    { p0: 'age', p1: 18, p2: 30 },
  ],
  [
    'attribute boolean',
    { field: 'member.attributes.vip', op: 'eq', value: true },
    "(JSONType(attributes, {p0:String}) = 'Bool' AND JSONExtractBool(attributes, {p0:String}) = {p1:Bool})",
    { p0: 'vip', p1: true },
  ],
  [
    'attribute in numbers',
    { field: 'member.attributes.age', op: 'in', value: [18, 21] },
    "(JSONType(attributes, {p0:String}) IN ('Int64', 'UInt64', 'Double') AND has({p1:Array(Float64)}, JSONExtractFloat(attributes, {p0:String})))",
    { p0: 'age', p1: [18, 21] },
  ],
  [
    'attribute exists',
    { field: 'member.attributes.vip', op: 'exists' },
    "JSONType(attributes, {p0:String}) != 'Null'",
    { p0: 'vip' },
  ],
  ['all([]) is true', { all: [] }, '1', {}],
  ['any([]) is false', { any: [] }, '0', {}],
  ['all([c]) is c', { all: [{ field: 'member.balance', op: 'gt', value: 0 }] }, 'balance > {p0:Int64}', { p0: 0 }],
  [
    'a representative segment',
    {
      all: [
        { field: 'member.lifetime_earned', op: 'gte', value: 10_000 },
        {
          any: [
            { field: 'member.tier', op: 'in', value: ['gold', 'platinum'] },
            { field: 'member.segments', op: 'contains', value: SEG_A },
          ],
        },
        { not: { field: 'member.last_activity_at', op: 'older_than_days', value: 90 } },
      ],
    },
    '(lifetime_earned >= {p0:Int64} AND ((tier IS NOT NULL AND has({p1:Array(String)}, tier)) OR has(segment_ids, {p2:UUID})) AND ' +
      `NOT ((last_activity_at IS NOT NULL AND last_activity_at < {p3:${TS}})))`,
    { p0: 10_000, p1: ['gold', 'platinum'], p2: SEG_A, p3: '2024-03-03 00:00:00.000' },
  ],
];

describe('toClickHouseSql', () => {
  it.each(rows)('%s', (_name, condition, sql, params) => {
    expect(toClickHouseSql(condition, { now: NOW })).toEqual({ sql, params });
  });

  it('keeps hostile strings in parameters only', () => {
    const hostile = "x'); DROP TABLE members; --";
    const key = "a'b";
    const condition: Condition = {
      any: [
        { field: 'member.tier', op: 'eq', value: hostile },
        { field: 'member.attributes.note', op: 'in', value: [hostile, '{p0:String}'] },
        { field: 'member.tier', op: 'starts_with', value: "\\'" },
      ],
    };
    const { sql, params } = toClickHouseSql(condition);
    expect(sql).not.toContain('DROP');
    expect(sql).not.toContain(';');
    expect(sql).not.toContain('\\');
    expect(Object.values(params)).toEqual([hostile, 'note', [hostile, '{p0:String}'], "\\'"]);
    // An attribute key can only be [A-Za-z0-9_.-] after validation, and is bound anyway.
    const keyed = toClickHouseSql({ field: `member.attributes.${key}` as const, op: 'exists' });
    expect(keyed).toEqual({ sql: "JSONType(attributes, {p0:String}) != 'Null'", params: { p0: key } });
  });

  it('names parameters with a caller-chosen prefix so fragments can share a query', () => {
    const { sql, params } = toClickHouseSql({ field: 'member.balance', op: 'gt', value: 5 }, { paramPrefix: 'seg_' });
    expect(sql).toBe('balance > {seg_0:Int64}');
    expect(params).toEqual({ seg_0: 5 });
    expect(() => toClickHouseSql({ all: [] }, { paramPrefix: 'x}; DROP' })).toThrow(ConditionSqlError);
  });

  it('rejects transaction fields with the path of the node', () => {
    const condition: Condition = {
      all: [
        { field: 'member.balance', op: 'gt', value: 0 },
        { not: { field: 'transaction.amount', op: 'gt', value: 0 } },
      ],
    };
    const error = (() => {
      try {
        toClickHouseSql(condition);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConditionSqlError);
    expect(error).toMatchObject({
      path: 'all.1.not',
      message: 'all.1.not: "transaction.amount" is not available in segment SQL: segments see member fields only',
    });
    expect(() => toClickHouseSql({ field: 'transaction.metadata.x', op: 'exists' })).toThrow(
      /not available in segment SQL/,
    );
  });

  it('needs options.now for relative-time operators', () => {
    expect(() => toClickHouseSql({ not: { field: 'member.last_activity_at', op: 'within_days', value: 7 } })).toThrow(
      new ConditionSqlError('not.value', 'relative-time operators need options.now'),
    );
  });

  it('formats timestamps as UTC with milliseconds', () => {
    expect(toClickHouseTimestamp(Date.parse('2024-02-29T23:59:59.5-01:00'))).toBe('2024-03-01 00:59:59.500');
  });
});
