import type { TierBasis, TierChangedEventData } from '@loyalty/shared';
import { int, prepared, type Db } from '../../db/pool.ts';
import type { NewEvent } from '../outbox/outbox.repository.ts';
import { basisPoints, tierMove, type TierMove, type TierStep } from './tier-rules.ts';

// Writing a member's tier: the balance row's tier_id, a tier_history row and a tier_changed
// event, all in the caller's transaction, which already holds the member's balance lock.

/**
 * What the ledger's balance lock reads for the tier hook, so that a posting costs no extra
 * round trip unless the tier actually changes (see LOCK_BALANCE in ledger.statements.ts).
 */
export interface TierInputs {
  member_id: string;
  program_id: string;
  available: string;
  lifetime_earned: string;
  tier_basis: TierBasis;
  /** The member's tier as stored now (a posting earlier in the transaction may have moved it). */
  tier_id: string | null;
  /** The program's live tiers, in no particular order; null when it has none. */
  tiers: TierStep[] | null;
}

export type TierChangeReason = TierChangedEventData['reason'];

export interface PlannedMove extends TierMove<TierStep> {
  memberId: string;
  programId: string;
  basis: TierBasis;
  basisPoints: number;
  postingId: string | null;
}

// The history row is written only for balances still in the tier the move starts from, so a
// move planned on stale data writes nothing rather than a false transition. The from-tier's
// name comes back with it: the tier may be deleted, and no posting needs it unless it moves.
const APPLY_MOVES = prepared(
  'tiers.apply-moves',
  `
  WITH moves AS (
    SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::bigint[], $6::uuid[]) AS c(member_id, from_id, to_id, basis_points, posting_id)
  ), moved AS (
    UPDATE member_balances b SET tier_id = c.to_id
      FROM moves c
     WHERE b.member_id = c.member_id AND b.tier_id IS NOT DISTINCT FROM c.from_id
    RETURNING b.member_id
  )
  INSERT INTO tier_history (tenant_id, member_id, from_tier_id, to_tier_id, reason, posting_id, basis_points)
  SELECT $1, c.member_id, c.from_id, c.to_id, $7, c.posting_id, c.basis_points FROM moves c JOIN moved USING (member_id)
  RETURNING member_id, (SELECT f.name FROM tiers f WHERE f.id = from_tier_id) AS from_name`,
);

/** Applies planned moves; returns the tier_changed events of those that happened. */
export async function applyTierMoves(
  db: Db,
  tenantId: string,
  reason: TierChangeReason,
  moves: PlannedMove[],
): Promise<NewEvent[]> {
  if (moves.length === 0) return [];
  const { rows } = await db.query<{ member_id: string; from_name: string | null }>(
    APPLY_MOVES([
      tenantId,
      moves.map((m) => m.memberId),
      moves.map((m) => m.fromId),
      moves.map((m) => m.to?.id ?? null),
      moves.map((m) => m.basisPoints),
      moves.map((m) => m.postingId),
      reason,
    ]),
  );
  const fromNames = new Map(rows.map((r) => [r.member_id, r.from_name ?? '']));
  return moves
    .filter((m) => fromNames.has(m.memberId))
    .map((m) => tierChangedEvent(tenantId, reason, m, fromNames.get(m.memberId)!));
}

export function tierChangedEvent(
  tenantId: string,
  reason: TierChangeReason,
  m: PlannedMove,
  fromName: string,
): NewEvent {
  const to = m.to ? { id: m.to.id, name: m.to.name } : null;
  const data: TierChangedEventData = {
    tier: to?.name ?? null,
    from: m.fromId ? { id: m.fromId, name: fromName } : null,
    to,
    reason,
    basis: m.basis,
    basisPoints: m.basisPoints,
    postingId: m.postingId,
  };
  return { type: 'tier_changed', tenantId, programId: m.programId, memberId: m.memberId, data };
}

/** The move a member's balance calls for, or null; pure, no I/O. */
export function planMove(b: TierInputs, postingId: string | null): PlannedMove | null {
  // Most programs have no tiers: nothing to compute, nothing to write.
  if (b.tiers === null && b.tier_id === null) return null;
  const points = basisPoints(b.tier_basis, { available: int(b.available), lifetimeEarned: int(b.lifetime_earned) });
  const move = tierMove(b.tier_id, b.tiers ?? [], points);
  return (
    move && {
      ...move,
      memberId: b.member_id,
      programId: b.program_id,
      basis: b.tier_basis,
      basisPoints: points,
      postingId,
    }
  );
}

/**
 * The tier hook of the posting path: after a balance change, moves the member to the tier its
 * basis now earns (up or down). Costs one statement when the tier changes and none otherwise;
 * the caller appends the returned events with the posting's own.
 */
export async function assignTierAfterPosting(
  db: Db,
  tenantId: string,
  balance: TierInputs,
  postingId: string,
): Promise<NewEvent[]> {
  const move = planMove(balance, postingId);
  return move ? applyTierMoves(db, tenantId, 'posting', [move]) : [];
}

/**
 * The program's live tiers as a json array (null when none): at most 20 rows off the partial
 * unique index. json, not jsonb, and unordered: cheapest to build on every posting.
 */
export const liveTiersSql = (programId: string) =>
  `(SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'threshold', t.threshold)) FROM tiers t WHERE t.program_id = ${programId} AND t.deleted_at IS NULL)`;

/** What the balance lock selects for the tier hook, over member_balances b, members m and programs p. */
export const TIER_INPUTS_SQL = `coalesce(p.settings->>'tierBasis', 'lifetime_earned') AS tier_basis, b.tier_id, ${liveTiersSql('m.program_id')} AS tiers`;
