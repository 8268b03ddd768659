import type { PostingRow } from '../ledger/ledger.repository.ts';
import { orderAmounts, type OrderRow } from './transactions.repository.ts';

export function orderView(o: OrderRow, posting: PostingRow | undefined) {
  const { amount, refunded, points, reversed } = orderAmounts(o);
  const pending = posting?.status === 'pending';
  return {
    id: o.id,
    orderId: o.order_ref,
    programId: o.program_id,
    memberId: o.member_id,
    status: refunded === 0 ? 'completed' as const : refunded < amount ? 'partially_refunded' as const : 'refunded' as const,
    amount,
    refundedAmount: refunded,
    currency: o.currency,
    occurredAt: o.occurred_at.toISOString(),
    points,
    pointsReversed: reversed,
    pending,
    confirmsAt: pending ? posting.hold_deadline!.toISOString() : null,
    createdAt: o.created_at.toISOString(),
  };
}
