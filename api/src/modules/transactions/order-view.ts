import type { PostingView } from '../ledger/ledger-view.ts';
import { orderAmounts, type OrderRow } from './transactions.repository.ts';

/** `posting`: the order's current earn posting, if it has one. */
export function orderView(o: OrderRow, posting: Pick<PostingView, 'status' | 'holdDeadline'> | null | undefined) {
  const { amount, refunded, points, reversed } = orderAmounts(o);
  const pending = posting?.status === 'pending';
  return {
    id: o.id,
    orderId: o.order_ref,
    programId: o.program_id,
    memberId: o.member_id,
    status:
      refunded === 0
        ? ('completed' as const)
        : refunded < amount
          ? ('partially_refunded' as const)
          : ('refunded' as const),
    amount,
    refundedAmount: refunded,
    currency: o.currency,
    occurredAt: o.occurred_at.toISOString(),
    points,
    pointsReversed: reversed,
    pending,
    confirmsAt: pending ? posting.holdDeadline : null,
    createdAt: o.created_at.toISOString(),
  };
}
