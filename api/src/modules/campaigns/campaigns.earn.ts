import type { CampaignForCalculation, Condition } from '@loyalty/shared';
import { int, prepared, type Db } from '../../db/pool.ts';
import type { CampaignDefinition } from './campaigns.repository.ts';

// What the earn path needs from campaigns, as raw SQL on the `Db` interface so it runs inside the
// posting transaction. Per-member limits are counted under the member's balance lock (the
// transaction endpoint takes it first), so one member's earns never race.
//
// Budgets: a budgeted campaign's remaining budget lives on its row (`bonus_awarded` against
// `budget_points`). A purchase that draws on a budget locks the budgeted rows in id order
// (`lockCampaignBudgets`), reads what is left, gives at most that, and records it
// (`recordParticipations`); budgeted earns therefore serialize on those rows until their batch
// commits. Purchases that draw on no budget never touch a campaign row. A deadlock between
// batches is retried by the posting batcher.

const LIVE = `tenant_id = current_tenant_id() AND program_id = $1::uuid AND state = 'published' AND deleted_at IS NULL
               AND starts_at <= $2::timestamptz AND ends_at > $2::timestamptz`;

const LIVE_CAMPAIGNS = prepared(
  'campaigns.live',
  `
  SELECT id::text AS id, name, starts_at, ends_at, definition, budget_points, bonus_awarded
    FROM campaigns WHERE ${LIVE}
   ORDER BY starts_at, id`,
);

const PARTICIPATION_COUNTS = prepared(
  'campaigns.participation_counts',
  `
  SELECT campaign_id::text AS campaign_id, count(*)::int AS n FROM campaign_participations
   WHERE member_id = $1::uuid AND campaign_id = ANY($2::uuid[])
   GROUP BY campaign_id`,
);

// Every published campaign still running `since` on: the earn path caches this per program and
// picks, per purchase, those whose dates contain it (the calculator checks the dates).
const PUBLISHED_CAMPAIGNS = prepared(
  'campaigns.published',
  `
  SELECT id::text AS id, name, starts_at, ends_at, definition, budget_points, bonus_awarded
    FROM campaigns
   WHERE tenant_id = current_tenant_id() AND program_id = $1::uuid AND state = 'published' AND deleted_at IS NULL AND ends_at > $2::timestamptz
   ORDER BY starts_at, id`,
);

const LOCK_BUDGETS = prepared(
  'campaigns.lock_budgets',
  `
  SELECT id::text AS id, greatest(budget_points - bonus_awarded, 0) AS remaining
    FROM campaigns WHERE id = ANY($1::uuid[]) AND budget_points IS NOT NULL ORDER BY id FOR UPDATE`,
);

// The caller holds the budgeted campaigns' locks and checked their budgets (lockCampaignBudgets),
// so the budget update cannot fail; the CHECK constraint on campaigns guards it all the same.
// (A data-modifying CTE runs whether or not the main statement reads it.)
const RECORD_ALL = prepared(
  'campaigns.record_participations',
  `
  WITH awards AS (SELECT * FROM unnest($5::uuid[], $6::bigint[]) AS a(campaign_id, points)),
  spent AS (
    UPDATE campaigns c SET bonus_awarded = c.bonus_awarded + a.points
      FROM awards a WHERE c.id = a.campaign_id AND c.budget_points IS NOT NULL AND a.points > 0)
  INSERT INTO campaign_participations (tenant_id, campaign_id, member_id, posting_id, order_id, bonus_points)
  SELECT $1::uuid, a.campaign_id, $2::uuid, $3::uuid, $4::uuid, a.points FROM awards a`,
);

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
export async function publishedCampaignsForProgram(
  db: Db,
  programId: string,
  since: Date,
): Promise<CampaignForCalculation[]> {
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
  db: Db,
  p: {
    tenantId: string;
    memberId: string;
    postingId: string | null;
    orderId: string | null;
    awards: { campaignId: string; points: number }[];
  },
): Promise<void> {
  if (p.awards.length === 0) return;
  await db.query(
    RECORD_ALL([
      p.tenantId,
      p.memberId,
      p.postingId,
      p.orderId,
      p.awards.map((a) => a.campaignId),
      p.awards.map((a) => a.points),
    ]),
  );
}

/** How many times the member already took part in each campaign (0 included). */
export async function participationCounts(
  db: Db,
  memberId: string,
  campaignIds: string[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>(campaignIds.map((id) => [id, 0]));
  if (campaignIds.length === 0) return counts;
  const { rows } = await db.query<{ campaign_id: string; n: number }>(PARTICIPATION_COUNTS([memberId, campaignIds]));
  for (const r of rows) counts.set(r.campaign_id, r.n);
  return counts;
}
