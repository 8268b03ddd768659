import type { TierForCalculation } from '../calculate.ts';
import type { CampaignForCalculation } from '../campaign-bonus.ts';
import type { Condition } from '../../conditions/condition-schema.ts';
import type { Purchase } from '../purchase-schema.ts';
import type { RuleDefinitionInput, RuleDefinitionWithId } from '../rule-schema.ts';
import { rule } from '../testing/rule-fixtures.ts';
import { seededRandom } from '../../random/seeded-random.ts';

// The benchmark program: 50 rules (every kind, conditions, schedules), 5 tiers and 10 live
// campaigns, and a seeded stream of varied purchases. The pure engine bench and the HTTP bench
// (api/bench/engine.bench.ts) measure the same program.

// A seeded generator, so every run measures the same work.
const rnd = seededRandom(0x2f6b_1d3c);
export const { next: random, pick, int } = rnd;

export const CATEGORIES = ['coffee', 'tea', 'cake', 'beans', 'mugs', 'gift cards', 'sandwich', 'juice'];
const CHANNELS = ['web', 'pos', 'app'];
const STORES = ['paris-1', 'paris-2', 'lyon-1', 'online'];
export const SEGMENTS = Array.from({ length: 8 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`);

function condition(i: number): Condition | undefined {
  switch (i % 6) {
    case 0:
      return undefined;
    case 1:
      return { field: 'transaction.category', op: 'in', value: [pick(CATEGORIES), pick(CATEGORIES)] };
    case 2:
      return {
        all: [
          { field: 'transaction.channel', op: 'eq', value: pick(CHANNELS) },
          { field: 'transaction.amount', op: 'gte', value: int(0, 5_000) },
        ],
      };
    case 3:
      return {
        any: [
          { field: 'member.tier', op: 'in', value: ['Gold', 'Platinum'] },
          { field: 'member.segments', op: 'contains', value: pick(SEGMENTS) },
        ],
      };
    case 4:
      return {
        all: [
          { field: 'transaction.store', op: 'starts_with', value: 'paris' },
          { not: { field: 'transaction.sku', op: 'starts_with', value: 'GIFT' } },
        ],
      };
    default:
      return { field: 'transaction.metadata.promo', op: 'eq', value: true };
  }
}

export function ruleInput(i: number): RuleDefinitionInput {
  const rounding = pick(['floor', 'ceil', 'half_up', 'half_even'] as const);
  const kind: RuleDefinitionInput['kind'] =
    i % 3 === 0
      ? { type: 'fixed', points: int(5, 200) }
      : i % 3 === 1
        ? { type: 'percentage', percent: int(1, 2_000) / 100, rounding }
        : {
            type: 'dynamic',
            pointsPerUnit: int(50, 300) / 100,
            rounding,
            bands: [
              { fromAmount: 5_000, pointsPerUnit: 2 },
              { fromAmount: 20_000, pointsPerUnit: 3 },
            ],
            ...(i % 2 ? { categoryMultipliers: { coffee: 2, 'gift cards': 0 } } : {}),
          };
  const schedule: RuleDefinitionInput['schedule'] =
    i % 5 === 0
      ? { daysOfWeek: [1, 2, 3, 4, 5], timeWindows: [{ start: '16:00', end: '18:00' }] }
      : i % 5 === 1
        ? { timeWindows: [{ start: '22:00', end: '02:00' }], dateRanges: [{ from: '2026-01-01', to: '2026-12-31' }] }
        : undefined;
  return {
    name: `rule ${i}`,
    priority: int(0, 500),
    kind,
    stacking: i === 47 ? 'exclusive' : i % 7 === 0 ? 'best_of' : 'stack',
    ...(condition(i) ? { condition: condition(i) } : {}),
    ...(schedule ? { schedule } : {}),
    ...(i % 4 === 0 ? { minAmount: int(500, 3_000) } : {}),
    ...(i % 3 === 0 ? { maxPoints: int(50, 500) } : {}),
    ...(i % 8 === 0 ? { approvalDays: 30 } : {}),
  };
}

export const rules: RuleDefinitionWithId[] = Array.from({ length: 50 }, (_, i) => rule(ruleInput(i), `rule-${i}`));
export const tiers: TierForCalculation[] = ['Bronze', 'Silver', 'Gold', 'Platinum', 'Diamond'].map((name, i) => ({
  id: `tier-${i}`,
  name,
  multiplier: 1 + i * 0.25,
}));
export const campaigns: CampaignForCalculation[] = Array.from({ length: 10 }, (_, i) => ({
  id: `campaign-${i}`,
  name: `campaign ${i}`,
  startsAt: new Date('2026-01-01T00:00:00Z'),
  endsAt: new Date('2027-01-01T00:00:00Z'),
  ...(i % 3 === 0
    ? { condition: { field: 'transaction.category', op: 'eq', value: pick(CATEGORIES) } as Condition }
    : {}),
  segmentIds: i % 4 === 0 ? [pick(SEGMENTS)] : [],
  bonus: i % 2 ? { type: 'multiplier', multiplier: 1.5 } : { type: 'fixed', points: 25 },
  maxParticipationsPerMember: i % 5 === 0 ? 3 : null,
  budgetRemaining: i % 3 === 0 ? 100_000 : null,
}));

export function purchase(occurredAt?: string): Purchase {
  occurredAt ??= new Date(Date.parse('2026-01-01T00:00:00Z') + random() * 365 * 86_400_000).toISOString();
  const lineCount = pick([0, 1, 2, 3, 5, 8]);
  const lines = Array.from({ length: lineCount }, () => ({
    category: pick(CATEGORIES),
    sku: pick(['ESP-1', 'LAT-2', 'GIFT-50', 'CAKE-3']),
    quantity: int(1, 3),
    amount: int(100, 9_000),
  }));
  const amount = lineCount ? lines.reduce((s, l) => s + l.amount, 0) : int(100, 30_000);
  return {
    amount,
    currency: random() < 0.02 ? 'USD' : 'EUR',
    occurredAt,
    channel: pick(CHANNELS),
    store: pick(STORES),
    category: pick(CATEGORIES),
    ...(random() < 0.3 ? { metadata: { promo: random() < 0.5 } } : {}),
    ...(lineCount ? { lines } : {}),
  };
}
