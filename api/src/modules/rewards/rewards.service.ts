import type pg from 'pg';
import type { z } from 'zod';
import {
  MAX_REWARD_STOCK,
  REWARD_DETAILS_SCHEMAS,
  REWARD_DETAILS_SENT_SCHEMAS,
  type CreateRewardBody,
  type RewardType,
  type UpdateRewardBody,
  type rewardListQuerySchema,
} from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { page, parseIdCursor } from '../../http/cursor.ts';
import { prismaSql, type PrismaTx } from '../../db/prisma.ts';
import type { Db } from '../../db/pool.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { appendEvents } from '../outbox/outbox.repository.ts';
import { programExists } from '../programs/programs.repository.ts';
import { codeSummary, importCodes } from './redemptions.repository.ts';
import {
  definitionOf,
  rewardView,
  usesCodePool,
  type RewardDefinition,
  type RewardRecord,
  type RewardView,
} from './reward-view.ts';
import {
  campaignInProgram,
  findLiveReward,
  listRewards,
  missingTiers,
  rewardsRepository as repo,
  type RewardColumns,
} from './rewards.repository.ts';

// The reward catalogue's configuration: create, list, read, patch, soft-delete, and the code
// pools of digital rewards. Every change is audited and announced in its own transaction.

type Issue = { in: 'body'; path: string; message: string };
const invalid = (issues: Issue[]) =>
  new DomainError('validation_failed', `invalid body: ${issues[0]!.path} ${issues[0]!.message}`, { issues });
const date = (s: string | null) => (s === null ? null : new Date(s));
const pick = <T>(patch: T | undefined, current: T): T => (patch === undefined ? current : patch);

/** Tier and campaign ids must name live entities of the reward's own program (404 otherwise). */
async function checkReferences(
  db: Db,
  programId: string,
  r: { tierIds: readonly string[]; campaignId: string | null },
): Promise<void> {
  const issues: Issue[] = [];
  const missing = new Set(await missingTiers(db, programId, r.tierIds));
  r.tierIds.forEach(
    (id, i) =>
      missing.has(id) && issues.push({ in: 'body', path: `tierIds.${i}`, message: `no tier ${id} in this program` }),
  );
  if (r.campaignId && !(await campaignInProgram(db, programId, r.campaignId))) {
    issues.push({ in: 'body', path: 'campaignId', message: `no campaign ${r.campaignId} in this program` });
  }
  if (issues.length > 0) throw new DomainError('not_found', `${issues[0]!.path}: ${issues[0]!.message}`, { issues });
}

function parseDetails(type: RewardType, input: unknown): RewardDefinition['details'] {
  const parsed = (REWARD_DETAILS_SCHEMAS[type] as z.ZodType<RewardDefinition['details']>).safeParse(input);
  if (parsed.success) return parsed.data;
  // The schema let through only details of some type: another type's are not for this reward.
  if (!REWARD_DETAILS_SENT_SCHEMAS[type].safeParse(input).success)
    throw new DomainError('conflict', `these are not ${type} reward details: a reward's type is fixed once created`, {
      field: 'details',
      type,
    });
  throw invalid(
    parsed.error.issues.map((i) => ({
      in: 'body',
      path: ['details', ...i.path].join('.'),
      message: `${i.message} (${type} reward details)`,
    })),
  );
}

export function createRewardsService() {
  async function announce(
    tx: PrismaTx,
    p: Principal,
    type: 'reward_created' | 'reward_updated' | 'reward_deleted',
    before: RewardView | undefined,
    after: RewardView,
    requestId: string,
  ) {
    const sql = prismaSql(tx);
    await recordAudit(sql, {
      tenantId: p.tenantId,
      actor: p.actor,
      action: type.replace('_', '.'),
      entityType: 'reward',
      entityId: after.id,
      ...(before ? { before } : {}),
      ...(type === 'reward_deleted' ? {} : { after }),
      requestId,
    });
    await appendEvents(sql, [{ type, tenantId: p.tenantId, programId: after.programId, data: { reward: after } }]);
  }

  async function load(tx: PrismaTx, id: string): Promise<RewardRecord> {
    const reward = await repo.find(tx, id);
    if (!reward) throw notFound('reward');
    return reward;
  }

  return {
    async create(
      tx: PrismaTx,
      p: Principal,
      programId: string,
      body: CreateRewardBody,
      requestId: string,
    ): Promise<RewardView> {
      const sql = prismaSql(tx);
      if (!(await programExists(sql, programId))) throw notFound('program');
      await checkReferences(sql, programId, body);
      const created = rewardView(
        await repo.create(tx, {
          tenantId: p.tenantId,
          programId,
          type: body.type,
          name: body.name,
          pointsCost: body.pointsCost,
          stock: body.stock,
          validFrom: date(body.validFrom),
          validUntil: date(body.validUntil),
          perMemberLimit: body.perMemberLimit,
          campaignId: body.campaignId,
          tierIds: body.tierIds,
          active: body.active,
          definition: { description: body.description, condition: body.condition, details: body.details },
        }),
      );
      await announce(tx, p, 'reward_created', undefined, created, requestId);
      return created;
    },

    async list(tx: PrismaTx, programId: string, q: z.output<typeof rewardListQuerySchema>) {
      const sql = prismaSql(tx);
      if (!(await programExists(sql, programId))) throw notFound('program');
      const afterId = parseIdCursor(q.cursor);
      const rows = await listRewards(sql, { programId, afterId, limit: q.limit + 1, active: q.active, type: q.type });
      return page(rows, q.limit, rewardView, (r) => r.id, 'id');
    },

    async get(tx: PrismaTx, id: string): Promise<RewardView> {
      return rewardView(await load(tx, id));
    },

    async update(
      tx: PrismaTx,
      p: Principal,
      id: string,
      body: UpdateRewardBody,
      requestId: string,
    ): Promise<RewardView> {
      await repo.lock(tx, id);
      const found = await load(tx, id);
      const before = rewardView(found);
      const current = definitionOf(found);
      const next: Omit<RewardColumns, 'stock'> = {
        name: pick(body.name, found.name),
        pointsCost: pick(body.pointsCost, before.pointsCost),
        validFrom: body.validFrom === undefined ? found.validFrom : date(body.validFrom),
        validUntil: body.validUntil === undefined ? found.validUntil : date(body.validUntil),
        perMemberLimit: pick(body.perMemberLimit, found.perMemberLimit),
        campaignId: pick(body.campaignId, found.campaignId),
        tierIds: pick(body.tierIds, found.tierIds),
        active: pick(body.active, found.active),
        definition: {
          description: pick(body.description, current.description ?? null),
          condition: pick(body.condition, current.condition ?? null),
          details: body.details === undefined ? current.details : parseDetails(found.type, body.details),
        },
      };
      if (next.validFrom && next.validUntil && next.validUntil <= next.validFrom) {
        const issue = { in: 'body' as const, path: 'validUntil', message: 'validUntil must be after validFrom' };
        // Both in the patch: bad input. One of them stored: the patch conflicts with the reward.
        if (body.validFrom !== undefined && body.validUntil !== undefined) throw invalid([issue]);
        throw new DomainError(
          'conflict',
          `${issue.message} (the reward's current ${body.validFrom === undefined ? 'validFrom' : 'validUntil'})`,
          {
            issues: [issue],
          },
        );
      }
      await checkReferences(prismaSql(tx), found.programId, {
        tierIds: body.tierIds ?? [],
        campaignId: body.campaignId === undefined ? null : body.campaignId,
      });
      if (body.addStock !== undefined && found.stock === null) {
        throw new DomainError('conflict', 'this reward has unlimited stock: set stock to limit it, then add to it', {
          field: 'addStock',
        });
      }
      if (body.addStock !== undefined && found.stock! + body.addStock > MAX_REWARD_STOCK) {
        throw new DomainError('conflict', `would take the stock past ${MAX_REWARD_STOCK.toLocaleString('en')}`, {
          field: 'addStock',
          stock: found.stock,
        });
      }
      const stock = body.addStock !== undefined ? { increment: body.addStock } : pick(body.stock, found.stock);
      const after = rewardView(await repo.update(tx, id, { ...next, stock }));
      await announce(tx, p, 'reward_updated', before, after, requestId);
      return after;
    },

    /** Soft delete: the reward leaves the catalogue; its redemptions stay, and pending ones can still be fulfilled or cancelled. */
    async remove(tx: PrismaTx, p: Principal, id: string, requestId: string): Promise<void> {
      await repo.lock(tx, id);
      const before = rewardView(await load(tx, id));
      await repo.softDelete(tx, id);
      await announce(tx, p, 'reward_deleted', before, before, requestId);
    },

    async importCodes(tx: pg.PoolClient, p: Principal, rewardId: string, codes: readonly string[], requestId: string) {
      const reward = await findLiveReward(tx, rewardId);
      if (!reward) throw notFound('reward');
      if (!usesCodePool(reward))
        throw new DomainError('conflict', 'only a digital reward with codePool: true hands out imported codes');
      const inserted = await importCodes(tx, p.tenantId, rewardId, [...new Set(codes)]);
      // A code counts once as imported; every other occurrence (repeat or already pooled) is a duplicate.
      const taken = new Set<string>();
      const duplicateCodes = codes.filter((c) => {
        const duplicate = taken.has(c) || !inserted.has(c);
        taken.add(c);
        return duplicate;
      });
      const result = {
        imported: inserted.size,
        duplicates: duplicateCodes.length,
        duplicateCodes: duplicateCodes.slice(0, 1000),
      };
      await recordAudit(tx, {
        tenantId: p.tenantId,
        actor: p.actor,
        action: 'reward.codes_imported',
        entityType: 'reward',
        entityId: rewardId,
        after: { imported: result.imported, duplicates: result.duplicates },
        requestId,
      });
      return result;
    },

    async codesSummary(tx: pg.PoolClient, rewardId: string) {
      if (!(await findLiveReward(tx, rewardId))) throw notFound('reward');
      return codeSummary(tx, rewardId);
    },
  };
}
export type RewardsService = ReturnType<typeof createRewardsService>;
