import type { TierBasis, TierBenefits } from '@loyalty/shared';
import { notFound } from '../../domain-error.ts';
import { int, prepared, type Db } from '../../db/pool.ts';
import { benefitsView } from './tiers.repository.ts';
import { basisPoints, currentTier, nextTier, type TierStep } from './tier-rules.ts';

// A member's tier as the API and the points calculation see it, in one round trip.

interface TierRow extends TierStep {
  benefits: unknown;
}

const MEMBER_TIER = prepared(
  'tiers.member-tier',
  `
  SELECT b.available, b.lifetime_earned, b.tier_id,
         coalesce(p.settings->>'tierBasis', 'lifetime_earned') AS tier_basis,
         (SELECT jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'threshold', t.threshold, 'benefits', t.benefits) ORDER BY t.threshold)
            FROM tiers t WHERE t.program_id = m.program_id AND t.deleted_at IS NULL) AS tiers,
         (SELECT h.created_at FROM tier_history h WHERE h.tenant_id = m.tenant_id AND h.member_id = m.id ORDER BY h.id DESC LIMIT 1) AS changed_at
    FROM members m JOIN member_balances b ON b.member_id = m.id JOIN programs p ON p.id = m.program_id
   WHERE m.id = $1 AND m.deleted_at IS NULL`,
);

interface MemberTierRow {
  available: string;
  lifetime_earned: string;
  tier_id: string | null;
  tier_basis: TierBasis;
  tiers: TierRow[] | null;
  changed_at: Date | null;
}

export interface TierSummary {
  id: string;
  name: string;
  threshold: number;
  benefits: TierBenefits;
}

export interface MemberTier {
  tier: TierSummary | null;
  basis: TierBasis;
  basisPoints: number;
  next: { tier: TierSummary; pointsNeeded: number } | null;
  since: string | null;
}

const summary = (t: TierRow): TierSummary => ({
  id: t.id,
  name: t.name,
  threshold: Number(t.threshold),
  benefits: benefitsView(t.benefits),
});

/** The member's tier, basis and progress; undefined for a member not in the caller's tenant. */
export async function loadMemberTier(db: Db, memberId: string): Promise<MemberTier | undefined> {
  const { rows } = await db.query<MemberTierRow>(MEMBER_TIER([memberId]));
  const r = rows[0];
  if (!r) return undefined;
  const tiers = r.tiers ?? [];
  const points = basisPoints(r.tier_basis, { available: int(r.available), lifetimeEarned: int(r.lifetime_earned) });
  const tier = currentTier(r.tier_id, tiers, points);
  // Progress is measured from the tier the member holds: the next tier is the first above it.
  const next = nextTier(tiers, Math.max(points, tier?.threshold ?? 0));
  return {
    tier: tier && summary(tier),
    basis: r.tier_basis,
    basisPoints: points,
    next: next && { tier: summary(next.tier), pointsNeeded: next.tier.threshold - points },
    // A member placed by the fallback for a deleted tier has not entered it yet.
    since: tier !== null && tier.id === r.tier_id && r.changed_at ? r.changed_at.toISOString() : null,
  };
}

/**
 * The tier whose benefits apply to a member's next earn (for the transaction endpoint's
 * points calculation); null without a tier. Multiplier 1 when the tier sets none. Throws
 * not_found for a member not in the caller's tenant (or deleted).
 */
export async function memberTierForCalculation(
  db: Db,
  memberId: string,
): Promise<{ id: string; name: string; multiplier: number } | null> {
  const t = await loadMemberTier(db, memberId);
  if (!t) throw notFound('member');
  return t.tier && { id: t.tier.id, name: t.tier.name, multiplier: t.tier.benefits.multiplier };
}

export interface TierHistoryRow {
  id: string;
  from_id: string | null;
  from_name: string | null;
  to_id: string | null;
  to_name: string | null;
  reason: 'posting' | 'recalculation' | 'manual';
  posting_id: string | null;
  basis_points: string;
  created_at: Date;
}

/** Newest first; the cursor is the last seen history id. Names of deleted tiers are kept. */
export async function tierHistory(
  db: Db,
  memberId: string,
  beforeId: string | undefined,
  limit: number,
): Promise<TierHistoryRow[]> {
  const { rows } = await db.query<TierHistoryRow>(
    `SELECT h.id, h.from_tier_id AS from_id, f.name AS from_name, h.to_tier_id AS to_id, t.name AS to_name,
            h.reason, h.posting_id, h.basis_points, h.created_at
       FROM tier_history h LEFT JOIN tiers f ON f.id = h.from_tier_id LEFT JOIN tiers t ON t.id = h.to_tier_id
      WHERE h.tenant_id = current_tenant_id() AND h.member_id = $1 AND ($2::bigint IS NULL OR h.id < $2)
      ORDER BY h.id DESC LIMIT $3`,
    [memberId, beforeId ?? null, limit],
  );
  return rows;
}

export function tierHistoryView(r: TierHistoryRow) {
  return {
    id: r.id,
    from: r.from_id ? { id: r.from_id, name: r.from_name ?? '' } : null,
    to: r.to_id ? { id: r.to_id, name: r.to_name ?? '' } : null,
    reason: r.reason,
    postingId: r.posting_id,
    basisPoints: int(r.basis_points),
    at: r.created_at.toISOString(),
  };
}
