import { describe, expect, it } from 'vitest';
import { purchaseSchema } from './purchase-schema.ts';
import { ruleDefinitionSchema } from './rule-schema.ts';

const fixed = { type: 'fixed', points: 10 };
const firstIssue = (input: unknown) => {
  const r = ruleDefinitionSchema.safeParse(input);
  if (r.success) throw new Error('expected a failure');
  return { path: r.error.issues[0]!.path.join('.'), message: r.error.issues[0]!.message };
};

describe('rule definitions', () => {
  it('fills defaults: priority 100, active, stacking stack', () => {
    expect(ruleDefinitionSchema.parse({ name: 'Welcome', kind: fixed })).toEqual({
      name: 'Welcome',
      priority: 100,
      active: true,
      kind: fixed,
      stacking: 'stack',
    });
  });

  it('takes every field', () => {
    const full = {
      name: 'Coffee happy hour',
      priority: 5,
      active: false,
      stacking: 'best_of',
      minAmount: 500,
      maxPoints: 200,
      approvalDays: 30,
      kind: {
        type: 'dynamic',
        pointsPerUnit: 1,
        bands: [{ fromAmount: 10_000, pointsPerUnit: 2 }],
        categoryMultipliers: { coffee: 1.5, 'gift cards': 0 },
        rounding: 'half_even',
      },
      condition: { field: 'transaction.channel', op: 'eq', value: 'pos' },
      schedule: { daysOfWeek: [1, 2, 3, 4, 5], timeWindows: [{ start: '16:00', end: '18:00' }] },
    };
    expect(ruleDefinitionSchema.parse(full)).toEqual(full);
  });

  it.each([
    ['an unknown kind', { name: 'x', kind: { type: 'bogus' } }, 'kind.type', 'must be fixed, percentage or dynamic'],
    [
      'a fractional fixed points',
      { name: 'x', kind: { type: 'fixed', points: 1.5 } },
      'kind.points',
      'must be a whole number of points',
    ],
    ['zero fixed points', { name: 'x', kind: { type: 'fixed', points: 0 } }, 'kind.points', 'must be at least 1'],
    [
      'a percentage with 3 decimals',
      { name: 'x', kind: { type: 'percentage', percent: 1.005, rounding: 'floor' } },
      'kind.percent',
      'must have at most two decimals',
    ],
    [
      'a percentage above 1000',
      { name: 'x', kind: { type: 'percentage', percent: 1000.01, rounding: 'floor' } },
      'kind.percent',
      'must be a percentage from 0.01 to 1000',
    ],
    ['a percentage without rounding', { name: 'x', kind: { type: 'percentage', percent: 5 } }, 'kind.rounding', ''],
    [
      'an unknown rounding mode',
      { name: 'x', kind: { type: 'percentage', percent: 5, rounding: 'bankers' } },
      'kind.rounding',
      '',
    ],
    [
      'bands out of order',
      {
        name: 'x',
        kind: {
          type: 'dynamic',
          pointsPerUnit: 1,
          bands: [
            { fromAmount: 500, pointsPerUnit: 2 },
            { fromAmount: 500, pointsPerUnit: 3 },
          ],
          rounding: 'floor',
        },
      },
      'kind.bands',
      'fromAmount must increase from band to band',
    ],
    [
      'a band from 0',
      {
        name: 'x',
        kind: { type: 'dynamic', pointsPerUnit: 1, bands: [{ fromAmount: 0, pointsPerUnit: 2 }], rounding: 'floor' },
      },
      'kind.bands.0.fromAmount',
      'must be at least 1 minor unit: pointsPerUnit applies from 0',
    ],
    [
      'a category multiplier above 100',
      {
        name: 'x',
        kind: { type: 'dynamic', pointsPerUnit: 1, categoryMultipliers: { coffee: 101 }, rounding: 'floor' },
      },
      'kind.categoryMultipliers.coffee',
      'must be a multiplier from 0 to 100',
    ],
    [
      'a lone surrogate in a category',
      {
        name: 'x',
        kind: { type: 'dynamic', pointsPerUnit: 1, categoryMultipliers: { 'caf\ud800': 2 }, rounding: 'floor' },
      },
      'kind.categoryMultipliers.caf\ud800',
      'must be a category name of 1-200 characters, without control characters',
    ],
    [
      'an extra field in a kind',
      { name: 'x', kind: { type: 'fixed', points: 1, rate: 2 } },
      'kind',
      'Unrecognized key: "rate"',
    ],
    [
      'a bad condition node',
      {
        name: 'x',
        kind: fixed,
        condition: {
          all: [
            { field: 'transaction.amount', op: 'gte', value: 100 },
            { field: 'transaction.amount', op: 'starts_with', value: 'x' },
          ],
        },
      },
      'condition.all.1.op',
      '',
    ],
    [
      'an unknown condition field',
      { name: 'x', kind: fixed, condition: { field: 'transaction.colour', op: 'eq', value: 'red' } },
      'condition.field',
      '',
    ],
    [
      'a bad schedule',
      { name: 'x', kind: fixed, schedule: { timeWindows: [{ start: '18:00', end: '25:00' }] } },
      'schedule.timeWindows.0.end',
      "must be a time 'HH:MM' from 00:00 to 24:00",
    ],
    ['a priority above 10000', { name: 'x', kind: fixed, priority: 10_001 }, 'priority', 'must be from 0 to 10000'],
    ['approvalDays above 365', { name: 'x', kind: fixed, approvalDays: 366 }, 'approvalDays', 'must be 1 to 365 days'],
    ['a negative minAmount', { name: 'x', kind: fixed, minAmount: -1 }, 'minAmount', ''],
    ['an unknown stacking', { name: 'x', kind: fixed, stacking: 'max' }, 'stacking', ''],
    ['an unknown field', { name: 'x', kind: fixed, weight: 1 }, '', 'Unrecognized key: "weight"'],
    ['an empty name', { name: '  ', kind: fixed }, 'name', 'must not be empty'],
    [
      'a NUL character in a condition (jsonb cannot hold it)',
      {
        name: 'x',
        kind: fixed,
        condition: { any: [{ field: 'transaction.store', op: 'in', value: ['a', 'b\u0000'] }] },
      },
      'condition.any.0.value.1',
      '',
    ],
  ])('refuses %s at its path', (_what, input, path, message) => {
    const issue = firstIssue(input);
    expect(issue.path).toBe(path);
    if (message) expect(issue.message).toBe(message);
  });
});

describe('purchases', () => {
  const base = { amount: 1_000, currency: 'EUR', occurredAt: '2026-06-10T12:00:00+02:00' };

  it('takes a purchase with lines that add up', () => {
    const p = {
      ...base,
      channel: 'web',
      lines: [
        { sku: 'A', category: 'coffee', quantity: 2, amount: 600 },
        { quantity: 1, amount: 400, metadata: { promo: true } },
      ],
    };
    expect(purchaseSchema.parse(p)).toEqual(p);
  });

  it.each([
    [
      'lines that do not add up',
      { ...base, lines: [{ quantity: 1, amount: 999 }] },
      'lines',
      'line amounts add up to 999, not the purchase amount 1000',
    ],
    [
      'an empty line list',
      { ...base, amount: 0, lines: [] },
      'lines',
      'must hold at least one line; omit it for a purchase without line detail',
    ],
    ['a fractional amount', { ...base, amount: 10.5 }, 'amount', 'must be a whole number of minor units (cents)'],
    ['a negative amount', { ...base, amount: -1 }, 'amount', 'must not be negative'],
    [
      'an unknown currency',
      { ...base, currency: 'EURO' },
      'currency',
      'must be an ISO 4217 currency code, such as EUR or USD',
    ],
    [
      'a timestamp without offset',
      { ...base, occurredAt: '2026-06-10T12:00:00' },
      'occurredAt',
      'must be an ISO 8601 timestamp with seconds and a UTC offset from -14:00 to +14:00 (such as 2026-05-01T09:30:00Z)',
    ],
    ['a zero quantity', { ...base, lines: [{ quantity: 0, amount: 1_000 }] }, 'lines.0.quantity', 'must be at least 1'],
    [
      '501 lines',
      { ...base, amount: 501, lines: Array.from({ length: 501 }, () => ({ quantity: 1, amount: 1 })) },
      'lines',
      '',
    ],
    ['an unknown field', { ...base, tip: 5 }, '', 'Unrecognized key: "tip"'],
    [
      'a NUL character in metadata',
      { ...base, metadata: { note: 'a\u0000b' } },
      'metadata.note',
      'contains a NUL character (\\u0000)',
    ],
    ['a lone surrogate in a metadata key', { ...base, metadata: { 'k\udc00': 1 } }, 'metadata.k\udc00', ''],
    [
      'a NUL character in line metadata',
      { ...base, lines: [{ quantity: 1, amount: 1_000, metadata: { k: ['\u0000'] } }] },
      'lines.0.metadata.k.0',
      '',
    ],
  ])('refuses %s', (_what, input, path, message) => {
    const r = purchaseSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join('.')).toBe(path);
    if (message) expect(r.error!.issues[0]!.message).toBe(message);
  });
});
