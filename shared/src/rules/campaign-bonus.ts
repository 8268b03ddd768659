import type { Condition } from '../conditions/condition-schema.ts';
import { compileCondition, type CompiledCondition, type MemberFacts } from '../conditions/evaluate.ts';
import type { CampaignLine, SkippedItem } from './breakdown-schema.ts';
import { conditionScope, type ConditionScope } from './compile-rules.ts';
import { mulDivRound, tenThousandths } from './exact-arithmetic.ts';
import { isPerLine, type PreparedPurchase } from './prepared-purchase.ts';

// Campaign bonuses on top of a purchase's base points. A campaign applies when the purchase
// happened inside [startsAt, endsAt), the member is in one of its segments (when it targets
// any), has not used up its participations, the campaign has budget left and its condition
// holds (for at least one line, when it reads line facts). A multiplier bonus is
// base × (multiplier − 1), floored; a fixed bonus is its points; neither exceeds the budget left.

export interface CampaignForCalculation {
  id: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  condition?: Condition | undefined;
  /** The member must be in at least one of these segments; empty: everyone. */
  segmentIds: readonly string[];
  bonus: { type: 'multiplier'; multiplier: number } | { type: 'fixed'; points: number };
  maxParticipationsPerMember: number | null;
  /** Bonus points the campaign may still give; null: unlimited. */
  budgetRemaining: number | null;
}

export type CampaignOutcome = { line: CampaignLine } | { skipped: SkippedItem };

interface CompiledCampaignCondition extends ConditionScope {
  test: CompiledCondition;
}

// Campaigns arrive per calculation, usually the same objects from a cache: compile each
// condition object once.
const compiled = new WeakMap<Condition, CompiledCampaignCondition>();

function compiledCondition(condition: Condition): CompiledCampaignCondition {
  let c = compiled.get(condition);
  if (!c) {
    c = { test: compileCondition(condition), ...conditionScope(condition) };
    compiled.set(condition, c);
  }
  return c;
}

function inSegments(member: MemberFacts, segmentIds: readonly string[]): boolean {
  const segments = member.segments;
  if (!segments) return false;
  for (const raw of segmentIds) {
    // Stored ids are lower-case (Postgres prints UUIDs that way); a pasted one may not be.
    const id = raw.toLowerCase();
    if (Array.isArray(segments) ? segments.includes(id) : (segments as ReadonlySet<string>).has(id)) return true;
  }
  return false;
}

function conditionHolds(condition: Condition, purchase: PreparedPurchase): boolean {
  const c = compiledCondition(condition);
  if (!isPerLine(c, purchase)) return c.test(purchase.whole);
  for (const line of purchase.lines) if (c.test(line.context)) return true;
  return false;
}

export interface CampaignInput {
  campaign: CampaignForCalculation;
  occurredMs: number;
  purchase: PreparedPurchase;
  member: MemberFacts;
  participations: number;
  basePoints: number;
}

function skip(campaign: CampaignForCalculation, reason: SkippedItem['reason']): CampaignOutcome {
  return { skipped: { source: 'campaign', id: campaign.id, name: campaign.name, reason } };
}

export function campaignBonus({
  campaign,
  occurredMs,
  purchase,
  member,
  participations,
  basePoints,
}: CampaignInput): CampaignOutcome {
  if (occurredMs < campaign.startsAt.getTime()) return skip(campaign, 'not_started');
  if (occurredMs >= campaign.endsAt.getTime()) return skip(campaign, 'ended');
  if (campaign.segmentIds.length > 0 && !inSegments(member, campaign.segmentIds)) return skip(campaign, 'segment');
  if (campaign.maxParticipationsPerMember !== null && participations >= campaign.maxParticipationsPerMember)
    return skip(campaign, 'max_participations');
  if (campaign.budgetRemaining !== null && campaign.budgetRemaining <= 0) return skip(campaign, 'budget');
  if (campaign.condition && !conditionHolds(campaign.condition, purchase)) return skip(campaign, 'condition');
  let points =
    campaign.bonus.type === 'fixed'
      ? campaign.bonus.points
      : mulDivRound(basePoints, Math.max(0, tenThousandths(campaign.bonus.multiplier) - 10_000), 10_000, 'floor');
  if (points <= 0) return skip(campaign, 'zero_points');
  const clipped = campaign.budgetRemaining !== null && points > campaign.budgetRemaining;
  if (clipped) points = campaign.budgetRemaining!;
  return {
    line: {
      source: 'campaign',
      campaignId: campaign.id,
      name: campaign.name,
      points,
      ...(clipped ? { clippedByBudget: true } : {}),
    },
  };
}
