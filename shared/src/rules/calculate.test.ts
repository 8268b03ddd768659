import { describe, expect, it } from 'vitest';
import type { RoundingMode } from './exact-arithmetic.ts';
import type { Purchase } from './purchase-schema.ts';
import type { RuleKind } from './rule-schema.ts';
import { calc, purchase, rule } from './testing/rule-fixtures.ts';

const coffee = { field: 'transaction.category', op: 'eq', value: 'coffee' } as const;
const pct = (percent: number, rounding: RoundingMode = 'floor'): RuleKind => ({
  type: 'percentage',
  percent,
  rounding,
});
const perUnit = (pointsPerUnit: number, rounding: RoundingMode = 'floor', extra: object = {}): RuleKind => ({
  type: 'dynamic',
  pointsPerUnit,
  rounding,
  ...extra,
});
const only = (kind: RuleKind, p: Purchase) => calc([rule({ kind })], p).points;

describe('rule kinds and rounding', () => {
  it.each<[string, RuleKind, Partial<Purchase>, number]>([
    ['fixed', { type: 'fixed', points: 25 }, {}, 25],
    ['10% of EUR 123.45, floor', pct(10, 'floor'), { amount: 12_345 }, 12],
    ['10% of EUR 123.45, ceil', pct(10, 'ceil'), { amount: 12_345 }, 13],
    ['10% of EUR 123.45, half_up', pct(10, 'half_up'), { amount: 12_345 }, 12],
    ['10% of EUR 123.45, half_even', pct(10, 'half_even'), { amount: 12_345 }, 12],
    ['10% of EUR 125.00, half_up', pct(10, 'half_up'), { amount: 12_500 }, 13],
    ['10% of EUR 125.00, half_even', pct(10, 'half_even'), { amount: 12_500 }, 12],
    ['10% of EUR 135.00, half_even', pct(10, 'half_even'), { amount: 13_500 }, 14],
    ['0.01% of EUR 1,000,000,000 (the largest amount)', pct(0.01), { amount: 100_000_000_000 }, 100_000],
    ['1000% of EUR 1,000,000,000', pct(1000), { amount: 100_000_000_000 }, 10_000_000_000],
    ['33.33% of EUR 3.00, ceil', pct(33.33, 'ceil'), { amount: 300 }, 1],
    ['10% of JPY 1234 (no minor unit)', pct(10), { amount: 1_234, currency: 'JPY' }, 123],
    ['10% of KWD 12.345 (three minor digits)', pct(10), { amount: 12_345, currency: 'KWD' }, 1],
    ['1 point per EUR on 123.45, floor', perUnit(1), { amount: 12_345 }, 123],
    ['1.5 points per EUR on 10.01, half_up', perUnit(1.5, 'half_up'), { amount: 1_001 }, 15],
    ['1.5 points per EUR on 10.01, ceil', perUnit(1.5, 'ceil'), { amount: 1_001 }, 16],
    ['0.5 points per EUR on 5.00, half_even', perUnit(0.5, 'half_even'), { amount: 500 }, 2],
    [
      '1000 points per JPY on JPY 10^11',
      perUnit(1000),
      { amount: 100_000_000_000, currency: 'JPY' },
      1_000_000_000_000,
    ],
  ])('%s', (_name, kind, p, expected) => {
    const currency = p.currency ?? 'EUR';
    expect(calc([rule({ kind })], purchase(p), { currency }).points).toBe(expected);
  });

  const banded = perUnit(1, 'floor', {
    bands: [
      { fromAmount: 10_000, pointsPerUnit: 2 },
      { fromAmount: 50_000, pointsPerUnit: 3.5 },
    ],
  });
  it.each([
    [9_999, 99],
    [10_000, 200],
    [15_050, 301],
    [49_999, 999],
    [50_000, 1_750],
  ])('bands: the eligible amount %d picks the rate for all of it (%d points)', (amount, expected) => {
    expect(only(banded, purchase({ amount }))).toBe(expected);
  });

  it('category multipliers weigh each line before one rounding', () => {
    const kind = perUnit(1, 'floor', { categoryMultipliers: { coffee: 2, tea: 0 } });
    const p = purchase({
      amount: 1_750,
      lines: [
        { category: 'coffee', quantity: 1, amount: 1_000 },
        { category: 'tea', quantity: 3, amount: 500 },
        { quantity: 1, amount: 250 },
      ],
    });
    // 10 × 2 + 5 × 0 + 2.5 × 1 = 22.5
    expect(only(kind, p)).toBe(22);
    expect(only({ ...kind, rounding: 'half_up' } as RuleKind, p)).toBe(23);
    expect(only({ ...kind, rounding: 'half_even' } as RuleKind, p)).toBe(22);
    // The multiplier follows the purchase category when a line has none, and applies without lines too.
    expect(only(kind, purchase({ amount: 1_000, category: 'coffee' }))).toBe(20);
  });
});

describe('eligibility', () => {
  it('a condition on category picks lines; the eligible amount is theirs', () => {
    const b = calc(
      [rule({ kind: pct(10), condition: coffee })],
      purchase({
        amount: 3_000,
        lines: [
          { category: 'coffee', quantity: 1, amount: 1_000 },
          { category: 'tea', quantity: 1, amount: 2_000 },
        ],
      }),
    );
    expect(b.lines).toEqual([expect.objectContaining({ source: 'rule', points: 1, eligibleAmount: 1_000 })]);
  });

  it('a fixed rule qualifies once when at least one line matches', () => {
    const r = rule({ kind: { type: 'fixed', points: 10 }, condition: coffee });
    const two = purchase({
      amount: 300,
      lines: [
        { category: 'coffee', quantity: 1, amount: 100 },
        { category: 'coffee', quantity: 1, amount: 100 },
        { category: 'tea', quantity: 1, amount: 100 },
      ],
    });
    expect(calc([r], two).lines).toEqual([expect.objectContaining({ points: 10, eligibleAmount: 200 })]);
    const none = calc([r], purchase({ amount: 100, lines: [{ category: 'tea', quantity: 1, amount: 100 }] }));
    expect(none.points).toBe(0);
    expect(none.skipped).toEqual([expect.objectContaining({ id: r.id, reason: 'condition' })]);
  });

  it('a purchase without lines is one line carrying its category and sku', () => {
    const r = rule({ kind: pct(10), condition: { field: 'transaction.sku', op: 'starts_with', value: 'ESP' } });
    expect(calc([r], purchase({ amount: 5_000, sku: 'ESP-01' })).points).toBe(5);
    expect(calc([r], purchase({ amount: 5_000, sku: 'LAT-01' })).points).toBe(0);
  });

  it('lines without a category take the purchase’s; conditions on other facts are shared', () => {
    const r = rule({
      kind: pct(10),
      condition: { all: [coffee, { field: 'transaction.channel', op: 'eq', value: 'pos' }] },
    });
    const p = purchase({
      amount: 3_000,
      channel: 'pos',
      category: 'coffee',
      lines: [
        { quantity: 1, amount: 1_000 },
        { category: 'tea', quantity: 1, amount: 2_000 },
      ],
    });
    expect(calc([r], p).lines).toEqual([expect.objectContaining({ eligibleAmount: 1_000 })]);
    expect(calc([r], { ...p, channel: 'web' }).points).toBe(0);
  });

  it('transaction.amount in a line condition is the purchase total', () => {
    const r = rule({
      kind: pct(10),
      condition: { all: [coffee, { field: 'transaction.amount', op: 'gte', value: 3_000 }] },
    });
    expect(
      calc(
        [r],
        purchase({
          amount: 3_000,
          lines: [
            { category: 'coffee', quantity: 1, amount: 1_000 },
            { category: 'tea', quantity: 1, amount: 2_000 },
          ],
        }),
      ).points,
    ).toBe(1);
  });

  it('line metadata overrides the purchase metadata for that line', () => {
    const r = rule({ kind: pct(10), condition: { field: 'transaction.metadata.promo', op: 'eq', value: true } });
    const p = purchase({
      amount: 3_000,
      metadata: { promo: false, store_kind: 'mall' },
      lines: [
        { quantity: 1, amount: 1_000, metadata: { promo: true } },
        { quantity: 1, amount: 2_000 },
      ],
    });
    expect(calc([r], p).lines).toEqual([expect.objectContaining({ eligibleAmount: 1_000 })]);
  });

  it('member facts and the clock reach conditions', () => {
    const r = rule({
      kind: { type: 'fixed', points: 5 },
      condition: {
        all: [
          { field: 'member.tier', op: 'eq', value: 'gold' },
          { field: 'member.last_activity_at', op: 'within_days', value: 30 },
        ],
      },
    });
    const member = { tier: 'gold', lastActivityAt: '2026-06-01T00:00:00Z' };
    expect(calc([r], purchase(), { member }).points).toBe(5);
    expect(calc([r], purchase(), { member, now: new Date('2026-08-01T00:00:00Z') }).points).toBe(0);
  });

  it.each<[string, object, Partial<Purchase>, string | null]>([
    ['min amount not reached', { minAmount: 5_000 }, { amount: 4_999 }, 'min_amount'],
    ['min amount reached', { minAmount: 5_000 }, { amount: 5_000 }, null],
    ['inactive', { active: false }, {}, 'inactive'],
    [
      'outside its schedule (Paris, Monday 14:00)',
      { schedule: { daysOfWeek: [6, 7] } },
      { occurredAt: '2026-06-08T12:00:00Z' },
      'schedule',
    ],
    [
      'inside its schedule (Paris, Saturday 00:30)',
      { schedule: { daysOfWeek: [6] } },
      { occurredAt: '2026-06-12T22:30:00Z' },
      null,
    ],
    ['worth less than a point', { kind: pct(1) }, { amount: 50 }, 'zero_points'],
  ])('%s', (_name, extra, p, reason) => {
    const r = rule({ kind: { type: 'fixed', points: 7 }, ...extra });
    const b = calc([r], purchase(p));
    if (reason === null) expect(b.points).toBeGreaterThan(0);
    else
      expect(b).toMatchObject({ points: 0, lines: [], skipped: [{ source: 'rule', id: r.id, name: r.name, reason }] });
  });

  it('the rule cap holds and says so', () => {
    const b = calc([rule({ kind: pct(100), maxPoints: 100 })], purchase({ amount: 50_000 }));
    expect(b.lines).toEqual([expect.objectContaining({ points: 100, capped: true, eligibleAmount: 50_000 })]);
    expect(
      calc([rule({ kind: pct(100), maxPoints: 1_000 })], purchase({ amount: 50_000 })).lines[0],
    ).not.toHaveProperty('capped');
  });

  it('a purchase in another currency earns nothing and says why', () => {
    const r = rule({ kind: { type: 'fixed', points: 10 } });
    const b = calc([r], purchase({ currency: 'USD' }), {
      campaigns: [
        {
          id: 'c',
          name: 'c',
          startsAt: new Date(0),
          endsAt: new Date('2100-01-01'),
          segmentIds: [],
          bonus: { type: 'fixed', points: 5 },
          maxParticipationsPerMember: null,
          budgetRemaining: null,
        },
      ],
    });
    expect(b).toEqual({
      points: 0,
      basePoints: 0,
      tierBonus: 0,
      campaignBonus: 0,
      approvalDays: null,
      lines: [],
      skipped: [
        { source: 'rule', id: r.id, name: r.name, reason: 'currency' },
        { source: 'campaign', id: 'c', name: 'c', reason: 'currency' },
      ],
    });
  });
});

describe('stacking', () => {
  const fixed = (points: number, extra: object = {}) => rule({ kind: { type: 'fixed', points }, ...extra });

  it('stack rules add up, in priority order', () => {
    const [a, b] = [fixed(3, { priority: 20 }), fixed(4, { priority: 10 })];
    const out = calc([a, b], purchase());
    expect(out.points).toBe(7);
    expect(out.lines.map((l) => (l.source === 'rule' ? l.ruleId : ''))).toEqual([b.id, a.id]);
  });

  it('only the best best_of rule counts, added to the stack rules', () => {
    const rules = [
      fixed(5, { stacking: 'best_of', priority: 1 }),
      fixed(3, { priority: 2 }),
      fixed(8, { stacking: 'best_of', priority: 3 }),
      fixed(6, { stacking: 'best_of', priority: 4 }),
    ];
    const out = calc(rules, purchase());
    expect(out.points).toBe(11);
    expect(out.lines.map((l) => l.points)).toEqual([3, 8]);
    expect(out.skipped.map((s) => [s.id, s.reason])).toEqual([
      [rules[0]!.id, 'best_of'],
      [rules[3]!.id, 'best_of'],
    ]);
  });

  it('a best_of tie goes to the rule that runs first', () => {
    const rules = [fixed(5, { stacking: 'best_of', priority: 2 }), fixed(5, { stacking: 'best_of', priority: 1 })];
    expect(calc(rules, purchase()).lines).toEqual([expect.objectContaining({ ruleId: rules[1]!.id })]);
  });

  it('best_of compares points after each rule’s cap', () => {
    const rules = [fixed(50, { stacking: 'best_of', maxPoints: 10 }), fixed(20, { stacking: 'best_of' })];
    expect(calc(rules, purchase()).lines).toEqual([expect.objectContaining({ ruleId: rules[1]!.id, points: 20 })]);
  });

  it('the first exclusive rule that applies gives the base points alone', () => {
    const rules = [
      fixed(3, { priority: 1 }),
      fixed(100, { stacking: 'exclusive', priority: 2, condition: coffee }),
      fixed(10, { stacking: 'exclusive', priority: 5 }),
      fixed(20, { stacking: 'exclusive', priority: 6 }),
      fixed(7, { stacking: 'best_of', priority: 7 }),
      fixed(9, { priority: 8, active: false }),
    ];
    const out = calc(rules, purchase({ category: 'tea' }));
    expect(out.points).toBe(10);
    expect(out.lines).toEqual([expect.objectContaining({ ruleId: rules[2]!.id, stacking: 'exclusive' })]);
    expect(Object.fromEntries(out.skipped.map((s) => [s.id, s.reason]))).toEqual({
      [rules[0]!.id]: 'exclusive',
      [rules[1]!.id]: 'condition',
      [rules[3]!.id]: 'exclusive',
      [rules[4]!.id]: 'exclusive',
      [rules[5]!.id]: 'inactive',
    });
  });

  it('without an applicable exclusive rule the others apply', () => {
    const rules = [
      fixed(3),
      fixed(100, { stacking: 'exclusive', condition: coffee }),
      fixed(7, { stacking: 'best_of' }),
    ];
    expect(calc(rules, purchase({ category: 'tea' })).points).toBe(10);
  });

  it('approvalDays is the longest of the rules that gave points', () => {
    const rules = [
      fixed(3, { approvalDays: 14 }),
      fixed(4, { approvalDays: 30 }),
      fixed(2, { stacking: 'best_of', approvalDays: 90 }),
      fixed(5, { stacking: 'best_of', approvalDays: 7 }),
    ];
    expect(calc(rules, purchase()).approvalDays).toBe(30);
    expect(calc([fixed(3)], purchase()).approvalDays).toBeNull();
  });
});
