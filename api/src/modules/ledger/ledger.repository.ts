import type { Db } from '../../db/pool.ts';
import {
  APPLY_BALANCE_DELTA,
  EXPIRED_BUCKETS,
  INSERT_ENTRIES,
  INSERT_POSTING,
  LOCK_BALANCE,
  POSTING_COLUMNS,
  SPENDABLE_BUCKETS,
  TAKE_FROM_BUCKETS,
} from './ledger.statements.ts';
import type { Actor } from '../auth/principal.ts';
import type { Entry } from './posting-rules.ts';
import type { TierInputs } from '../tiers/tier-assignment.ts';

/** The balance lock's row; its tier fields feed the tier hook (tiers/tier-assignment.ts). */
export interface BalanceRow extends TierInputs {
  member_id: string;
  program_id: string;
  available: string;
  pending: string;
  lifetime_earned: string;
  lifetime_redeemed: string;
  expiry_days: number | null;
  max_hold_days: number;
}

export interface PostingRow {
  id: string;
  seq: string;
  program_id: string;
  member_id: string;
  kind: 'earn' | 'redeem' | 'adjust' | 'reverse' | 'expire';
  status: 'posted' | 'pending' | 'voided';
  points: string;
  reason: string | null;
  order_ref: string | null;
  reverses_id: string | null;
  hold_deadline: Date | null;
  /** What the deadline does to a pending hold: void it, or confirm it (an approval period). */
  on_deadline: 'void' | 'confirm';
  expires_at: Date | null;
  actor_type: Actor['type'];
  actor_id: string;
  metadata: Record<string, unknown>;
  created_at: Date;
  resolved_at: Date | null;
}

/** Locks the member's balance row: every posting for one member runs one after another. */
export async function lockBalance(db: Db, memberId: string): Promise<BalanceRow | undefined> {
  const { rows } = await db.query<BalanceRow>(LOCK_BALANCE([memberId]));
  return rows[0];
}

export async function readBalance(db: Db, memberId: string): Promise<BalanceRow | undefined> {
  const { rows } = await db.query<BalanceRow>(
    `SELECT b.* FROM member_balances b JOIN members m ON m.id = b.member_id WHERE b.member_id = $1 AND m.deleted_at IS NULL`,
    [memberId],
  );
  return rows[0];
}

export interface BalanceDelta {
  available?: number;
  pending?: number;
  lifetimeEarned?: number;
  lifetimeRedeemed?: number;
}

export async function applyBalanceDelta(db: Db, memberId: string, d: BalanceDelta): Promise<BalanceRow> {
  const { rows } = await db.query<BalanceRow>(
    APPLY_BALANCE_DELTA([memberId, d.available ?? 0, d.pending ?? 0, d.lifetimeEarned ?? 0, d.lifetimeRedeemed ?? 0]),
  );
  return rows[0]!;
}

export interface NewPosting {
  tenantId: string;
  programId: string;
  memberId: string;
  kind: PostingRow['kind'];
  status: PostingRow['status'];
  points: number;
  reason?: string | null;
  orderRef?: string | null;
  reversesId?: string | null;
  holdDeadline?: Date | null;
  onDeadline?: PostingRow['on_deadline'];
  expiresAt?: Date | null;
  actor: Actor;
  metadata?: Record<string, unknown>;
  /** Defaults to the database's clock. */
  createdAt?: Date;
}

export async function insertPosting(
  db: Db,
  p: NewPosting,
  entries: Entry[],
  bucket: { amount: number; expiresAt: Date | null } | null,
): Promise<PostingRow> {
  const { rows } = await db.query<PostingRow>(
    INSERT_POSTING([
      p.tenantId,
      p.programId,
      p.memberId,
      p.kind,
      p.status,
      p.points,
      p.reason ?? null,
      p.orderRef ?? null,
      p.reversesId ?? null,
      p.holdDeadline ?? null,
      p.expiresAt ?? null,
      p.actor.type,
      p.actor.id,
      JSON.stringify(p.metadata ?? {}),
      entries.map((e) => e.account),
      entries.map((e) => e.accountId),
      entries.map((e) => e.amount),
      bucket?.amount ?? null,
      bucket?.expiresAt ?? null,
      p.onDeadline ?? 'void',
      p.createdAt ?? null,
    ]),
  );
  return rows[0]!;
}

export async function insertEntries(db: Db, tenantId: string, postingId: string, entries: Entry[]): Promise<void> {
  await db.query(
    INSERT_ENTRIES([
      tenantId,
      postingId,
      entries.map((e) => e.account),
      entries.map((e) => e.accountId),
      entries.map((e) => e.amount),
    ]),
  );
}

export async function insertBucket(
  db: Db,
  tenantId: string,
  memberId: string,
  postingId: string,
  amount: number,
  expiresAt: Date | null,
): Promise<void> {
  await db.query(
    'INSERT INTO point_buckets (tenant_id, member_id, posting_id, amount, remaining, expires_at) VALUES ($1, $2, $3, $4, $4, $5)',
    [tenantId, memberId, postingId, amount, expiresAt],
  );
}

export interface BucketRow {
  id: string;
  postingId: string;
  remaining: number;
}

export async function spendableBuckets(db: Db, memberId: string, now: Date): Promise<BucketRow[]> {
  const { rows } = await db.query<{ id: string; posting_id: string; remaining: string }>(
    SPENDABLE_BUCKETS([memberId, now]),
  );
  return rows.map((r) => ({ id: r.id, postingId: r.posting_id, remaining: Number(r.remaining) }));
}

export async function takeFromBuckets(db: Db, takes: { id: string; take: number }[]): Promise<void> {
  if (takes.length === 0) return;
  await db.query(TAKE_FROM_BUCKETS([takes.map((t) => t.id), takes.map((t) => t.take)]));
}

export async function findPosting(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<PostingRow | undefined> {
  const { rows } = await db.query<PostingRow>(
    `SELECT ${POSTING_COLUMNS} FROM postings WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function reversedSoFar(db: Db, postingId: string): Promise<number> {
  const { rows } = await db.query<{ total: string | null }>(
    'SELECT sum(abs(points)) AS total FROM postings WHERE reverses_id = $1',
    [postingId],
  );
  return Number(rows[0]?.total ?? 0);
}

export async function resolveHold(db: Db, id: string, status: 'posted' | 'voided'): Promise<PostingRow> {
  const { rows } = await db.query<PostingRow>(
    `UPDATE postings SET status = $2, resolved_at = now() WHERE id = $1 RETURNING ${POSTING_COLUMNS}`,
    [id, status],
  );
  return rows[0]!;
}

export interface HistoryFilter {
  memberId: string;
  afterSeq?: string;
  limit: number;
  kind?: string;
  status?: string;
  from?: string;
  to?: string;
}

/** Newest first; the cursor is the last seen sequence number. */
export async function history(db: Db, f: HistoryFilter): Promise<PostingRow[]> {
  const { rows } = await db.query<PostingRow>(
    `SELECT ${POSTING_COLUMNS} FROM postings
      WHERE tenant_id = current_tenant_id() AND member_id = $1 AND ($2::bigint IS NULL OR seq < $2)
        AND ($3::text IS NULL OR kind = $3) AND ($4::text IS NULL OR status = $4)
        AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at < $6)
      ORDER BY seq DESC LIMIT $7`,
    [f.memberId, f.afterSeq ?? null, f.kind ?? null, f.status ?? null, f.from ?? null, f.to ?? null, f.limit],
  );
  return rows;
}

/** A program's postings, newest first: the console's live feed and tenant-wide activity. */
export async function programHistory(
  db: Db,
  f: { programId: string; afterSeq?: string; limit: number },
): Promise<PostingRow[]> {
  const { rows } = await db.query<PostingRow>(
    `SELECT ${POSTING_COLUMNS} FROM postings
      WHERE tenant_id = current_tenant_id() AND program_id = $1 AND ($2::bigint IS NULL OR seq < $2)
      ORDER BY seq DESC LIMIT $3`,
    [f.programId, f.afterSeq ?? null, f.limit],
  );
  return rows;
}

/** Members of a program with points past their expiry, and holds past their deadline. */
export async function dueForExpiry(
  db: Db,
  programId: string,
  now: Date,
  limit: number,
): Promise<{ expiring: string[]; holds: { id: string; onDeadline: PostingRow['on_deadline'] }[] }> {
  const expiring = await db.query<{ member_id: string }>(
    `SELECT DISTINCT b.member_id FROM point_buckets b JOIN members m ON m.id = b.member_id
      WHERE m.program_id = $1 AND b.remaining > 0 AND b.expires_at <= $2 LIMIT $3`,
    [programId, now, limit],
  );
  const holds = await db.query<{ id: string; on_deadline: PostingRow['on_deadline'] }>(
    `SELECT id, on_deadline FROM postings WHERE program_id = $1 AND status = 'pending' AND hold_deadline <= $2 LIMIT $3`,
    [programId, now, limit],
  );
  return {
    expiring: expiring.rows.map((r) => r.member_id),
    holds: holds.rows.map((r) => ({ id: r.id, onDeadline: r.on_deadline })),
  };
}

export async function expiredBuckets(
  db: Db,
  memberId: string,
  now: Date,
): Promise<{ id: string; remaining: number }[]> {
  const { rows } = await db.query<{ id: string; remaining: string }>(EXPIRED_BUCKETS([memberId, now]));
  return rows.map((r) => ({ id: r.id, remaining: Number(r.remaining) }));
}
