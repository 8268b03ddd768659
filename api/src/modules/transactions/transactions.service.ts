import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { z } from 'zod';
import type {
  CampaignForCalculation,
  CompiledRules,
  PointsBreakdown,
  Purchase,
  refundBodySchema,
} from '@loyalty/shared';
import { calculatePoints, campaignAwards, PURCHASE_CLOCK_TOLERANCE_SECONDS } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { int } from '../../db/pool.ts';
import type { Principal } from '../auth/principal.ts';
import { appendEvents, type NewEvent } from '../outbox/outbox.repository.ts';
import { loadMemberFacts, type MemberFactsRow } from '../members/member-facts.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { findPosting, type PostingRow } from '../ledger/ledger.repository.ts';
import { postingView } from '../ledger/ledger-view.ts';
import {
  liveCampaignsForProgram,
  lockCampaignBudgets,
  participationCounts,
  recordParticipations,
} from '../campaigns/campaigns.earn.ts';
import { CAMPAIGN_CACHE_DAYS, type VersionedCache } from './program-config-cache.ts';
import { orderView } from './order-view.ts';
import { pointsToReverse } from './refund-math.ts';
import * as repo from './transactions.repository.ts';

type Tx = pg.PoolClient;

const tierOf = (m: MemberFactsRow) =>
  m.tierId ? { id: m.tierId, name: m.tier ?? '', multiplier: m.tierMultiplier } : null;
const DAY_MS = 86_400_000;
// A purchase may be stamped a little ahead of our clock (the till's clock drifts), not more.
const FUTURE_TOLERANCE_MS = PURCHASE_CLOCK_TOLERANCE_SECONDS * 1000;

export interface TransactionsDeps {
  ledger: LedgerService;
  rules: VersionedCache<CompiledRules>;
  campaigns: VersionedCache<readonly CampaignForCalculation[]>;
  now?: () => Date;
}

const contains = (c: CampaignForCalculation, at: Date) => c.startsAt <= at && at < c.endsAt;

export function createTransactionsService(deps: TransactionsDeps) {
  const now = deps.now ?? (() => new Date());

  async function context(tx: Tx, programId: string, memberId: string, orderRef: string | null) {
    const program = await repo.programForEarn(tx, programId, orderRef);
    if (!program) throw notFound('program');
    const member = await loadMemberFacts(tx, memberId);
    if (!member || member.programId !== programId) throw notFound('member');
    return { program, member };
  }

  /** The campaigns whose dates contain the purchase: from the program's cache unless it is older than the cache holds. */
  async function campaignsAt(tx: Tx, program: repo.ProgramForEarn, at: Date): Promise<CampaignForCalculation[]> {
    if (at.getTime() < now().getTime() - CAMPAIGN_CACHE_DAYS * DAY_MS)
      return liveCampaignsForProgram(tx, program.id, at);
    return (await deps.campaigns.get(tx, program.id, program.campaigns_version)).filter((c) => contains(c, at));
  }

  /**
   * The breakdown for one purchase. When it will be posted (`lockBudgets`) and draws on a
   * campaign budget, the budgeted campaigns are locked, their budgets read again, and the purchase
   * calculated again with those figures (a pure, cheap step). Purchases that draw on no budget
   * never wait on a campaign row.
   */
  async function evaluate(
    tx: Tx,
    member: MemberFactsRow,
    program: repo.ProgramForEarn,
    purchase: Purchase,
    lockBudgets: boolean,
  ): Promise<PointsBreakdown> {
    const occurredAt = new Date(purchase.occurredAt);
    if (occurredAt.getTime() > now().getTime() + FUTURE_TOLERANCE_MS) {
      throw new DomainError('validation_failed', 'purchase.occurredAt is in the future', {
        field: 'purchase.occurredAt',
      });
    }
    const rules = await deps.rules.get(tx, program.id, program.rules_version);
    let campaigns = await campaignsAt(tx, program, occurredAt);
    const limited = campaigns.filter((c) => c.maxParticipationsPerMember !== null).map((c) => c.id);
    const input = {
      purchase,
      timezone: program.timezone,
      currency: program.currency,
      member,
      tier: tierOf(member),
      participations:
        limited.length > 0 ? await participationCounts(tx, member.memberId, limited) : new Map<string, number>(),
      maxPointsPerTransaction: program.settings.maxPointsPerTransaction ?? null,
      now: now(),
    };
    const breakdown = calculatePoints(rules, { ...input, campaigns });
    if (!lockBudgets) return breakdown;
    const budgeted = campaigns.filter((c) => c.budgetRemaining !== null).map((c) => c.id);
    const draws = campaignAwards(breakdown).some((a) => a.points > 0 && budgeted.includes(a.campaignId));
    if (!draws) return breakdown;
    // All of them, always in id order: a batch transaction that locks one set for one purchase
    // and another set for the next would deadlock with a batch doing the opposite.
    const fresh = await lockCampaignBudgets(tx, budgeted);
    campaigns = campaigns.map((c) => (fresh.has(c.id) ? { ...c, budgetRemaining: fresh.get(c.id)! } : c));
    return calculatePoints(rules, { ...input, campaigns });
  }

  async function currentPosting(tx: Tx, postingId: string | null): Promise<PostingRow | undefined> {
    return postingId ? findPosting(tx, postingId) : undefined;
  }

  /** A resent order: the first result when the details match, a 409 otherwise. */
  async function replay(tx: Tx, programId: string, orderRef: string, requestHash: string) {
    const existing = (await repo.findOrder(tx, programId, orderRef))!;
    if (existing.request_hash !== requestHash) {
      throw new DomainError('order_conflict', `order ${orderRef} was already recorded with different details`, {
        orderId: orderRef,
      });
    }
    return { replayed: true, body: await orderResult(tx, existing) };
  }

  /** The order with its current posting and the member's balance, as the API shows it. */
  async function orderResult(tx: Tx, order: repo.OrderRow) {
    const row = await currentPosting(tx, order.posting_id);
    const posting = row ? postingView(row) : null;
    return {
      order: orderView(order, posting),
      breakdown: order.breakdown,
      posting,
      balance: await deps.ledger.balance(tx, order.member_id),
    };
  }

  return {
    async simulate(tx: Tx, programId: string, memberId: string, purchase: Purchase) {
      const { program, member } = await context(tx, programId, memberId, null);
      const breakdown = await evaluate(tx, member, program, purchase, false);
      return {
        breakdown,
        tier: tierOf(member),
        confirmsAt:
          breakdown.approvalDays && breakdown.points > 0
            ? new Date(now().getTime() + breakdown.approvalDays * DAY_MS).toISOString()
            : null,
      };
    },

    /** Evaluates and posts one order; a resend of the same order (same body) returns the first result. */
    async record(
      tx: Tx,
      principal: Principal,
      programId: string,
      memberId: string,
      orderRef: string,
      purchase: Purchase,
      requestHash: string,
    ) {
      // The member's facts and campaign participations are read under the member's lock,
      // whichever process runs this (a failure below rolls back what the lock expired).
      await deps.ledger.lockMember(tx, principal, memberId);
      const { program, member } = await context(tx, programId, memberId, orderRef);
      if (program.existing_order_hash !== null) return replay(tx, programId, orderRef, requestHash);
      const breakdown = await evaluate(tx, member, program, purchase, true);
      const order = {
        id: randomUUID(),
        tenantId: principal.tenantId,
        programId,
        memberId,
        orderRef,
        requestHash,
        purchase,
        breakdown,
        postingId: null,
        createdAt: now(),
      };
      const confirmAt = breakdown.approvalDays ? new Date(now().getTime() + breakdown.approvalDays * DAY_MS) : null;
      const view = orderView(
        repo.newOrderRow(order),
        breakdown.points > 0
          ? { status: confirmAt ? 'pending' : 'posted', holdDeadline: confirmAt?.toISOString() ?? null }
          : null,
      );
      // What each campaign gave after the program cap; a campaign cut to 0 still took part.
      const awards = campaignAwards(breakdown);
      // Written with the posting's own events: one round trip.
      const created: NewEvent = {
        type: 'order_created',
        tenantId: principal.tenantId,
        programId,
        memberId,
        data: {
          order: view,
          points: breakdown.points,
          basePoints: breakdown.basePoints,
          tierBonus: breakdown.tierBonus,
          campaignBonus: breakdown.campaignBonus,
          campaigns: awards,
        },
      };
      const earn = {
        points: breakdown.points,
        reason: `order ${orderRef}`,
        orderId: orderRef,
        metadata: { orderId: order.id, amount: purchase.amount, currency: purchase.currency },
      };
      const result =
        breakdown.points === 0
          ? null
          : confirmAt
            ? await deps.ledger.earnPending(tx, principal, memberId, { ...earn, confirmAt }, [created])
            : await deps.ledger.earn(tx, principal, memberId, earn, [created]);
      if (!result) await appendEvents(tx, [created]);
      await recordParticipations(tx, {
        tenantId: principal.tenantId,
        memberId,
        postingId: result?.posting.id ?? null,
        orderId: order.id,
        awards,
      });
      await repo.insertOrder(tx, { ...order, postingId: result?.posting.id ?? null }).catch((err: unknown) => {
        // Another member's order with this id was recorded by a concurrent request.
        if ((err as { code?: string }).code === '23505')
          throw new DomainError('order_conflict', `order ${orderRef} was already recorded`, { orderId: orderRef });
        throw err;
      });
      return {
        replayed: false,
        body: {
          order: view,
          breakdown,
          posting: result?.posting ?? null,
          balance: result?.balance ?? (await deps.ledger.balance(tx, memberId)),
        },
      };
    },

    async find(tx: Tx, programId: string, orderRef: string) {
      const order = await repo.findOrder(tx, programId, orderRef);
      if (!order) throw notFound('order');
      return orderResult(tx, order);
    },

    /** Takes points back in proportion to the money refunded (see refund-math.ts). */
    async refund(
      tx: Tx,
      principal: Principal,
      programId: string,
      orderRef: string,
      body: z.output<typeof refundBodySchema>,
    ) {
      const order = await repo.findOrder(tx, programId, orderRef, { forUpdate: true });
      if (!order) throw notFound('order');
      const o = repo.orderAmounts(order);
      const remaining = o.amount - o.refunded;
      const amount = body.amount ?? remaining;
      if (remaining === 0 || amount > remaining) {
        throw new DomainError(
          'refund_exceeds_order',
          `only ${remaining} of this order's ${o.amount} can still be refunded`,
          { refundable: remaining, requested: amount },
        );
      }
      const due = pointsToReverse({
        points: o.points,
        amount: o.amount,
        refundedBefore: o.refunded,
        refund: amount,
        reversedBefore: o.reversed,
      });
      const reason = body.reason ?? `refund of order ${orderRef}`;
      const { taken, postingId } =
        due > 0 ? await takeBack(tx, principal, order, due, reason) : { taken: 0, postingId: order.posting_id };
      const { refund, order: after } = await repo.recordRefund(tx, {
        tenantId: principal.tenantId,
        orderId: order.id,
        amount,
        points: taken,
        reason: body.reason ?? null,
        postingId,
      });
      const current = await currentPosting(tx, after.posting_id);
      const view = orderView(after, current && postingView(current));
      const refundView = {
        id: refund.id,
        amount,
        points: taken,
        unrecoverablePoints: due - taken,
        reason: body.reason ?? null,
        createdAt: refund.created_at.toISOString(),
      };
      await appendEvents(tx, [
        {
          type: 'order_refunded',
          tenantId: principal.tenantId,
          programId,
          memberId: order.member_id,
          data: { order: view, refund: refundView },
        },
      ]);
      return { order: view, refund: refundView, balance: await deps.ledger.balance(tx, order.member_id) };
    },
  };

  /**
   * Takes `due` points back from the order's earn. Inside an approval window the hold is voided
   * and what is left is held anew until the same date; after it, the points are clawed back, as
   * far as the member still has them.
   */
  async function takeBack(
    tx: Tx,
    principal: Principal,
    order: repo.OrderRow,
    due: number,
    reason: string,
  ): Promise<{ taken: number; postingId: string | null }> {
    let posting = await currentPosting(tx, order.posting_id);
    if (!posting || posting.status === 'voided') return { taken: 0, postingId: order.posting_id };
    if (posting.status === 'pending' && posting.hold_deadline! <= now()) {
      await deps.ledger.resolveHold(tx, principal, posting.id, 'confirm');
      posting = (await currentPosting(tx, posting.id))!;
    }
    if (posting.status === 'pending') {
      const held = int(posting.points);
      await deps.ledger.resolveHold(tx, principal, posting.id, 'void');
      const left = held - due;
      if (left <= 0) return { taken: held, postingId: posting.id };
      const rehold = await deps.ledger.earnPending(tx, principal, order.member_id, {
        points: left,
        confirmAt: posting.hold_deadline!,
        reason: posting.reason ?? undefined,
        orderId: order.order_ref,
        metadata: posting.metadata,
      });
      return { taken: due, postingId: rehold.posting.id };
    }
    // Under the member's lock and after due points expired: what is there to take is what the reversal will find.
    const { available } = await deps.ledger.lockMember(tx, principal, order.member_id);
    const reversible = await deps.ledger.reversibleOf(tx, posting.id);
    const take = Math.min(due, available, reversible);
    if (take > 0) await deps.ledger.reverse(tx, principal, posting.id, { points: take, reason });
    return { taken: take, postingId: posting.id };
  }
}
export type TransactionsService = ReturnType<typeof createTransactionsService>;
