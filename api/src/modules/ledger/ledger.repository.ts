import type { Db } from '../../db/pool.ts';
import type { Actor } from '../auth/principal.ts';
import type { Entry } from './posting-rules.ts';

export interface BalanceRow {
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
  expires_at: Date | null;
  actor_type: Actor['type'];
  actor_id: string;
  metadata: Record<string, unknown>;
  created_at: Date;
  resolved_at: Date | null;
}

const POSTING_COLUMNS = `id, seq, program_id, member_id, kind, status, points, reason, order_ref, reverses_id, hold_deadline,
  expires_at, actor_type, actor_id, metadata, created_at, resolved_at`;

/** Locks the member's balance row: every posting for one member runs one after another. */
export async function lockBalance(db: Db, memberId: string): Promise<BalanceRow | undefined> {
  const { rows } = await db.query<BalanceRow>(
    `SELECT b.member_id, m.program_id, b.available, b.pending, b.lifetime_earned, b.lifetime_redeemed,
            (p.settings->>'pointsExpiryDays')::int AS expiry_days, coalesce((p.settings->>'maxHoldDays')::int, 90) AS max_hold_days
       FROM member_balances b JOIN members m ON m.id = b.member_id JOIN programs p ON p.id = m.program_id
      WHERE b.member_id = $1 AND m.deleted_at IS NULL
        FOR UPDATE OF b`,
    [memberId],
  );
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
    `UPDATE member_balances
        SET available = available + $2, pending = pending + $3,
            lifetime_earned = lifetime_earned + $4, lifetime_redeemed = lifetime_redeemed + $5, updated_at = now()
      WHERE member_id = $1
      RETURNING member_id, available, pending, lifetime_earned, lifetime_redeemed`,
    [memberId, d.available ?? 0, d.pending ?? 0, d.lifetimeEarned ?? 0, d.lifetimeRedeemed ?? 0],
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
  expiresAt?: Date | null;
  actor: Actor;
  metadata?: Record<string, unknown>;
}

/** The posting, its two entries and, for credits, its bucket, in one statement. */
export async function insertPosting(db: Db, p: NewPosting, entries: Entry[], bucket: { amount: number; expiresAt: Date | null } | null): Promise<PostingRow> {
  const { rows } = await db.query<PostingRow>(
    `WITH posting AS (
       INSERT INTO postings (tenant_id, program_id, member_id, kind, status, points, reason, order_ref, reverses_id,
                             hold_deadline, expires_at, actor_type, actor_id, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       RETURNING ${POSTING_COLUMNS}
     ), entries AS (
       INSERT INTO ledger_entries (tenant_id, posting_id, account, account_id, amount)
       SELECT $1, posting.id, e.account, e.account_id, e.amount
         FROM posting, unnest($15::text[], $16::uuid[], $17::bigint[]) AS e(account, account_id, amount)
     ), bucket AS (
       INSERT INTO point_buckets (tenant_id, member_id, posting_id, amount, remaining, expires_at)
       SELECT $1, $3, posting.id, $18, $18, $19 FROM posting WHERE $18::bigint IS NOT NULL
     )
     SELECT * FROM posting`,
    [
      p.tenantId, p.programId, p.memberId, p.kind, p.status, p.points, p.reason ?? null, p.orderRef ?? null, p.reversesId ?? null,
      p.holdDeadline ?? null, p.expiresAt ?? null, p.actor.type, p.actor.id, JSON.stringify(p.metadata ?? {}),
      entries.map((e) => e.account), entries.map((e) => e.accountId), entries.map((e) => e.amount),
      bucket?.amount ?? null, bucket?.expiresAt ?? null,
    ],
  );
  return rows[0]!;
}

export async function insertEntries(db: Db, tenantId: string, postingId: string, entries: Entry[]): Promise<void> {
  await db.query(
    `INSERT INTO ledger_entries (tenant_id, posting_id, account, account_id, amount)
     SELECT $1, $2, * FROM unnest($3::text[], $4::uuid[], $5::bigint[])`,
    [tenantId, postingId, entries.map((e) => e.account), entries.map((e) => e.accountId), entries.map((e) => e.amount)],
  );
}

export async function insertBucket(db: Db, tenantId: string, memberId: string, postingId: string, amount: number, expiresAt: Date | null): Promise<void> {
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

/** Spendable buckets, the one expiring first first (never-expiring last), locked for the spend. */
export async function spendableBuckets(db: Db, memberId: string, now: Date): Promise<BucketRow[]> {
  const { rows } = await db.query<{ id: string; posting_id: string; remaining: string }>(
    `SELECT id, posting_id, remaining FROM point_buckets
      WHERE member_id = $1 AND remaining > 0 AND (expires_at IS NULL OR expires_at > $2)
      ORDER BY expires_at NULLS LAST, id FOR UPDATE`,
    [memberId, now],
  );
  return rows.map((r) => ({ id: r.id, postingId: r.posting_id, remaining: Number(r.remaining) }));
}

export async function takeFromBuckets(db: Db, takes: { id: string; take: number }[]): Promise<void> {
  if (takes.length === 0) return;
  await db.query(
    `UPDATE point_buckets b SET remaining = b.remaining - t.take
       FROM unnest($1::bigint[], $2::bigint[]) AS t(id, take) WHERE b.id = t.id`,
    [takes.map((t) => t.id), takes.map((t) => t.take)],
  );
}

export async function findPosting(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<PostingRow | undefined> {
  const { rows } = await db.query<PostingRow>(`SELECT ${POSTING_COLUMNS} FROM postings WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export async function reversedSoFar(db: Db, postingId: string): Promise<number> {
  const { rows } = await db.query<{ total: string | null }>('SELECT sum(abs(points)) AS total FROM postings WHERE reverses_id = $1', [postingId]);
  return Number(rows[0]?.total ?? 0);
}

export async function resolveHold(db: Db, id: string, status: 'posted' | 'voided'): Promise<PostingRow> {
  const { rows } = await db.query<PostingRow>(`UPDATE postings SET status = $2, resolved_at = now() WHERE id = $1 RETURNING ${POSTING_COLUMNS}`, [id, status]);
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

/** Members of a program with points past their expiry, and holds past their deadline. */
export async function dueForExpiry(db: Db, programId: string, now: Date, limit: number): Promise<{ expiring: string[]; holds: string[] }> {
  const expiring = await db.query<{ member_id: string }>(
    `SELECT DISTINCT b.member_id FROM point_buckets b JOIN members m ON m.id = b.member_id
      WHERE m.program_id = $1 AND b.remaining > 0 AND b.expires_at <= $2 LIMIT $3`,
    [programId, now, limit],
  );
  const holds = await db.query<{ id: string }>(
    `SELECT id FROM postings WHERE program_id = $1 AND status = 'pending' AND hold_deadline <= $2 LIMIT $3`,
    [programId, now, limit],
  );
  return { expiring: expiring.rows.map((r) => r.member_id), holds: holds.rows.map((r) => r.id) };
}

export async function expiredBuckets(db: Db, memberId: string, now: Date): Promise<{ id: string; remaining: number }[]> {
  const { rows } = await db.query<{ id: string; remaining: string }>(
    'SELECT id, remaining FROM point_buckets WHERE member_id = $1 AND remaining > 0 AND expires_at <= $2 ORDER BY id FOR UPDATE',
    [memberId, now],
  );
  return rows.map((r) => ({ id: r.id, remaining: Number(r.remaining) }));
}
