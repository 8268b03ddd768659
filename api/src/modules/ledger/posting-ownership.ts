import type { Db } from '../../db/pool.ts';

/**
 * Postings that another module keeps in step with its own records: an order's current earn, a
 * redemption's debit. Undoing one through the generic ledger routes would leave that record
 * behind (an order's refunds, a redemption still pending); the answer names the endpoint to use.
 */
export async function ownerOfPosting(db: Db, postingId: string): Promise<string | null> {
  const { rows } = await db.query<{
    order_ref: string | null;
    program_id: string | null;
    redemption_id: string | null;
  }>(
    `
    SELECT (SELECT o.order_ref FROM orders o WHERE o.posting_id = $1 LIMIT 1) AS order_ref,
           (SELECT o.program_id FROM orders o WHERE o.posting_id = $1 LIMIT 1) AS program_id,
           (SELECT r.id FROM redemptions r WHERE r.posting_id = $1 LIMIT 1) AS redemption_id`,
    [postingId],
  );
  const r = rows[0]!;
  if (r.order_ref !== null)
    return `this posting is the earn of order ${r.order_ref}: refund it with POST /v1/programs/${r.program_id}/orders/{orderId}/refund`;
  if (r.redemption_id !== null)
    return `this posting is the debit of redemption ${r.redemption_id}: cancel it with POST /v1/redemptions/${r.redemption_id}/cancel`;
  return null;
}
