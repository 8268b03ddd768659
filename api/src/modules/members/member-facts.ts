import type { MemberFacts } from '@loyalty/shared';
import { int, prepared, type Db } from '../../db/pool.ts';

// What the engine knows about a member when it evaluates conditions (earn rules, campaign
// eligibility, reward eligibility): profile, tier, balances and segment memberships, read in
// one round trip. Deleted members have no facts.

export interface MemberFactsRow extends MemberFacts {
  memberId: string;
  programId: string;
  tierId: string | null;
  /** The current tier's points multiplier (1 without a tier). */
  tierMultiplier: number;
  segments: ReadonlySet<string>;
}

// A member is in a segment when it has an include or rule row and no exclude row
// (see migration 006); the lookup is an index-only scan on segment_members_member.
// The history facts (last activity, transactions, redemptions) are counted from the member's own
// rows through its indexes; analytics computes the same for segments from the event stream.
const memberFacts = prepared(
  'member_facts',
  `
  SELECT m.id, m.program_id, m.birth_month, m.attributes,
         (SELECT p.created_at FROM postings p WHERE p.tenant_id = m.tenant_id AND p.member_id = m.id AND p.kind IN ('earn', 'redeem')
           ORDER BY p.seq DESC LIMIT 1) AS last_activity_at,
         (SELECT count(*) FROM orders o WHERE o.tenant_id = m.tenant_id AND o.member_id = m.id) AS transaction_count,
         (SELECT coalesce(sum(o.amount - o.refunded_amount), 0) FROM orders o WHERE o.tenant_id = m.tenant_id AND o.member_id = m.id) AS transaction_value,
         (SELECT count(*) FROM redemptions r WHERE r.tenant_id = m.tenant_id AND r.member_id = m.id AND r.status <> 'cancelled') AS redemption_count,
         b.available, b.lifetime_earned, b.lifetime_redeemed, t.id AS tier_id, t.name AS tier_name, t.benefits->>'multiplier' AS tier_multiplier,
         ARRAY(SELECT sm.segment_id FROM segment_members sm
                WHERE sm.member_id = m.id
                GROUP BY sm.segment_id
               HAVING bool_or(sm.source <> 'exclude') AND NOT bool_or(sm.source = 'exclude')) AS segments
    FROM members m
    JOIN member_balances b ON b.member_id = m.id
    LEFT JOIN tiers t ON t.id = b.tier_id AND t.deleted_at IS NULL
   WHERE m.id = $1 AND m.deleted_at IS NULL`,
);

interface Row {
  id: string;
  program_id: string;
  birth_month: number | null;
  attributes: Record<string, unknown>;
  available: string;
  lifetime_earned: string;
  lifetime_redeemed: string;
  tier_id: string | null;
  tier_name: string | null;
  tier_multiplier: string | null;
  segments: string[];
  last_activity_at: Date | null;
  transaction_count: string;
  transaction_value: string;
  redemption_count: string;
}

export async function loadMemberFacts(db: Db, memberId: string): Promise<MemberFactsRow | undefined> {
  const { rows } = await db.query<Row>(memberFacts([memberId]));
  const r = rows[0];
  if (!r) return undefined;
  return {
    memberId: r.id,
    programId: r.program_id,
    tierId: r.tier_id,
    tier: r.tier_name,
    tierMultiplier: r.tier_multiplier === null ? 1 : Number(r.tier_multiplier),
    birthdayMonth: r.birth_month,
    attributes: r.attributes,
    segments: new Set(r.segments),
    balance: int(r.available),
    lifetimeEarned: int(r.lifetime_earned),
    lifetimeRedeemed: int(r.lifetime_redeemed),
    lastActivityAt: r.last_activity_at,
    transactionCount: int(r.transaction_count),
    transactionValue: int(r.transaction_value),
    redemptionCount: int(r.redemption_count),
  };
}
