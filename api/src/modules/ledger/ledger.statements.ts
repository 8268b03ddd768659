import { prepared } from '../../db/pool.ts';
import { TIER_INPUTS_SQL } from '../tiers/tier-assignment.ts';

// The hot path's SQL as prepared statements: parsed and planned once per connection.

export const POSTING_COLUMNS = `id, seq, program_id, member_id, kind, status, points, reason, order_ref, reverses_id, hold_deadline,
  on_deadline, expires_at, actor_type, actor_id, metadata, created_at, resolved_at`;

export const LOCK_BALANCE = prepared(
  'ledger.lock-balance',
  `
  SELECT b.member_id, m.program_id, b.available, b.pending, b.lifetime_earned, b.lifetime_redeemed,
         (p.settings->>'pointsExpiryDays')::int AS expiry_days, coalesce((p.settings->>'maxHoldDays')::int, 90) AS max_hold_days,
         ${TIER_INPUTS_SQL}
    FROM member_balances b JOIN members m ON m.id = b.member_id JOIN programs p ON p.id = m.program_id
   WHERE b.member_id = $1 AND m.deleted_at IS NULL
     FOR UPDATE OF b`,
);

export const APPLY_BALANCE_DELTA = prepared(
  'ledger.apply-balance-delta',
  `
  UPDATE member_balances
     SET available = available + $2, pending = pending + $3,
         lifetime_earned = lifetime_earned + $4, lifetime_redeemed = lifetime_redeemed + $5, updated_at = now()
   WHERE member_id = $1
  RETURNING member_id, available, pending, lifetime_earned, lifetime_redeemed, tier_id`,
);

/** The posting, its two entries and, for credits, its bucket, in one statement. */
export const INSERT_POSTING = prepared(
  'ledger.insert-posting',
  `
  WITH posting AS (
    INSERT INTO postings (tenant_id, program_id, member_id, kind, status, points, reason, order_ref, reverses_id,
                          hold_deadline, expires_at, actor_type, actor_id, metadata, on_deadline, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $20, coalesce($21::timestamptz, now()))
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
);

export const INSERT_ENTRIES = prepared(
  'ledger.insert-entries',
  `
  INSERT INTO ledger_entries (tenant_id, posting_id, account, account_id, amount)
  SELECT $1, $2, * FROM unnest($3::text[], $4::uuid[], $5::bigint[])`,
);

/** Spendable buckets, the one expiring first first (never-expiring last), locked for the spend. */
export const SPENDABLE_BUCKETS = prepared(
  'ledger.spendable-buckets',
  `
  SELECT id, posting_id, remaining FROM point_buckets
   WHERE member_id = $1 AND remaining > 0 AND (expires_at IS NULL OR expires_at > $2)
   ORDER BY expires_at NULLS LAST, id FOR UPDATE`,
);

export const TAKE_FROM_BUCKETS = prepared(
  'ledger.take-from-buckets',
  `
  UPDATE point_buckets b SET remaining = b.remaining - t.take
    FROM unnest($1::bigint[], $2::bigint[]) AS t(id, take) WHERE b.id = t.id`,
);

export const EXPIRED_BUCKETS = prepared(
  'ledger.expired-buckets',
  `
  SELECT id, remaining FROM point_buckets WHERE member_id = $1 AND remaining > 0 AND expires_at <= $2 ORDER BY id FOR UPDATE`,
);
