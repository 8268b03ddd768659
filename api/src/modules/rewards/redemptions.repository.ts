import { prepared, type Db } from '../../db/pool.ts';
import type { RedemptionRow } from './reward-view.ts';

// Redemptions, stock and code pools in SQL: the redemption runs on the hot posting path, in the
// member's lane of the group-commit executor, beside the ledger's own statements.

const COLUMNS =
  'id, seq, program_id, reward_id, member_id, posting_id, points, status, code, note, refund_posting_id, created_at, resolved_at';

const COUNT_LIVE = prepared(
  'redemptions.count-live',
  `
  SELECT count(*)::int AS n FROM redemptions
   WHERE tenant_id = current_tenant_id() AND member_id = $1 AND reward_id = $2 AND status <> 'cancelled'`,
);
const HAS_FREE_CODE = prepared(
  'redemptions.has-free-code',
  'SELECT EXISTS (SELECT 1 FROM reward_codes WHERE reward_id = $1 AND redemption_id IS NULL) AS free',
);
// A reward made unlimited meanwhile (stock NULL) still passes: NULL - 1 stays NULL.
const TAKE_STOCK = prepared(
  'redemptions.take-stock',
  'UPDATE rewards SET stock = stock - 1 WHERE id = $1 AND (stock IS NULL OR stock > 0) RETURNING stock',
);
const RETURN_STOCK = prepared(
  'redemptions.return-stock',
  'UPDATE rewards SET stock = stock + 1 WHERE id = $1 AND stock IS NOT NULL',
);
// SKIP LOCKED: concurrent redemptions each take a different free code instead of queueing on one.
const TAKE_CODE = prepared(
  'redemptions.take-code',
  `
  UPDATE reward_codes SET redemption_id = $2, assigned_at = now()
   WHERE id = (SELECT id FROM reward_codes WHERE reward_id = $1 AND redemption_id IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING code`,
);
// A generated coupon code that collides with an earlier one inserts nothing; the caller draws again.
const INSERT = prepared(
  'redemptions.insert',
  `
  INSERT INTO redemptions (id, tenant_id, program_id, reward_id, member_id, posting_id, points, status, code, note, resolved_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $8 = 'fulfilled' THEN now() END)
  ON CONFLICT (reward_id, code) WHERE code IS NOT NULL DO NOTHING
  RETURNING ${COLUMNS}`,
);

export interface NewRedemption {
  id: string;
  tenantId: string;
  programId: string;
  rewardId: string;
  memberId: string;
  postingId: string;
  points: number;
  status: 'pending' | 'fulfilled';
  code: string | null;
  note: string | null;
}

export async function countLiveRedemptions(db: Db, memberId: string, rewardId: string): Promise<number> {
  return (await db.query<{ n: number }>(COUNT_LIVE([memberId, rewardId]))).rows[0]!.n;
}

export async function hasFreeCode(db: Db, rewardId: string): Promise<boolean> {
  return (await db.query<{ free: boolean }>(HAS_FREE_CODE([rewardId]))).rows[0]!.free;
}

/** Takes one unit of stock; false when none is left. */
export async function takeStock(db: Db, rewardId: string): Promise<boolean> {
  return (await db.query(TAKE_STOCK([rewardId]))).rows.length === 1;
}

export async function returnStock(db: Db, rewardId: string): Promise<void> {
  await db.query(RETURN_STOCK([rewardId]));
}

/** Assigns a free pool code to the redemption; undefined when the pool is empty. */
export async function takeCode(db: Db, rewardId: string, redemptionId: string): Promise<string | undefined> {
  return (await db.query<{ code: string }>(TAKE_CODE([rewardId, redemptionId]))).rows[0]?.code;
}

/** Undefined when the code is already taken for this reward. */
export async function insertRedemption(db: Db, r: NewRedemption): Promise<RedemptionRow | undefined> {
  const { rows } = await db.query<RedemptionRow>(
    INSERT([r.id, r.tenantId, r.programId, r.rewardId, r.memberId, r.postingId, r.points, r.status, r.code, r.note]),
  );
  return rows[0];
}

export async function findRedemption(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<RedemptionRow | undefined> {
  const { rows } = await db.query<RedemptionRow>(
    `SELECT ${COLUMNS} FROM redemptions WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0];
}

export async function resolveRedemption(
  db: Db,
  id: string,
  status: 'fulfilled' | 'cancelled',
  refundPostingId: string | null = null,
): Promise<RedemptionRow> {
  const { rows } = await db.query<RedemptionRow>(
    `UPDATE redemptions SET status = $2, refund_posting_id = $3, resolved_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, status, refundPostingId],
  );
  return rows[0]!;
}

export interface RedemptionFilter {
  memberId?: string;
  rewardId?: string;
  status?: string;
  beforeSeq?: string;
  limit: number;
}

/** Newest first; the cursor is the last seen sequence number. */
export async function listRedemptions(db: Db, f: RedemptionFilter): Promise<RedemptionRow[]> {
  const { rows } = await db.query<RedemptionRow>(
    `SELECT ${COLUMNS} FROM redemptions
      WHERE tenant_id = current_tenant_id() AND ($1::uuid IS NULL OR member_id = $1) AND ($2::uuid IS NULL OR reward_id = $2)
        AND ($3::text IS NULL OR status = $3) AND ($4::bigint IS NULL OR seq < $4)
      ORDER BY seq DESC LIMIT $5`,
    [f.memberId ?? null, f.rewardId ?? null, f.status ?? null, f.beforeSeq ?? null, f.limit],
  );
  return rows;
}

/** A member's non-cancelled redemptions per reward, for the catalogue. */
export async function liveRedemptionCounts(db: Db, memberId: string): Promise<Map<string, number>> {
  const { rows } = await db.query<{ reward_id: string; n: number }>(
    `SELECT reward_id, count(*)::int AS n FROM redemptions
      WHERE tenant_id = current_tenant_id() AND member_id = $1 AND status <> 'cancelled' GROUP BY reward_id`,
    [memberId],
  );
  return new Map(rows.map((r) => [r.reward_id, r.n]));
}

/** Which of these rewards have a free pool code: one index probe each, whatever the pool size. */
export async function rewardsWithFreeCodes(db: Db, rewardIds: readonly string[]): Promise<Set<string>> {
  if (rewardIds.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    `SELECT r.id FROM unnest($1::uuid[]) AS r(id)
      WHERE EXISTS (SELECT 1 FROM reward_codes c WHERE c.reward_id = r.id AND c.redemption_id IS NULL)`,
    [rewardIds],
  );
  return new Set(rows.map((r) => r.id));
}

/** Adds codes the pool does not hold yet; returns those it added. */
export async function importCodes(
  db: Db,
  tenantId: string,
  rewardId: string,
  codes: readonly string[],
): Promise<Set<string>> {
  const { rows } = await db.query<{ code: string }>(
    `INSERT INTO reward_codes (tenant_id, reward_id, code) SELECT $1, $2, c FROM unnest($3::text[]) AS c
     ON CONFLICT (reward_id, code) DO NOTHING RETURNING code`,
    [tenantId, rewardId, codes],
  );
  return new Set(rows.map((r) => r.code));
}

export async function codeSummary(
  db: Db,
  rewardId: string,
): Promise<{ total: number; available: number; assigned: number }> {
  const { rows } = await db.query<{ total: number; assigned: number }>(
    'SELECT count(*)::int AS total, count(redemption_id)::int AS assigned FROM reward_codes WHERE reward_id = $1',
    [rewardId],
  );
  const { total, assigned } = rows[0]!;
  return { total, available: total - assigned, assigned };
}
