import {
  campaignStatus,
  toProgramLocal,
  type CampaignBonus,
  type CampaignState,
  type CampaignView,
  type Condition,
} from '@loyalty/shared';
import type { Campaign, Prisma } from '../../generated/prisma/client.ts';
import type { PrismaTx } from '../../db/prisma.ts';
import { int, type Db } from '../../db/pool.ts';
import type { StatusBounds } from './campaign-editing.ts';

/** The campaign's `definition` column: everything the queries do not filter on. */
export interface CampaignDefinition {
  description: string | null;
  condition: Condition | null;
  segmentIds: string[];
  bonus: CampaignBonus;
  maxParticipationsPerMember: number | null;
}

export interface CampaignTotals {
  participants: number;
  participations: number;
  /** Sum of the participations' bonus points. */
  bonusGiven: number;
}
const NO_TOTALS: CampaignTotals = { participants: 0, participations: 0, bonusGiven: 0 };

/**
 * Budgeted campaigns count what they awarded on their row (the budget gate); unlimited ones never
 * touch it at earn time, so their participations are the count.
 */
export function bonusAwarded(c: Campaign, totals: CampaignTotals): number {
  return c.budgetPoints === null ? totals.bonusGiven : int(c.bonusAwarded);
}

export function campaignView(c: Campaign, timeZone: string, totals: CampaignTotals, now: Date): CampaignView {
  const d = c.definition as unknown as CampaignDefinition;
  const awarded = bonusAwarded(c, totals);
  const budget = c.budgetPoints === null ? null : int(c.budgetPoints);
  return {
    id: c.id,
    programId: c.programId,
    name: c.name,
    description: d.description,
    status: campaignStatus({ state: c.state as CampaignState, startsAt: c.startsAt, endsAt: c.endsAt }, now),
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    local: { timeZone, startsAt: toProgramLocal(c.startsAt, timeZone), endsAt: toProgramLocal(c.endsAt, timeZone) },
    condition: d.condition as Record<string, unknown> | null,
    segmentIds: d.segmentIds,
    bonus: d.bonus,
    maxParticipationsPerMember: d.maxParticipationsPerMember,
    budgetPoints: budget,
    bonusAwarded: awarded,
    budgetRemaining: budget === null ? null : Math.max(0, budget - awarded),
    participants: totals.participants,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export interface CampaignRow {
  name: string;
  startsAt: Date;
  endsAt: Date;
  definition: CampaignDefinition;
  budgetPoints: number | null;
}

const data = (c: CampaignRow) => ({
  name: c.name,
  startsAt: c.startsAt,
  endsAt: c.endsAt,
  definition: c.definition as unknown as Prisma.InputJsonValue,
  budgetPoints: c.budgetPoints === null ? null : BigInt(c.budgetPoints),
});

export const campaignsRepository = {
  find: (tx: PrismaTx, id: string) => tx.campaign.findFirst({ where: { id, deletedAt: null } }),
  /** Serializes edits of one campaign with each other and with budgeted earns. */
  lock: (tx: PrismaTx, id: string) => tx.$executeRaw`SELECT 1 FROM campaigns WHERE id = ${id}::uuid FOR UPDATE`,
  /** Oldest first, keyset-paged after `after` (excluded by id, so a cursor row that left the filter does not shift the page). */
  list: (tx: PrismaTx, programId: string, q: { bounds?: StatusBounds; after?: string; limit: number }) =>
    tx.campaign.findMany({
      where: { programId, deletedAt: null, ...q.bounds, ...(q.after ? { id: { not: q.after } } : {}) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      ...(q.after ? { cursor: { id: q.after } } : {}),
      take: q.limit,
    }),
  create: (tx: PrismaTx, c: CampaignRow & { tenantId: string; programId: string }) =>
    tx.campaign.create({ data: { ...data(c), tenantId: c.tenantId, programId: c.programId } }),
  update: (tx: PrismaTx, id: string, c: CampaignRow) =>
    tx.campaign.update({ where: { id }, data: { ...data(c), updatedAt: new Date() } }),
  setState: (tx: PrismaTx, id: string, state: CampaignState) =>
    tx.campaign.update({ where: { id }, data: { state, updatedAt: new Date() } }),
  softDelete: (tx: PrismaTx, id: string) =>
    tx.campaign.update({ where: { id }, data: { deletedAt: new Date(), updatedAt: new Date() } }),
};

/** Participation totals of several campaigns in one query. */
export async function campaignTotals(db: Db, campaignIds: readonly string[]): Promise<Map<string, CampaignTotals>> {
  const out = new Map<string, CampaignTotals>(campaignIds.map((id) => [id, NO_TOTALS]));
  if (campaignIds.length === 0) return out;
  const { rows } = await db.query<{ campaign_id: string; participants: number; participations: number; bonus: string }>(
    `
    SELECT campaign_id::text AS campaign_id, count(DISTINCT member_id)::int AS participants, count(*)::int AS participations,
           coalesce(sum(bonus_points), 0)::text AS bonus
      FROM campaign_participations WHERE campaign_id = ANY($1::uuid[])
     GROUP BY campaign_id`,
    [campaignIds],
  );
  for (const r of rows)
    out.set(r.campaign_id, {
      participants: r.participants,
      participations: r.participations,
      bonusGiven: int(r.bonus),
    });
  return out;
}

/**
 * A campaign that gets a budget starts counting from what its participations already gave
 * (normally nothing: budgets are added only before a campaign starts).
 */
export async function syncBonusAwarded(db: Db, campaignId: string): Promise<void> {
  await db.query(
    `UPDATE campaigns SET bonus_awarded = (SELECT coalesce(sum(bonus_points), 0) FROM campaign_participations WHERE campaign_id = $1::uuid)
                   WHERE id = $1::uuid`,
    [campaignId],
  );
}

export interface ParticipationRow {
  id: string;
  member_id: string;
  posting_id: string | null;
  order_id: string | null;
  bonus_points: string;
  created_at: Date;
}

/** A campaign's participations in the order they happened, after the participation `afterId`. */
export async function listParticipations(
  db: Db,
  campaignId: string,
  q: { memberId?: string; afterId?: string; limit: number },
): Promise<ParticipationRow[]> {
  const { rows } = await db.query<ParticipationRow>(
    `
    SELECT cp.id::text AS id, cp.member_id::text AS member_id, cp.posting_id::text AS posting_id,
           o.order_ref AS order_id, cp.bonus_points::text AS bonus_points, cp.created_at
      FROM campaign_participations cp
      LEFT JOIN orders o ON o.id = cp.order_id
     WHERE cp.tenant_id = current_tenant_id() AND cp.campaign_id = $1::uuid
       AND ($2::uuid IS NULL OR cp.member_id = $2::uuid) AND ($3::bigint IS NULL OR cp.id > $3::bigint)
     ORDER BY cp.id LIMIT $4`,
    [campaignId, q.memberId ?? null, q.afterId ?? null, q.limit],
  );
  return rows;
}
