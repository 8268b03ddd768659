import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { z } from 'zod';
import type { memberCatalogueQuerySchema, redeemRewardBodySchema, redemptionListQuerySchema } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { int } from '../../db/pool.ts';
import { page, parseSeqCursor } from '../../http/cursor.ts';
import type { Principal } from '../auth/principal.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { campaignIsActive } from '../campaigns/campaigns.lookup.ts';
import { createLedgerService, type LedgerService } from '../ledger/ledger.service.ts';
import type { BalanceView } from '../ledger/ledger-view.ts';
import { loadMemberFacts, type MemberFactsRow } from '../members/member-facts.ts';
import { appendEvents } from '../outbox/outbox.repository.ts';
import { generateCouponCode } from './coupon-code.ts';
import { decideRedemption, type RedemptionDecision } from './redemption-decision.ts';
import * as redemptions from './redemptions.repository.ts';
import {
  definitionOf,
  redemptionView,
  rewardTerms,
  rewardView,
  usesCodePool,
  type RedemptionRow,
  type RedemptionView,
  type RewardRecord,
} from './reward-view.ts';
import { findLiveReward, listActiveRewards, rewardExists } from './rewards.repository.ts';

// The redemption flow of spec 3.3: check the reward and the member, take stock and a code,
// deduct the points through the ledger, record the redemption, announce it; all in one
// transaction, in the member's lane of the posting executor. Refusals are specific 4xx codes
// and write nothing.
//
// Fulfilment: a redemption that hands out a code (a pooled digital code, a coupon) is
// fulfilled at once, since the code is delivered in the response and cannot be taken back.
// Physical, experience and non-pooled digital rewards stay pending until fulfilled or cancelled;
// cancelling refunds the points and puts the unit back in stock.

type Tx = pg.PoolClient;
export interface RedemptionResult {
  redemption: RedemptionView;
  balance: BalanceView;
}

/** A generated coupon colliding 5 times in a row means the code space is exhausted, not bad luck. */
const COUPON_ATTEMPTS = 5;

function refuseUnless(decision: RedemptionDecision): void {
  if (!decision.ok) throw new DomainError(decision.code, decision.message, decision.details);
}

async function loadMember(tx: Tx, memberId: string): Promise<MemberFactsRow> {
  const member = await loadMemberFacts(tx, memberId);
  if (!member) throw notFound('member');
  return member;
}

export function createRedemptionsService(opts: { now?: () => Date; ledger?: LedgerService } = {}) {
  const now = opts.now ?? (() => new Date());
  // Only an injected clock is handed on: without one the ledger lets the database stamp postings.
  const ledger = opts.ledger ?? createLedgerService(opts.now);

  /** Records the redemption with its code: a pooled one, a freshly drawn coupon, or none. */
  async function record(
    tx: Tx,
    reward: RewardRecord,
    base: Omit<redemptions.NewRedemption, 'status' | 'code'>,
  ): Promise<RedemptionRow> {
    if (usesCodePool(reward)) {
      const code = await redemptions.takeCode(tx, reward.id, base.id);
      if (code === undefined)
        throw new DomainError('out_of_stock', 'this reward is out of stock: its code pool is empty');
      return (await redemptions.insertRedemption(tx, { ...base, status: 'fulfilled', code }))!;
    }
    if (reward.type !== 'coupon')
      return (await redemptions.insertRedemption(tx, { ...base, status: 'pending', code: null }))!;
    const settings = definitionOf(reward).details as { codePrefix: string; codeLength: number };
    for (let attempt = 0; attempt < COUPON_ATTEMPTS; attempt++) {
      const row = await redemptions.insertRedemption(tx, {
        ...base,
        status: 'fulfilled',
        code: generateCouponCode(settings),
      });
      if (row) return row;
    }
    throw new Error(`coupon code space of reward ${reward.id} is exhausted: lengthen its codes`);
  }

  return {
    async redeem(
      tx: Tx,
      p: Principal,
      memberId: string,
      body: z.output<typeof redeemRewardBodySchema>,
    ): Promise<RedemptionResult> {
      const at = now();
      const member = await loadMember(tx, memberId);
      const reward = await findLiveReward(tx, body.rewardId);
      if (!reward || reward.programId !== member.programId)
        throw new DomainError('reward_not_found', "no such reward in the member's program", { field: 'rewardId' });
      const terms = rewardTerms(reward);
      // Read before any lock, to refuse early and cheaply; limit and stock are checked again below.
      refuseUnless(
        decideRedemption(terms, {
          now: at,
          member,
          checkPoints: false,
          campaignActive: reward.campaignId ? await campaignIsActive(tx, reward.campaignId, at) : true,
          redeemedCount:
            terms.perMemberLimit === null ? 0 : await redemptions.countLiveRedemptions(tx, memberId, reward.id),
          codeAvailable: terms.usesCodePool ? await redemptions.hasFreeCode(tx, reward.id) : true,
        }),
      );

      const id = randomUUID();
      const points = int(reward.pointsCost);
      // The ledger takes the member's balance lock and answers insufficient_points; from here on
      // this member's other redemptions wait for this transaction, so the count below is exact.
      const debit = await ledger.redeem(tx, p, memberId, {
        points,
        reason: `reward: ${reward.name}`,
        metadata: { rewardId: reward.id, redemptionId: id },
      });
      if (terms.perMemberLimit !== null) {
        const redeemed = await redemptions.countLiveRedemptions(tx, memberId, reward.id);
        if (redeemed >= terms.perMemberLimit) {
          throw new DomainError(
            'redemption_limit_reached',
            `a member may redeem this reward ${terms.perMemberLimit} time(s)`,
            { limit: terms.perMemberLimit, redeemed },
          );
        }
      }
      if (terms.stock !== null && !(await redemptions.takeStock(tx, reward.id)))
        throw new DomainError('out_of_stock', 'this reward is out of stock');
      const row = await record(tx, reward, {
        id,
        tenantId: p.tenantId,
        programId: reward.programId,
        rewardId: reward.id,
        memberId,
        postingId: debit.posting.id,
        points,
        note: body.note ?? null,
      });

      // Events carry ids and amounts only: no code (a bearer voucher) and no note (may hold an address).
      const data = {
        redemptionId: id,
        rewardId: reward.id,
        rewardType: reward.type,
        memberId,
        points,
        postingId: debit.posting.id,
        status: row.status,
      };
      const base = { tenantId: p.tenantId, programId: reward.programId, memberId };
      await appendEvents(tx, [
        { ...base, type: 'reward_redeemed', data },
        ...(row.status === 'fulfilled' ? [{ ...base, type: 'redemption_fulfilled' as const, data }] : []),
      ]);
      return { redemption: redemptionView(row), balance: debit.balance };
    },

    async fulfil(tx: Tx, p: Principal, id: string, requestId: string): Promise<RedemptionView> {
      const found = await pendingRedemption(tx, id);
      const after = redemptionView(await redemptions.resolveRedemption(tx, id, 'fulfilled'));
      await announceResolution(tx, p, 'redemption_fulfilled', found, after, requestId);
      return after;
    },

    async cancel(tx: Tx, p: Principal, id: string, reason: string, requestId: string): Promise<RedemptionResult> {
      const found = await pendingRedemption(tx, id);
      const refund = await ledger.reverse(tx, p, found.posting_id, {
        reason,
        metadata: { redemptionId: id, rewardId: found.reward_id },
      });
      // The unit goes back on the shelf; a code already handed out is never pooled again.
      await redemptions.returnStock(tx, found.reward_id);
      const after = redemptionView(await redemptions.resolveRedemption(tx, id, 'cancelled', refund.posting.id));
      await announceResolution(tx, p, 'redemption_cancelled', found, after, requestId, reason);
      return { redemption: after, balance: refund.balance };
    },

    /** The member a redemption belongs to, so the caller can run in that member's lane. */
    async memberOf(tx: Tx, id: string): Promise<string | undefined> {
      return (await redemptions.findRedemption(tx, id))?.member_id;
    },

    async get(tx: Tx, id: string): Promise<RedemptionView> {
      const found = await redemptions.findRedemption(tx, id);
      if (!found) throw notFound('redemption');
      return redemptionView(found);
    },

    async listForMember(tx: Tx, memberId: string, q: z.output<typeof redemptionListQuerySchema>) {
      await loadMember(tx, memberId);
      const rows = await redemptions.listRedemptions(tx, {
        memberId,
        status: q.status,
        beforeSeq: parseSeqCursor(q.cursor),
        limit: q.limit + 1,
      });
      return page(rows, q.limit, redemptionView, (r) => r.seq);
    },

    async listForReward(tx: Tx, rewardId: string, q: z.output<typeof redemptionListQuerySchema>) {
      if (!(await rewardExists(tx, rewardId))) throw notFound('reward');
      const rows = await redemptions.listRedemptions(tx, {
        rewardId,
        status: q.status,
        beforeSeq: parseSeqCursor(q.cursor),
        limit: q.limit + 1,
      });
      return page(rows, q.limit, redemptionView, (r) => r.seq);
    },

    /** What the member could redeem now: every active reward of the program, each with the verdict. */
    async catalogue(tx: Tx, memberId: string, q: z.output<typeof memberCatalogueQuerySchema>) {
      const at = now();
      const member = await loadMember(tx, memberId);
      const rewards = await listActiveRewards(tx, member.programId, q.type);
      const counts = await redemptions.liveRedemptionCounts(tx, memberId);
      const withCodes = await redemptions.rewardsWithFreeCodes(
        tx,
        rewards.filter(usesCodePool).map((r) => r.id),
      );
      const campaignIds = [...new Set(rewards.flatMap((r) => (r.campaignId ? [r.campaignId] : [])))];
      const liveCampaigns = new Set<string>();
      for (const c of campaignIds) if (await campaignIsActive(tx, c, at)) liveCampaigns.add(c);
      const items = rewards.map((r) => {
        const d = decideRedemption(rewardTerms(r), {
          now: at,
          member,
          checkPoints: true,
          campaignActive: r.campaignId !== null && liveCampaigns.has(r.campaignId),
          redeemedCount: counts.get(r.id) ?? 0,
          codeAvailable: withCodes.has(r.id),
        });
        return { reward: rewardView(r), eligible: d.ok, reason: d.ok ? null : { code: d.code, message: d.message } };
      });
      return q.eligibleOnly ? items.filter((i) => i.eligible) : items;
    },
  };

  async function pendingRedemption(tx: Tx, id: string): Promise<RedemptionRow> {
    const found = await redemptions.findRedemption(tx, id, { forUpdate: true });
    if (!found) throw notFound('redemption');
    if (found.status !== 'pending')
      throw new DomainError(
        'redemption_not_pending',
        `this redemption is ${found.status}; only a pending one can be fulfilled or cancelled`,
        { status: found.status },
      );
    return found;
  }

  async function announceResolution(
    tx: Tx,
    p: Principal,
    type: 'redemption_fulfilled' | 'redemption_cancelled',
    before: RedemptionRow,
    after: RedemptionView,
    requestId: string,
    reason?: string,
  ): Promise<void> {
    await recordAudit(tx, {
      tenantId: p.tenantId,
      actor: p.actor,
      action: type.replace('_', '.'),
      entityType: 'redemption',
      entityId: after.id,
      before: { status: before.status },
      after: { status: after.status, refundPostingId: after.refundPostingId, ...(reason ? { reason } : {}) },
      requestId,
    });
    const data = {
      redemptionId: after.id,
      rewardId: after.rewardId,
      memberId: after.memberId,
      points: after.points,
      refundPostingId: after.refundPostingId,
    };
    await appendEvents(tx, [
      { type, tenantId: p.tenantId, programId: after.programId, memberId: after.memberId, data },
    ]);
  }
}
export type RedemptionsService = ReturnType<typeof createRedemptionsService>;
