import { evaluateCondition, type Condition, type MemberFacts, type RedemptionRefusal } from '@loyalty/shared';

// Whether a member may redeem a reward now, and if not the first reason why, in the order a
// member would want to hear them: the reward itself, then who the member is, then what is left.
// The redemption path and the member catalogue both ask this one function.

export interface RewardTerms {
  active: boolean;
  validFrom: Date | null;
  validUntil: Date | null;
  campaignId: string | null;
  tierIds: readonly string[];
  condition: Condition | null;
  perMemberLimit: number | null;
  stock: number | null;
  pointsCost: number;
  /** A digital reward handing out pooled codes: it is out of stock when no code is free. */
  usesCodePool: boolean;
}

export interface RedemptionSituation {
  now: Date;
  member: MemberFacts & { tierId: string | null };
  /** Whether the reward's campaign is active now; ignored without a campaign. */
  campaignActive: boolean;
  /** The member's non-cancelled redemptions of this reward. */
  redeemedCount: number;
  /** Whether the pool has a free code; ignored unless the reward uses a pool. */
  codeAvailable: boolean;
  /** The ledger checks the balance itself when points move; the catalogue asks here. */
  checkPoints: boolean;
}

export type RedemptionDecision =
  { ok: true } | { ok: false; code: RedemptionRefusal; message: string; details?: Record<string, unknown> };

const refuse = (code: RedemptionRefusal, message: string, details?: Record<string, unknown>): RedemptionDecision => ({
  ok: false,
  code,
  message,
  ...(details ? { details } : {}),
});

export function decideRedemption(reward: RewardTerms, s: RedemptionSituation): RedemptionDecision {
  if (!reward.active) return refuse('reward_inactive', 'this reward is not active');
  if (reward.validFrom && s.now < reward.validFrom) {
    return refuse('reward_not_yet_valid', `this reward can be redeemed from ${reward.validFrom.toISOString()}`, {
      validFrom: reward.validFrom.toISOString(),
    });
  }
  if (reward.validUntil && s.now >= reward.validUntil) {
    return refuse('reward_expired', `this reward could be redeemed until ${reward.validUntil.toISOString()}`, {
      validUntil: reward.validUntil.toISOString(),
    });
  }
  if (reward.campaignId && !s.campaignActive) {
    return refuse('campaign_not_active', 'this reward belongs to a campaign that is not active', {
      campaignId: reward.campaignId,
    });
  }
  if (reward.tierIds.length > 0 && (s.member.tierId === null || !reward.tierIds.includes(s.member.tierId))) {
    return refuse('tier_required', 'this reward is reserved for members of other tiers', {
      tierIds: [...reward.tierIds],
    });
  }
  if (reward.condition && !evaluateCondition(reward.condition, { member: s.member, now: s.now.getTime() })) {
    return refuse('not_eligible', "the member does not meet this reward's conditions");
  }
  if (reward.perMemberLimit !== null && s.redeemedCount >= reward.perMemberLimit) {
    return refuse('redemption_limit_reached', `a member may redeem this reward ${reward.perMemberLimit} time(s)`, {
      limit: reward.perMemberLimit,
      redeemed: s.redeemedCount,
    });
  }
  if (reward.stock === 0 || (reward.usesCodePool && !s.codeAvailable))
    return refuse('out_of_stock', 'this reward is out of stock');
  const balance = s.member.balance ?? 0;
  if (s.checkPoints && balance < reward.pointsCost) {
    return refuse('insufficient_points', `the member has ${balance} points available, ${reward.pointsCost} needed`, {
      available: balance,
      requested: reward.pointsCost,
    });
  }
  return { ok: true };
}
