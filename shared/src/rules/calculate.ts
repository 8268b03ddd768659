import { MAX_POINTS } from '../api/common.ts';
import type { MemberFacts } from '../conditions/evaluate.ts';
import type { BreakdownLine, CapLine, PointsBreakdown, RuleLine, SkippedItem } from './breakdown-schema.ts';
import { campaignBonus, type CampaignForCalculation } from './campaign-bonus.ts';
import type { CompiledRule, CompiledRules } from './compile-rules.ts';
import { minorUnitsPerMajor } from './currency-digits.ts';
import { mulDivRound, tenThousandths } from './exact-arithmetic.ts';
import { localMinutes } from './local-time.ts';
import { preparePurchase } from './prepared-purchase.ts';
import type { Purchase } from './purchase-schema.ts';
import { kindPoints, matchLines, type LineMatch } from './rule-points.ts';

// The points of one purchase, in this order:
// 1. rules by priority. Each rule that applies gives points, capped by its maxPoints.
//    stack: adds. best_of: only the single best best_of rule counts (ties: the earlier one),
//    added to the stack rules. exclusive: the first exclusive rule that applies alone gives
//    the base points; every other rule is skipped.
// 2. tier bonus: base × (multiplier − 1), floored.
// 3. campaign bonuses (campaign-bonus.ts), in the order given.
// 4. the program cap clips the total, taking from campaign bonuses first (the last campaign
//    first), then the tier bonus, then the base; it shows as a negative 'cap' line.
// A purchase in a currency other than the program's earns nothing (every rule and campaign is
// skipped with reason 'currency'). The function is pure: the clock is `now`.

export interface TierForCalculation {
  id: string;
  name: string;
  /** 1 is no bonus; applied at four-decimal precision. */
  multiplier: number;
}

export interface CalculationInput {
  purchase: Purchase;
  /** The program's IANA time zone: schedules read the purchase time on its clock. */
  timezone: string;
  /** The program's currency. */
  currency: string;
  member: MemberFacts;
  tier: TierForCalculation | null;
  campaigns: readonly CampaignForCalculation[];
  /** Campaign id -> times this member already took part. */
  participations: ReadonlyMap<string, number>;
  maxPointsPerTransaction: number | null;
  now: Date;
}

interface RuleResult {
  rule: CompiledRule;
  points: number;
  eligible: number;
  capped: boolean;
}

interface RuleOutcome {
  winners: RuleResult[];
  skipped: SkippedItem[];
}

function applyRules(
  compiled: CompiledRules,
  input: CalculationInput,
  occurredMs: number,
  currencyOk: boolean,
  prepared: ReturnType<typeof preparePurchase>,
): RuleOutcome {
  const skipped: SkippedItem[] = [];
  const stacked: RuleResult[] = [];
  let best: RuleResult | null = null;
  let exclusive: RuleResult | null = null;
  const unitsPerMajor = currencyOk ? minorUnitsPerMajor(input.currency) : 1;
  const match: LineMatch = { eligible: 0, weighted: 0 };
  let clock = Number.NaN;

  for (const rule of compiled.rules) {
    if (!rule.active) {
      skipped.push(rule.skip.inactive);
      continue;
    }
    if (exclusive) {
      skipped.push(rule.skip.exclusive);
      continue;
    }
    if (!currencyOk) {
      skipped.push(rule.skip.currency);
      continue;
    }
    if (rule.schedule) {
      if (Number.isNaN(clock)) clock = localMinutes(occurredMs, input.timezone);
      if (!rule.schedule(clock)) {
        skipped.push(rule.skip.schedule);
        continue;
      }
    }
    if (!matchLines(rule, prepared, match)) {
      skipped.push(rule.skip.condition);
      continue;
    }
    if (match.eligible < rule.minAmount) {
      skipped.push(rule.skip.min_amount);
      continue;
    }
    let points = kindPoints(rule.kind, match, unitsPerMajor);
    const capped = rule.maxPoints !== null && points > rule.maxPoints;
    if (capped) points = rule.maxPoints!;
    if (points <= 0) {
      skipped.push(rule.skip.zero_points);
      continue;
    }
    const result: RuleResult = { rule, points, eligible: match.eligible, capped };
    if (rule.stacking === 'stack') stacked.push(result);
    else if (rule.stacking === 'exclusive') exclusive = result;
    else if (best === null || points > best.points) {
      if (best) skipped.push(best.rule.skip.best_of);
      best = result;
    } else skipped.push(rule.skip.best_of);
  }

  if (exclusive) {
    for (const r of stacked) skipped.push(r.rule.skip.exclusive);
    if (best) skipped.push(best.rule.skip.exclusive);
    return { winners: [exclusive], skipped };
  }
  if (best) {
    // Keep the lines in run order.
    let at = stacked.length;
    while (at > 0 && stacked[at - 1]!.rule.index > best.rule.index) at--;
    stacked.splice(at, 0, best);
  }
  return { winners: stacked, skipped };
}

function ruleLine(r: RuleResult): RuleLine {
  const line: RuleLine = {
    source: 'rule',
    ruleId: r.rule.id,
    name: r.rule.name,
    points: r.points,
    eligibleAmount: r.eligible,
    stacking: r.rule.stacking,
  };
  if (r.capped) line.capped = true;
  return line;
}

export function calculatePoints(compiled: CompiledRules, input: CalculationInput): PointsBreakdown {
  const { purchase } = input;
  const occurredMs = Date.parse(purchase.occurredAt);
  if (Number.isNaN(occurredMs))
    throw new RangeError(
      `purchase.occurredAt "${purchase.occurredAt}" is not a timestamp: validate purchases with purchaseSchema`,
    );
  const currencyOk = purchase.currency === input.currency;
  const prepared = preparePurchase(purchase, input.member, input.now.getTime());
  const { winners, skipped } = applyRules(compiled, input, occurredMs, currencyOk, prepared);

  const lines: BreakdownLine[] = [];
  let basePoints = 0;
  let approvalDays: number | null = null;
  for (const r of winners) {
    lines.push(ruleLine(r));
    basePoints += r.points;
    const days = r.rule.approvalDays;
    if (days !== null && (approvalDays === null || days > approvalDays)) approvalDays = days;
  }

  let tierBonus = 0;
  if (input.tier && basePoints > 0) {
    tierBonus = mulDivRound(basePoints, Math.max(0, tenThousandths(input.tier.multiplier) - 10_000), 10_000, 'floor');
    if (tierBonus > 0)
      lines.push({
        source: 'tier',
        tierId: input.tier.id,
        name: input.tier.name,
        multiplier: input.tier.multiplier,
        points: tierBonus,
      });
  }

  let campaignBonusTotal = 0;
  for (const campaign of input.campaigns) {
    if (!currencyOk) {
      skipped.push({ source: 'campaign', id: campaign.id, name: campaign.name, reason: 'currency' });
      continue;
    }
    const outcome = campaignBonus({
      campaign,
      occurredMs,
      purchase: prepared,
      member: input.member,
      participations: input.participations.get(campaign.id) ?? 0,
      basePoints,
    });
    if ('skipped' in outcome) skipped.push(outcome.skipped);
    else {
      lines.push(outcome.line);
      campaignBonusTotal += outcome.line.points;
    }
  }

  const total = basePoints + tierBonus + campaignBonusTotal;
  const programCap = input.maxPointsPerTransaction;
  const cap = programCap !== null && programCap < MAX_POINTS ? programCap : MAX_POINTS;
  if (total <= cap) {
    return { points: total, basePoints, tierBonus, campaignBonus: campaignBonusTotal, approvalDays, lines, skipped };
  }
  let excess = total - cap;
  const fromCampaigns = Math.min(excess, campaignBonusTotal);
  excess -= fromCampaigns;
  const fromTier = Math.min(excess, tierBonus);
  excess -= fromTier;
  const capLine: CapLine = {
    source: 'cap',
    points: -(total - cap),
    reason: cap === programCap ? 'program_max_points_per_transaction' : 'points_limit',
  };
  lines.push(capLine);
  return {
    points: cap,
    basePoints: basePoints - excess,
    tierBonus: tierBonus - fromTier,
    campaignBonus: campaignBonusTotal - fromCampaigns,
    approvalDays,
    lines,
    skipped,
  };
}
