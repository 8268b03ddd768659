import type { TierBasis, TierBenefits } from '@loyalty/shared';

// Which tier a member belongs to, as pure functions of the program's live tiers and the
// member's basis amount. Order-independent on purpose: callers pass what the database gave.

export interface TierStep {
  id: string;
  name: string;
  threshold: number;
}

/** The tier with the highest threshold the basis reaches; null below every threshold. */
export function tierFor<T extends TierStep>(tiers: readonly T[], basis: number): T | null {
  let best: T | null = null;
  for (const t of tiers) {
    if (t.threshold <= basis && (best === null || t.threshold > best.threshold)) best = t;
  }
  return best;
}

/** The lowest tier above the basis and the points still missing to reach it; null at the top. */
export function nextTier<T extends TierStep>(
  tiers: readonly T[],
  basis: number,
): { tier: T; pointsNeeded: number } | null {
  let next: T | null = null;
  for (const t of tiers) {
    if (t.threshold > basis && (next === null || t.threshold < next.threshold)) next = t;
  }
  return next ? { tier: next, pointsNeeded: next.threshold - basis } : null;
}

/** What the program's thresholds measure: points earned all time, or the spendable balance. */
export function basisPoints(basis: TierBasis, balance: { available: number; lifetimeEarned: number }): number {
  return basis === 'balance' ? balance.available : balance.lifetimeEarned;
}

/**
 * The tier a member is in now. A stored tier that is still live stands (thresholds may have
 * moved since; recalculation catches up). A stored tier that was deleted no longer exists for
 * the member: they are where their basis puts them, as the next posting will record.
 */
export function currentTier<T extends TierStep>(storedId: string | null, tiers: readonly T[], basis: number): T | null {
  if (storedId === null) return null;
  return tiers.find((t) => t.id === storedId) ?? tierFor(tiers, basis);
}

export interface TierMove<T extends TierStep> {
  fromId: string | null;
  to: T | null;
}

/** Whether a member must move: compares the stored tier with the one the basis earns now. */
export function tierMove<T extends TierStep>(
  storedId: string | null,
  tiers: readonly T[],
  basis: number,
): TierMove<T> | null {
  const to = tierFor(tiers, basis);
  return (to?.id ?? null) === storedId ? null : { fromId: storedId, to };
}

/** Which field of a new or changed tier collides with a live tier of its program, if any. */
export function tierConflict(
  live: readonly { id: string; name: string; threshold: number }[],
  candidate: { name: string; threshold: number },
  selfId?: string,
): { field: 'name' | 'threshold'; tier: { id: string; name: string } } | null {
  const others = live.filter((t) => t.id !== selfId);
  const sameName = others.find((t) => t.name.toLowerCase() === candidate.name.toLowerCase());
  if (sameName) return { field: 'name', tier: { id: sameName.id, name: sameName.name } };
  const sameThreshold = others.find((t) => t.threshold === candidate.threshold);
  if (sameThreshold) return { field: 'threshold', tier: { id: sameThreshold.id, name: sameThreshold.name } };
  return null;
}

export interface BenefitsPatch {
  multiplier?: number;
  description?: string | null;
  perks?: string[] | null;
}

/** A PATCH of benefits: named fields replace theirs, null clears, the rest is kept. */
export function mergeBenefits(before: TierBenefits, patch: BenefitsPatch | undefined): TierBenefits {
  if (!patch) return before;
  const description = patch.description === undefined ? before.description : (patch.description ?? undefined);
  const perks = patch.perks === undefined ? before.perks : (patch.perks ?? undefined);
  return {
    multiplier: patch.multiplier ?? before.multiplier,
    ...(description === undefined ? {} : { description }),
    ...(perks === undefined ? {} : { perks }),
  };
}
