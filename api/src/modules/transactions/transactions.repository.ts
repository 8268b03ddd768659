import type { ProgramSettings, Purchase, PointsBreakdown } from '@loyalty/shared';
import { int, prepared, type Db } from '../../db/pool.ts';

export interface OrderRow {
  id: string;
  seq: string;
  program_id: string;
  member_id: string;
  order_ref: string;
  request_hash: string;
  amount: string;
  refunded_amount: string;
  currency: string;
  occurred_at: Date;
  purchase: Purchase;
  breakdown: PointsBreakdown;
  posting_id: string | null;
  points: string;
  points_reversed: string;
  created_at: Date;
}

export interface ProgramForEarn {
  id: string;
  currency: string;
  timezone: string;
  settings: Partial<ProgramSettings>;
  /** Change whenever the program's rules or campaigns change: cache keys. */
  rules_version: string;
  campaigns_version: string;
  /** The request fingerprint of an order already recorded under the asked order id, if any. */
  existing_order_hash: string | null;
}

const ORDER_COLUMNS = `id, seq, program_id, member_id, order_ref, request_hash, amount, refunded_amount, currency, occurred_at,
  purchase, breakdown, posting_id, points, points_reversed, created_at`;

// One round trip for everything a purchase needs to know about its program (and whether its
// order id was already used).
const PROGRAM_FOR_EARN = prepared(
  'transactions.program',
  `
  SELECT id, currency, timezone, settings, rules_version::text, campaigns_version::text,
         (SELECT o.request_hash FROM orders o WHERE o.program_id = p.id AND o.order_ref = $2) AS existing_order_hash
    FROM programs p WHERE id = $1`,
);
const FIND_ORDER = prepared(
  'transactions.find-order',
  `SELECT ${ORDER_COLUMNS} FROM orders WHERE program_id = $1 AND order_ref = $2`,
);
const INSERT_ORDER = prepared(
  'transactions.insert-order',
  `
  INSERT INTO orders (id, tenant_id, program_id, member_id, order_ref, request_hash, amount, currency, occurred_at, purchase, breakdown, posting_id, points, created_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
);

export async function programForEarn(
  db: Db,
  programId: string,
  orderRef: string | null,
): Promise<ProgramForEarn | undefined> {
  const { rows } = await db.query<ProgramForEarn>(PROGRAM_FOR_EARN([programId, orderRef]));
  return rows[0];
}

export async function findOrder(
  db: Db,
  programId: string,
  orderRef: string,
  opts: { forUpdate?: boolean } = {},
): Promise<OrderRow | undefined> {
  const { rows } = opts.forUpdate
    ? await db.query<OrderRow>(
        `SELECT ${ORDER_COLUMNS} FROM orders WHERE program_id = $1 AND order_ref = $2 FOR UPDATE`,
        [programId, orderRef],
      )
    : await db.query<OrderRow>(FIND_ORDER([programId, orderRef]));
  return rows[0];
}

export interface NewOrder {
  id: string;
  tenantId: string;
  programId: string;
  memberId: string;
  orderRef: string;
  requestHash: string;
  purchase: Purchase;
  breakdown: PointsBreakdown;
  postingId: string | null;
  createdAt: Date;
}

export async function insertOrder(db: Db, o: NewOrder): Promise<void> {
  await db.query(
    INSERT_ORDER([
      o.id,
      o.tenantId,
      o.programId,
      o.memberId,
      o.orderRef,
      o.requestHash,
      o.purchase.amount,
      o.purchase.currency,
      o.purchase.occurredAt,
      JSON.stringify(o.purchase),
      JSON.stringify(o.breakdown),
      o.postingId,
      o.breakdown.points,
      o.createdAt,
    ]),
  );
}

/** The row `insertOrder` writes, for the view of an order before it is read back. */
export function newOrderRow(o: NewOrder): OrderRow {
  return {
    id: o.id,
    seq: '0',
    program_id: o.programId,
    member_id: o.memberId,
    order_ref: o.orderRef,
    request_hash: o.requestHash,
    amount: String(o.purchase.amount),
    refunded_amount: '0',
    currency: o.purchase.currency,
    occurred_at: new Date(o.purchase.occurredAt),
    purchase: o.purchase,
    breakdown: o.breakdown,
    posting_id: o.postingId,
    points: String(o.breakdown.points),
    points_reversed: '0',
    created_at: o.createdAt,
  };
}

export async function recordRefund(
  db: Db,
  r: {
    tenantId: string;
    orderId: string;
    amount: number;
    points: number;
    reason: string | null;
    postingId: string | null;
  },
): Promise<{ refund: { id: string; created_at: Date }; order: OrderRow }> {
  const refund = await db.query<{ id: string; created_at: Date }>(
    'INSERT INTO order_refunds (tenant_id, order_id, amount, points, reason) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at',
    [r.tenantId, r.orderId, r.amount, r.points, r.reason],
  );
  const order = await db.query<OrderRow>(
    `UPDATE orders SET refunded_amount = refunded_amount + $2, points_reversed = points_reversed + $3, posting_id = $4
      WHERE id = $1 RETURNING ${ORDER_COLUMNS}`,
    [r.orderId, r.amount, r.points, r.postingId],
  );
  return { refund: refund.rows[0]!, order: order.rows[0]! };
}

export async function memberIdByExternalId(db: Db, programId: string, externalId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    'SELECT id FROM members WHERE program_id = $1 AND external_id = $2 AND deleted_at IS NULL',
    [programId, externalId],
  );
  return rows[0]?.id;
}

export const orderAmounts = (o: OrderRow) => ({
  amount: int(o.amount),
  refunded: int(o.refunded_amount),
  points: int(o.points),
  reversed: int(o.points_reversed),
});

/** A member's orders, newest first, after the cursor's sequence number, with their posting's state. */
export async function memberOrders(db: Db, memberId: string, beforeSeq: string | undefined, limit: number) {
  const { rows } = await db.query<OrderRow & { posting_status: string | null; hold_deadline: Date | null }>(
    `SELECT o.*, p.status AS posting_status, p.hold_deadline
       FROM orders o LEFT JOIN postings p ON p.id = o.posting_id
      WHERE o.tenant_id = current_tenant_id() AND o.member_id = $1 AND ($2::bigint IS NULL OR o.seq < $2)
      ORDER BY o.seq DESC LIMIT $3`,
    [memberId, beforeSeq ?? null, limit],
  );
  return rows;
}
