import { calculatePoints, type CalculationInput } from '../calculate.ts';
import type { CampaignForCalculation } from '../campaign-bonus.ts';
import { compileRules } from '../compile-rules.ts';
import type { PointsBreakdown } from '../breakdown-schema.ts';
import type { Purchase } from '../purchase-schema.ts';
import { ruleDefinitionSchema, type RuleDefinitionInput, type RuleDefinitionWithId } from '../rule-schema.ts';

// Builders for engine tests and the benchmark: rules go through the real schema, so a test
// cannot hand the engine something the API would have refused.

let nextId = 0;

export function rule(
  input: Partial<RuleDefinitionInput> & Pick<RuleDefinitionInput, 'kind'>,
  id?: string,
): RuleDefinitionWithId {
  const parsed = ruleDefinitionSchema.safeParse({ name: `rule ${nextId}`, ...input });
  if (!parsed.success) throw new Error(`bad test rule: ${JSON.stringify(parsed.error.issues)}`);
  return { ...parsed.data, id: id ?? `r${++nextId}` };
}

export function purchase(p: Partial<Purchase> = {}): Purchase {
  return { amount: 10_000, currency: 'EUR', occurredAt: '2026-06-10T12:00:00Z', ...p };
}

export function campaign(
  c: Partial<CampaignForCalculation> & Pick<CampaignForCalculation, 'bonus'>,
): CampaignForCalculation {
  return {
    id: `c${++nextId}`,
    name: 'campaign',
    startsAt: new Date('2026-01-01T00:00:00Z'),
    endsAt: new Date('2027-01-01T00:00:00Z'),
    segmentIds: [],
    maxParticipationsPerMember: null,
    budgetRemaining: null,
    ...c,
  };
}

export function input(p: Purchase, extra: Partial<Omit<CalculationInput, 'purchase'>> = {}): CalculationInput {
  return {
    purchase: p,
    timezone: 'Europe/Paris',
    currency: 'EUR',
    member: {},
    tier: null,
    campaigns: [],
    participations: new Map(),
    maxPointsPerTransaction: null,
    now: new Date('2026-06-10T12:00:00Z'),
    ...extra,
  };
}

/** Compiles and calculates in one step. */
export function calc(
  rules: RuleDefinitionWithId[],
  p: Purchase,
  extra: Partial<Omit<CalculationInput, 'purchase'>> = {},
): PointsBreakdown {
  return calculatePoints(compileRules(rules), input(p, extra));
}
