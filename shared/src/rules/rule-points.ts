import { MAX_POINTS } from '../api/common.ts';
import type { CompiledKind, CompiledRule } from './compile-rules.ts';
import { mulDivRound } from './exact-arithmetic.ts';
import { isPerLine, type PreparedPurchase } from './prepared-purchase.ts';

// One rule against one purchase: which lines it matches (its eligible amount) and how many
// points that amount is worth, as one exact fraction rounded once.

/** Filled by matchLines; reused across rules so matching allocates nothing. */
export interface LineMatch {
  /** Minor units of the matching lines. */
  eligible: number;
  /** Σ line amount × category multiplier (hundredths); only for dynamic rules with multipliers. */
  weighted: number;
}

/** False when no line matches the rule's condition. */
export function matchLines(rule: CompiledRule, purchase: PreparedPurchase, out: LineMatch): boolean {
  const condition = rule.condition;
  const multipliers = rule.kind.type === 'dynamic' ? rule.kind.multipliers : null;
  out.eligible = 0;
  out.weighted = 0;
  if (condition === null || !isPerLine(rule, purchase)) {
    if (condition !== null && !condition(purchase.whole)) return false;
    out.eligible = purchase.total;
    if (multipliers) out.weighted = weightedAmount(purchase, multipliers);
    return true;
  }
  let matched = false;
  const lines = purchase.lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!condition(line.context)) continue;
    matched = true;
    out.eligible += line.amount;
    if (multipliers) out.weighted += line.amount * multiplierOf(multipliers, line.category);
  }
  return matched;
}

function multiplierOf(multipliers: ReadonlyMap<string, number>, category: string | null): number {
  return category === null ? 100 : (multipliers.get(category) ?? 100);
}

function weightedAmount(purchase: PreparedPurchase, multipliers: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const line of purchase.lines) sum += line.amount * multiplierOf(multipliers, line.category);
  return sum;
}

/**
 * Points of a rule for an eligible amount, before its maxPoints cap, clamped to MAX_POINTS.
 * `unitsPerMajor` is 10^(the currency's minor digits).
 */
export function kindPoints(kind: CompiledKind, match: LineMatch, unitsPerMajor: number): number {
  let points: number;
  switch (kind.type) {
    case 'fixed':
      points = kind.points;
      break;
    case 'percentage':
      // amount / unitsPerMajor × (hundredths / 100) / 100
      points = mulDivRound(match.eligible, kind.percentHundredths, unitsPerMajor * 10_000, kind.rounding);
      break;
    case 'dynamic': {
      let rate = kind.rateHundredths;
      for (let i = 0; i < kind.bandFrom.length && match.eligible >= kind.bandFrom[i]!; i++) rate = kind.bandRate[i]!;
      points = kind.multipliers
        ? mulDivRound(match.weighted, rate, unitsPerMajor * 10_000, kind.rounding)
        : mulDivRound(match.eligible, rate, unitsPerMajor * 100, kind.rounding);
      break;
    }
  }
  return points > MAX_POINTS ? MAX_POINTS : points;
}
