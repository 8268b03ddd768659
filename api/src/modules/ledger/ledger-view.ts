import { int } from '../../db/pool.ts';
import type { BalanceRow, PostingRow } from './ledger.repository.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function postingView(p: PostingRow) {
  return {
    id: p.id,
    memberId: p.member_id,
    programId: p.program_id,
    kind: p.kind,
    status: p.status,
    points: int(p.points),
    reason: p.reason,
    orderId: p.order_ref,
    reversesId: p.reverses_id,
    holdDeadline: iso(p.hold_deadline),
    onDeadline: p.on_deadline,
    expiresAt: iso(p.expires_at),
    actor: { type: p.actor_type, id: p.actor_id },
    metadata: p.metadata,
    createdAt: p.created_at.toISOString(),
    resolvedAt: iso(p.resolved_at),
  };
}
export type PostingView = ReturnType<typeof postingView>;

/**
 * A posting as events carry it. Not the HTTP view: ClickHouse's ledger view reads the merchant's
 * order id as `orderRef`, and renaming an API field must never change the analytics schema.
 */
export function postingEventData(p: PostingRow) {
  const { orderId, ...rest } = postingView(p);
  return { ...rest, orderRef: orderId };
}

export function balanceView(b: Pick<BalanceRow, 'available' | 'pending' | 'lifetime_earned' | 'lifetime_redeemed'>) {
  return {
    available: int(b.available),
    pending: int(b.pending),
    lifetimeEarned: int(b.lifetime_earned),
    lifetimeRedeemed: int(b.lifetime_redeemed),
  };
}
export type BalanceView = ReturnType<typeof balanceView>;
