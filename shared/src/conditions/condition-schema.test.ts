import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { conditionSchema, parseCondition, segmentConditionSchema, type Condition } from './condition-schema.ts';
import { CONDITION_LIMITS } from './fields.ts';

const SEG = '3f1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b';
const amount = (value: unknown) => ({ field: 'transaction.amount', op: 'gte', value });

function issuesOf(input: unknown, usage?: 'earn' | 'segment') {
  const result = parseCondition(input, { usage });
  if (result.ok) throw new Error('expected the condition to be rejected');
  return result.issues;
}

function nestNot(levels: number): unknown {
  let node: unknown = amount(1);
  for (let i = 1; i < levels; i++) node = { not: node };
  return node;
}

describe('parseCondition: valid conditions', () => {
  const valid: Condition[] = [
    { all: [amount(1000) as Condition, { field: 'member.segments', op: 'contains', value: SEG }] },
    { any: [{ not: { field: 'member.tier', op: 'in', value: ['gold', 'platinum'] } }, { all: [] }] },
    { field: 'transaction.currency', op: 'eq', value: 'EUR' },
    { field: 'transaction.metadata.promo-code_v2.x', op: 'exists' },
    { field: 'member.attributes.vip', op: 'eq', value: true },
    { field: 'member.attributes.age', op: 'between', value: [18, 25.5] },
    { field: 'member.last_activity_at', op: 'between', value: ['2024-01-01T00:00:00Z', '2024-01-01T02:00:00+02:00'] },
    { field: 'member.last_activity_at', op: 'within_days', value: 30 },
    { field: 'member.birthday_month', op: 'eq', value: 12 },
  ];
  it.each(valid.map((c) => [JSON.stringify(c), c]))('%s', (_name, c) => {
    expect(parseCondition(c)).toEqual({ ok: true, condition: c });
  });

  it('accepts exactly the depth and node limits', () => {
    expect(parseCondition(nestNot(CONDITION_LIMITS.maxDepth)).ok).toBe(true);
    const wide = { any: Array.from({ length: CONDITION_LIMITS.maxNodes - 1 }, () => amount(1)) };
    expect(parseCondition(wide).ok).toBe(true);
    const list = Array.from({ length: CONDITION_LIMITS.maxListLength }, (_, i) => `sku-${i}`);
    expect(parseCondition({ field: 'transaction.sku', op: 'in', value: list }).ok).toBe(true);
  });
});

describe('parseCondition: bad nodes carry their path and a clear message', () => {
  type Row = [string, unknown, string, RegExp];
  const rows: Row[] = [
    ['not an object', 42, '(root)', /must be a condition object/],
    ['no node key', { foo: 1 }, '(root)', /exactly one of "all", "any", "not" or "field" \(found: none\)/],
    ['two node keys', { all: [], any: [] }, '(root)', /exactly one of .* \(found: all, any\)/],
    ['extra key on a group', { all: [], when: 1 }, 'when', /unknown key "when"/],
    ['extra key on a comparison', { ...amount(1), unit: 'cents' }, 'unit', /unknown key "unit"/],
    ['all is not a list', { all: amount(1) }, 'all', /"all" must be a list of conditions/],
    [
      'unknown field',
      { all: [amount(1), { field: 'transaction.colour', op: 'eq', value: 'red' }] },
      'all.1.field',
      /unknown field "transaction.colour"; expected one of transaction.amount, .*member.attributes.<key>/,
    ],
    ['field not a string', { field: 7, op: 'eq', value: 1 }, 'field', /must be a field name/],
    [
      'bad attribute key',
      { not: { field: 'member.attributes.first name', op: 'exists' } },
      'not.field',
      /bad key "first name" in "member.attributes.first name"/,
    ],
    ['empty metadata key', { field: 'transaction.metadata.', op: 'exists' }, 'field', /bad key ""/],
    ['too long key', { field: `member.attributes.${'k'.repeat(65)}`, op: 'exists' }, 'field', /bad key/],
    [
      'unknown operator',
      { field: 'member.tier', op: 'like', value: 'g%' },
      'op',
      /unknown operator "like"; expected one of eq, ne/,
    ],
    [
      'between on a string',
      { all: [{ any: [{ field: 'member.tier', op: 'between', value: ['a', 'b'] }] }] },
      'all.0.any.0.op',
      /operator "between" does not apply to string field "member.tier"; use one of eq, ne, in, not_in, contains, starts_with, exists/,
    ],
    [
      'gt on segments',
      { field: 'member.segments', op: 'gt', value: SEG },
      'op',
      /does not apply to string-set field "member.segments"/,
    ],
    [
      'contains on a number',
      { field: 'member.balance', op: 'contains', value: '1' },
      'op',
      /does not apply to number field/,
    ],
    ['within_days on a number', { field: 'member.balance', op: 'within_days', value: 3 }, 'op', /does not apply/],
    [
      'empty in',
      { any: [{ field: 'member.tier', op: 'in', value: [] }] },
      'any.0.value',
      /"in" needs a non-empty list/,
    ],
    ['in with a scalar', { field: 'member.tier', op: 'in', value: 'gold' }, 'value', /"in" needs a non-empty list/],
    [
      'in with a wrong item',
      { field: 'member.birthday_month', op: 'in', value: [1, 2, 13] },
      'value.2',
      /must be a month number, 1-12/,
    ],
    [
      'mixed json list',
      { field: 'member.attributes.x', op: 'in', value: ['a', 1] },
      'value.1',
      /list items must all be strings/,
    ],
    [
      'json list of booleans',
      { field: 'member.attributes.x', op: 'in', value: [true] },
      'value.0',
      /strings or numbers/,
    ],
    [
      'too long in list',
      { field: 'transaction.sku', op: 'in', value: Array.from({ length: 1001 }, (_, i) => `s${i}`) },
      'value',
      /at most 1000 items/,
    ],
    ['missing value', { field: 'transaction.amount', op: 'gte' }, 'value', /"gte" needs a value/],
    ['exists with a value', { field: 'member.tier', op: 'exists', value: true }, 'value', /"exists" takes no value/],
    ['fractional amount', amount(10.5), 'value', /must be a whole number of minor units/],
    ['amount as a string', amount('1000'), 'value', /must be a whole number of minor units/],
    ['unsafe integer', { field: 'member.balance', op: 'eq', value: 2 ** 60 }, 'value', /whole number/],
    ['bad currency', { field: 'transaction.currency', op: 'eq', value: 'EURO' }, 'value', /ISO 4217/],
    ['empty string', { field: 'transaction.category', op: 'eq', value: '' }, 'value', /must not be empty/],
    [
      'too long string',
      { field: 'transaction.category', op: 'eq', value: 'x'.repeat(501) },
      'value',
      /at most 500 characters/,
    ],
    ['lone surrogate', { field: 'transaction.category', op: 'eq', value: 'a\ud800' }, 'value', /well-formed Unicode/],
    [
      'timestamp without zone',
      { field: 'member.last_activity_at', op: 'gt', value: '2024-01-01T00:00:00' },
      'value',
      /ISO 8601 timestamp with a zone/,
    ],
    [
      'timestamp out of range',
      { field: 'member.last_activity_at', op: 'gt', value: '1850-01-01T00:00:00Z' },
      'value',
      /between the years 1900 and 2299/,
    ],
    [
      'between not a pair',
      { field: 'member.balance', op: 'between', value: [1, 2, 3] },
      'value',
      /needs a pair \[low, high\]/,
    ],
    ['between reversed', { field: 'member.balance', op: 'between', value: [10, 1] }, 'value', /low <= high/],
    [
      'between bad bound',
      { field: 'member.last_activity_at', op: 'between', value: ['2024-01-01T00:00:00Z', 'soon'] },
      'value.1',
      /ISO 8601/,
    ],
    [
      'days not whole',
      { field: 'member.last_activity_at', op: 'within_days', value: 1.5 },
      'value',
      /whole number of days/,
    ],
    ['days zero', { field: 'member.last_activity_at', op: 'older_than_days', value: 0 }, 'value', /at least 1 day/],
    [
      'segment id not a UUID',
      { field: 'member.segments', op: 'contains', value: 'vip' },
      'value',
      /must be a segment id \(a UUID\)/,
    ],
    ['json order op with text', { field: 'member.attributes.age', op: 'gt', value: '18' }, 'value', /must be a number/],
    [
      'json eq with an object',
      { field: 'member.attributes.age', op: 'eq', value: { a: 1 } },
      'value',
      /a string, a number or a boolean/,
    ],
    [
      'too deep',
      nestNot(CONDITION_LIMITS.maxDepth + 1),
      `${'not.'.repeat(CONDITION_LIMITS.maxDepth).slice(0, -1)}`,
      /nested too deeply: at most 10 levels/,
    ],
    [
      'too many nodes',
      { any: Array.from({ length: CONDITION_LIMITS.maxNodes }, () => amount(1)) },
      `any.${CONDITION_LIMITS.maxNodes - 1}`,
      /too many nodes: at most 200/,
    ],
    ['too wide to walk', { all: Array.from({ length: 100_000 }, () => amount(1)) }, 'all', /at most 200/],
  ];

  it.each(rows)('%s', (_name, input, path, message) => {
    const issues = issuesOf(input);
    expect(issues[0]).toEqual({ path, message: expect.stringMatching(message) });
  });

  it('reports every bad node, each at its own path', () => {
    const issues = issuesOf({
      all: [
        amount('x'),
        { field: 'member.tier', op: 'gt', value: 1 },
        { any: [{ field: 'nope', op: 'eq', value: 1 }] },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(['all.0.value', 'all.1.op', 'all.2.any.0.field']);
  });

  it('bounds the number of issues reported for hostile input', () => {
    const issues = issuesOf({ any: Array.from({ length: 199 }, () => ({ field: 'nope' })) });
    expect(issues).toHaveLength(50);
  });

  it('survives absurdly deep input without exhausting the stack', () => {
    const issues = issuesOf(nestNot(100_000));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/nested too deeply/);
  });
});

describe('segment conditions', () => {
  it('reject transaction fields, naming the path', () => {
    const input = {
      all: [
        { field: 'member.balance', op: 'gt', value: 0 },
        { field: 'transaction.amount', op: 'gt', value: 0 },
      ],
    };
    expect(issuesOf(input, 'segment')).toEqual([
      {
        path: 'all.1.field',
        message: '"transaction.amount" is not available in segment conditions: segments see member fields only',
      },
    ]);
    expect(segmentConditionSchema.safeParse({ field: 'transaction.metadata.x', op: 'exists' }).success).toBe(false);
    expect(parseCondition(input).ok).toBe(true);
  });
});

describe('conditionSchema inside other schemas', () => {
  const ruleSchema = z.strictObject({ name: z.string(), when: conditionSchema });

  it('prefixes issue paths with the enclosing path', () => {
    const result = ruleSchema.safeParse({
      name: 'x',
      when: { any: [{ field: 'member.balance', op: 'gt', value: 1.5 }] },
    });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({ path: ['when', 'any', 0, 'value'], message: 'must be a whole number' }),
    ]);
  });

  it('infers the Condition type and shows the recursive shape in JSON Schema', () => {
    const parsed = ruleSchema.parse({ name: 'x', when: { not: amount(1) } });
    const when: Condition = parsed.when;
    expect(when).toEqual({ not: amount(1) });
    const json = JSON.stringify(z.toJSONSchema(ruleSchema, { io: 'input' }));
    expect(json).toContain('"$ref":"#/$defs/ConditionDefinition"');
    expect(json).toContain('"transaction.amount"');
  });
});
