import type { CampaignForCalculation, Condition } from '@loyalty/shared';
import { int, prepared, type Db } from '../../db/pool.ts';
import type { CampaignDefinition } from './campaigns.repository.ts';

// What the earn path needs from campaigns, as raw SQL on the `Db` interface so it runs inside the
// posting transaction. Per-member limits are safe without extra locks: the posting holds the
// member's balance lock, so one member's earns never run concurrently.
//
// Budgets: a budgeted campaign's remaining budget lives on its row (`bonus_awarded` against
// `budget_points`), so budgeted campaigns serialize their earns on that row: either through
// `lockBudgetedCampaigns` before the remaining budget is read, or in `recordParticipation`'s
// conditional UPDATE. Campaigns without a budget never touch their row at earn time, and their
// earns run in parallel. Postings of one batch transaction keep those row locks until the batch
// commits; a deadlock between batches (campaigns locked in different orders at different
// instants) is retried by the posting batcher.

const LIVE = `tenant_id = current_tenant_id() AND program_id = $1::uuid AND state = 'published' AND deleted_at IS NULL
               AND starts_at <= $2::timestamptz AND ends_at > $2::timestamptz`;

const LIVE_CAMPAIGNS = prepared('campaigns.live', `
  SELECT id::text AS id, name, starts_at, ends_at, definition, budget_points, bonus_awarded
    FROM campaigns WHERE ${LIVE}
   ORDER BY starts_at, id`);

const LOCK_BUDGETED = prepared('campaigns.lock_budgeted', `
  SELECT id FROM campaigns WHERE ${LIVE} AND budget_points IS NOT NULL ORDER BY id FOR UPDATE`);

const PARTICIPATION_COUNTS = prepared('campaigns.participation_counts', `
  SELECT campaign_id::text AS campaign_id, count(*)::int AS n FROM campaign_participations
   WHERE member_id = $1::uuid AND campaign_id = ANY($2::uuid[])
   GROUP BY campaign_id`);

// One statement: the conditional UPDATE spends the budget (it waits for, then re-reads, a row
// another earn is updating), and the participation is inserted only if it did, or if the campaign
// has no budget.
const RECORD = prepared('campaigns.record_participation', `
  WITH spent AS (
         UPDATE campaigns SET bonus_awarded = bonus_awarded + $5::bigint
          WHERE id = $2::uuid AND budget_points IS NOT NULL AND bonus_awarded + $5::bigint <= budget_points
         RETURNING id),
       unlimited AS (SELECT id FROM campaigns WHERE id = $2::uuid AND budget_points IS NULL)
  INSERT INTO campaign_participations (tenant_id, campaign_id, member_id, posting_id, order_id, bonus_points)
  SELECT $1::uuid, $2::uuid, $3::uuid, $4::uuid, $6::uuid, $5::bigint
   WHERE EXISTS (SELECT 1 FROM spent) OR EXISTS (SELECT 1 FROM unlimited)
  RETURNING id`);

// Every published campaign still running `since` on: the earn path caches this per program and
// picks, per purchase, those whose dates contain it (the calculator checks the dates).
const PUBLISHED_CAMPAIGNS = prepared('campaigns.published', `
  SELECT id::text AS id, name, starts_at, ends_at, definition, budget_points, bonus_awarded
    FROM campaigns
   WHERE tenant_id = current_tenant_id() AND program_id = $1::uuid AND state = 'published' AND deleted_at IS NULL AND ends_at > $2::timestamptz
   ORDER BY starts_at, id`);

const LOCK_BUDGETS = prepared('campaigns.lock_budgets', `
  SELECT id::text AS id, greatest(budget_points - bonus_awarded, 0) AS remaining
    FROM campaigns WHERE id = ANY($1::uuid[]) AND budget_points IS NOT NULL ORDER BY id FOR UPDATE`);

// The caller holds the budgeted campaigns' locks and checked their budgets (lockCampaignBudgets),
// so the budget update cannot fail; the CHECK constraint on campaigns guards it all the same.
// (A data-modifying CTE runs whether or not the main statement reads it.)
const RECORD_ALL = prepared('campaigns.record_participations', `
  WITH awards AS (SELECT * FROM unnest($5::uuid[], $6::bigint[]) AS a(campaign_id, points)),
  spent AS (
    UPDATE campaigns c SET bonus_awarded = c.bonus_awarded + a.points
      FROM awards a WHERE c.id = a.campaign_id AND c.budget_points IS NOT NULL AND a.points > 0)
  INSERT INTO campaign_participations (tenant_id, campaign_id, member_id, posting_id, order_id, bonus_points)
  SELECT $1::uuid, a.campaign_id, $2::uuid, $3::uuid, $4::uuid, a.points FROM awards a`);

interface LiveRow {
  id: string;
  name: string;
  starts_at: Date;
  ends_at: Date;
  definition: CampaignDefinition;
  budget_points: string | null;
  bonus_awarded: string;
}

/** Published, not deleted campaigns of the program with `at` in [startsAt, endsAt), in start order. */
export async function liveCampaignsForProgram(db: Db, programId: string, at: Date): Promise<CampaignForCalculation[]> {
  const { rows } = await db.query<LiveRow>(LIVE_CAMPAIGNS([programId, at]));
  return rows.map(forCalculation);
}

/** Published, not deleted campaigns of the program that end after `since`, in start order. */
export async function publishedCampaignsForProgram(db: Db, programId: string, since: Date): Promise<CampaignForCalculation[]> {
  const { rows } = await db.query<LiveRow>(PUBLISHED_CAMPAIGNS([programId, since]));
  return rows.map(forCalculation);
}

function forCalculation(r: LiveRow): CampaignForCalculation {
  const d = r.definition;
  return {
    id: r.id,
    name: r.name,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    ...(d.condition ? { condition: d.condition as Condition } : {}),
    segmentIds: d.segmentIds,
    bonus: d.bonus,
    maxParticipationsPerMember: d.maxParticipationsPerMember,
    budgetRemaining: r.budget_points === null ? null : Math.max(0, int(r.budget_points) - int(r.bonus_awarded)),
  };
}

/**
 * Locks the budgeted ones among `campaignIds` (in id order, so two earns never lock them in
 * opposite orders) until the transaction ends, and returns their remaining budgets: what is read
 * here cannot be spent by anyone else before this transaction ends.
 */
export async function lockCampaignBudgets(db: Db, campaignIds: string[]): Promise<Map<string, number>> {
  if (campaignIds.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; remaining: string }>(LOCK_BUDGETS([campaignIds]));
  return new Map(rows.map((r) => [r.id, int(r.remaining)]));
}

/**
 * Records every campaign award of one purchase in one statement, spending budgeted campaigns'
 * budgets. The caller must hold those campaigns' locks and have checked the budgets.
 */
export async function recordParticipations(
  db: Db, p: { tenantId: string; memberId: string; postingId: string | null; orderId: string | null; awards: { campaignId: string; points: number }[] },
): Promise<void> {
  if (p.awards.length === 0) return;
  await db.query(RECORD_ALL([p.tenantId, p.memberId, p.postingId, p.orderId, p.awards.map((a) => a.campaignId), p.awards.map((a) => a.points)]));
}

/**
 * Locks the program's live budgeted campaigns (in id order, so two earns never lock them in
 * opposite orders) until the transaction ends. Call it before `liveCampaignsForProgram` when the
 * bonus will be posted: the remaining budget read after it cannot be spent by anyone else.
 */
export async function lockBudgetedCampaigns(db: Db, programId: string, at: Date): Promise<void> {
  await db.query(LOCK_BUDGETED([programId, at]));
}

/** How many times the member already took part in each campaign (0 included). */
export async function participationCounts(db: Db, memberId: string, campaignIds: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>(campaignIds.map((id) => [id, 0]));
  if (campaignIds.length === 0) return counts;
  const { rows } = await db.query<{ campaign_id: string; n: number }>(PARTICIPATION_COUNTS([memberId, campaignIds]));
  for (const r of rows) counts.set(r.campaign_id, r.n);
  return counts;
}

export interface NewParticipation {
  tenantId: string;
  campaignId: string;
  memberId: string;
  postingId: string | null;
  orderId: string | null;
  bonusPoints: number;
}

/**
 * Records one bonus given by a campaign. A budgeted campaign's budget is consumed in the same
 * statement; when it cannot cover `bonusPoints`, nothing is written and the answer is false.
 */
export async function recordParticipation(db: Db, p: NewParticipation): Promise<boolean> {
  if (!Number.isSafeInteger(p.bonusPoints) || p.bonusPoints < 0) throw new Error(`bonusPoints must be a whole number >= 0, got ${p.bonusPoints}`);
  const { rows } = await db.query(RECORD([p.tenantId, p.campaignId, p.memberId, p.postingId, p.bonusPoints, p.orderId]));
  return rows.length === 1;
}
