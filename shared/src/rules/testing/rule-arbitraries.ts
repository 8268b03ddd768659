import fc from 'fast-check';
import type { Condition } from '../../conditions/condition-schema.ts';
import type { CampaignForCalculation } from '../campaign-bonus.ts';
import { ROUNDING_MODES } from '../exact-arithmetic.ts';
import type { Purchase } from '../purchase-schema.ts';
import { STACKING_MODES, type RuleDefinitionInput, type RuleKind } from '../rule-schema.ts';

// Generators of valid rules, purchases and campaigns for the engine's property tests.

export const CATEGORIES = ['coffee', 'tea', 'cake', 'beans'] as const;

const twoDecimals = (min: number, max: number) =>
  fc.integer({ min: Math.round(min * 100), max: Math.round(max * 100) }).map((n) => n / 100);
const rounding = fc.constantFrom(...ROUNDING_MODES);

export const kindArbitrary: fc.Arbitrary<RuleKind> = fc.oneof(
  fc.record({ type: fc.constant('fixed' as const), points: fc.integer({ min: 1, max: 10_000 }) }),
  fc.record({ type: fc.constant('percentage' as const), percent: twoDecimals(0.01, 1000), rounding }),
  fc.record(
    {
      type: fc.constant('dynamic' as const),
      pointsPerUnit: twoDecimals(0, 50),
      bands: fc
        .uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 3 })
        .chain((froms) =>
          fc.tuple(
            ...froms
              .sort((a, b) => a - b)
              .map((fromAmount) => twoDecimals(0, 50).map((pointsPerUnit) => ({ fromAmount, pointsPerUnit }))),
          ),
        ),
      categoryMultipliers: fc.dictionary(fc.constantFrom(...CATEGORIES), twoDecimals(0, 100), {
        minKeys: 1,
        maxKeys: 3,
      }),
      rounding,
    },
    { requiredKeys: ['type', 'pointsPerUnit', 'rounding'] },
  ),
);

export const lineConditionArbitrary: fc.Arbitrary<Condition> = fc.oneof(
  fc.constantFrom(...CATEGORIES).map((value): Condition => ({ field: 'transaction.category', op: 'eq', value })),
  fc.constantFrom('web', 'pos').map((value): Condition => ({ field: 'transaction.channel', op: 'eq', value })),
  fc.integer({ min: 0, max: 100_000 }).map((value): Condition => ({ field: 'transaction.amount', op: 'gte', value })),
);

export const ruleInputArbitrary: fc.Arbitrary<RuleDefinitionInput> = fc.record(
  {
    name: fc.constant('generated'),
    priority: fc.integer({ min: 0, max: 20 }),
    active: fc.boolean(),
    kind: kindArbitrary,
    stacking: fc.constantFrom(...STACKING_MODES),
    condition: lineConditionArbitrary,
    minAmount: fc.integer({ min: 0, max: 50_000 }),
    maxPoints: fc.integer({ min: 1, max: 5_000 }),
    approvalDays: fc.integer({ min: 1, max: 365 }),
    schedule: fc
      .uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 })
      .map((daysOfWeek) => ({ daysOfWeek })),
  },
  { requiredKeys: ['name', 'kind', 'priority', 'active', 'stacking'] },
);

const lineArbitrary = fc.record(
  {
    category: fc.constantFrom(...CATEGORIES),
    quantity: fc.integer({ min: 1, max: 5 }),
    amount: fc.integer({ min: 0, max: 200_000 }),
  },
  { requiredKeys: ['quantity', 'amount'] },
);

export const purchaseArbitrary: fc.Arbitrary<Purchase> = fc
  .record(
    {
      occurredAt: fc
        .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-01-01T00:00:00Z') })
        .map((ms) => new Date(ms).toISOString()),
      channel: fc.constantFrom('web', 'pos'),
      category: fc.constantFrom(...CATEGORIES),
      lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 6 }),
      amount: fc.integer({ min: 0, max: 10_000_000 }),
    },
    { requiredKeys: ['occurredAt', 'amount'] },
  )
  .map((p) => ({ ...p, currency: 'EUR', amount: p.lines ? p.lines.reduce((s, l) => s + l.amount, 0) : p.amount }));

export const campaignArbitrary: fc.Arbitrary<CampaignForCalculation> = fc.record({
  id: fc.uuid(),
  name: fc.constant('generated campaign'),
  startsAt: fc.constant(new Date('2026-01-01T00:00:00Z')),
  endsAt: fc.constantFrom(new Date('2026-07-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')),
  segmentIds: fc.constant([]),
  bonus: fc.oneof(
    twoDecimals(1.01, 10).map((multiplier) => ({ type: 'multiplier' as const, multiplier })),
    fc.integer({ min: 1, max: 1_000 }).map((points) => ({ type: 'fixed' as const, points })),
  ),
  maxParticipationsPerMember: fc.constant(null),
  budgetRemaining: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
});
