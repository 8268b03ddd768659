import type { RewardType } from '@loyalty/shared';
import type { PrismaTx } from '../../db/prisma.ts';
import { prepared, type Db } from '../../db/pool.ts';
import type { RewardDefinition, RewardRecord } from './reward-view.ts';

// Rewards: configuration CRUD through Prisma; lists and the redemption path's reads in SQL,
// aliased to Prisma's field names so one view serves both.

export const REWARD_COLUMNS = `id, tenant_id AS "tenantId", program_id AS "programId", name, type, points_cost AS "pointsCost", stock,
  valid_from AS "validFrom", valid_until AS "validUntil", per_member_limit AS "perMemberLimit", campaign_id AS "campaignId",
  tier_ids AS "tierIds", active, definition, created_at AS "createdAt", updated_at AS "updatedAt", deleted_at AS "deletedAt"`;

const FIND_LIVE = prepared(
  'rewards.find-live',
  `SELECT ${REWARD_COLUMNS} FROM rewards WHERE id = $1 AND deleted_at IS NULL`,
);

export interface RewardColumns {
  name: string;
  pointsCost: number;
  stock: number | null;
  validFrom: Date | null;
  validUntil: Date | null;
  perMemberLimit: number | null;
  campaignId: string | null;
  tierIds: string[];
  active: boolean;
  definition: RewardDefinition;
}

export interface RewardListFilter {
  programId: string;
  afterId?: string;
  limit: number;
  active?: boolean;
  type?: RewardType;
}

const asRecord = (r: unknown) => r as RewardRecord;
const json = (d: RewardDefinition) => JSON.parse(JSON.stringify(d)) as object;

export const rewardsRepository = {
  find: async (tx: PrismaTx, id: string) =>
    (await tx.reward.findFirst({ where: { id, deletedAt: null } })) as RewardRecord | null,

  /** Serializes patches of one reward so a merge never loses a write; redemptions' FK checks still pass. */
  lock: (tx: PrismaTx, id: string) => tx.$executeRaw`SELECT 1 FROM rewards WHERE id = ${id}::uuid FOR NO KEY UPDATE`,

  create: async (tx: PrismaTx, r: RewardColumns & { tenantId: string; programId: string; type: RewardType }) =>
    asRecord(
      await tx.reward.create({ data: { ...r, pointsCost: BigInt(r.pointsCost), definition: json(r.definition) } }),
    ),

  update: async (
    tx: PrismaTx,
    id: string,
    r: Omit<RewardColumns, 'stock'> & { stock: number | null | { increment: number } },
  ) =>
    asRecord(
      await tx.reward.update({
        where: { id },
        data: { ...r, pointsCost: BigInt(r.pointsCost), definition: json(r.definition), updatedAt: new Date() },
      }),
    ),

  softDelete: (tx: PrismaTx, id: string) =>
    tx.reward.update({ where: { id }, data: { deletedAt: new Date(), updatedAt: new Date() } }),
};

/** A program's rewards in creation order; the cursor is the last id seen, compared in SQL at full precision. */
export async function listRewards(db: Db, f: RewardListFilter): Promise<RewardRecord[]> {
  const { rows } = await db.query<RewardRecord>(
    `SELECT ${REWARD_COLUMNS} FROM rewards
      WHERE tenant_id = current_tenant_id() AND program_id = $1::uuid AND deleted_at IS NULL
        AND ($2::uuid IS NULL OR (created_at, id) > (SELECT created_at, id FROM rewards WHERE id = $2::uuid))
        AND ($3::boolean IS NULL OR active = $3::boolean) AND ($4::text IS NULL OR type = $4::text)
      ORDER BY created_at, id LIMIT $5::int`,
    [f.programId, f.afterId ?? null, f.active ?? null, f.type ?? null, f.limit],
  );
  return rows;
}

/** A live (not deleted) reward, for the redemption path. */
export async function findLiveReward(db: Db, id: string): Promise<RewardRecord | undefined> {
  const { rows } = await db.query<RewardRecord>(FIND_LIVE([id]));
  return rows[0];
}

/** Deleted rewards too: their pending redemptions still need fulfilling. */
export async function rewardExists(db: Db, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM rewards WHERE id = $1', [id])).rows.length > 0;
}

/** What a member's catalogue offers: the program's active rewards, cheapest first. */
export async function listActiveRewards(db: Db, programId: string, type?: RewardType): Promise<RewardRecord[]> {
  const { rows } = await db.query<RewardRecord>(
    `SELECT ${REWARD_COLUMNS} FROM rewards
      WHERE tenant_id = current_tenant_id() AND program_id = $1 AND deleted_at IS NULL AND active AND ($2::text IS NULL OR type = $2)
      ORDER BY points_cost, created_at, id`,
    [programId, type ?? null],
  );
  return rows;
}

/** The ids among `tierIds` that are not live tiers of the program. */
export async function missingTiers(db: Db, programId: string, tierIds: readonly string[]): Promise<string[]> {
  if (tierIds.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    'SELECT id::text FROM tiers WHERE program_id = $1::uuid AND id = ANY($2::uuid[]) AND deleted_at IS NULL',
    [programId, tierIds],
  );
  const found = new Set(rows.map((r) => r.id));
  return tierIds.filter((id) => !found.has(id));
}

export async function campaignInProgram(db: Db, programId: string, campaignId: string): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM campaigns WHERE id = $1::uuid AND program_id = $2::uuid AND deleted_at IS NULL',
    [campaignId, programId],
  );
  return rows.length > 0;
}
