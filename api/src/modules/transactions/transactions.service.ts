import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { z } from 'zod';
import type { PointsBreakdown, Purchase, refundBodySchema } from '@loyalty/shared';
import { calculatePoints } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { int } from '../../db/pool.ts';
import type { Principal } from '../auth/principal.ts';
import { appendEvents } from '../outbox/outbox.repository.ts';
import { loadMemberFacts, type MemberFactsRow } from '../members/member-facts.ts';
import type { LedgerService } from '../ledger/ledger.service.ts';
import { findPosting, type PostingRow } from '../ledger/ledger.repository.ts';
import { postingView } from '../ledger/ledger-view.ts';
import { liveCampaignsForProgram, lockBudgetedCampaigns, participationCounts, recordParticipation } from '../campaigns/campaigns.earn.ts';
import type { CompiledRulesCache } from './compiled-rules-cache.ts';
import { orderView } from './order-view.ts';
import { pointsToReverse } from './refund-math.ts';
import * as repo from './transactions.repository.ts';

type Tx = pg.PoolClient;
const DAY_MS = 86_400_000;
// A purchase may be stamped a little ahead of our clock (the till's clock drifts), not more.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface TransactionsDeps {
  ledger: LedgerService;
  rules: CompiledRulesCache;
  now?: () => Date;
}

export function createTransactionsService(deps: TransactionsDeps) {
  const now = deps.now ?? (() => new Date());

  async function context(tx: Tx, programId: string, memberId: string) {
    const program = await repo.programForEarn(tx, programId);
    if (!program) throw notFound('program');
    const member = await loadMemberFacts(tx, memberId);
    if (!member || member.programId !== programId) throw notFound('member');
    return { program, member };
  }

  /** The breakdown for one purchase; `lockBudgets` when the result will be posted. */
  async function evaluate(tx: Tx, programId: string, member: MemberFactsRow, program: repo.ProgramForEarn, purchase: Purchase, lockBudgets: boolean): Promise<PointsBreakdown> {
    const occurredAt = new Date(purchase.occurredAt);
    if (occurredAt.getTime() > now().getTime() + FUTURE_TOLERANCE_MS) {
      throw new DomainError('validation_failed', 'purchase.occurredAt is in the future', { field: 'purchase.occurredAt' });
    }
    // Budgeted campaigns are locked before their remaining budget is read, so two concurrent
    // earns can never both spend the last of it (earns in such campaigns serialize on its row).
    if (lockBudgets) await lockBudgetedCampaigns(tx, programId, occurredAt);
    const campaigns = await liveCampaignsForProgram(tx, programId, occurredAt);
    const participations = campaigns.length > 0 ? await participationCounts(tx, member.memberId, campaigns.map((c) => c.id)) : new Map<string, number>();
    return calculatePoints(await deps.rules.get(tx, programId), {
      purchase,
      timezone: program.timezone,
      currency: program.currency,
      member,
      tier: member.tierId ? { id: member.tierId, name: member.tier ?? '', multiplier: member.tierMultiplier } : null,
      campaigns,
      participations,
      maxPointsPerTransaction: program.settings.maxPointsPerTransaction ?? null,
      now: now(),
    });
  }

  async function currentPosting(tx: Tx, postingId: string | null): Promise<PostingRow | undefined> {
    return postingId ? findPosting(tx, postingId) : undefined;
  }

  return {
    async simulate(tx: Tx, programId: string, memberId: string, purchase: Purchase) {
      const { program, member } = await context(tx, programId, memberId);
      const breakdown = await evaluate(tx, programId, member, program, purchase, false);
      return {
        breakdown,
        tier: member.tierId ? { id: member.tierId, name: member.tier ?? '', multiplier: member.tierMultiplier } : null,
        confirmsAt: breakdown.approvalDays && breakdown.points > 0 ? new Date(now().getTime() + breakdown.approvalDays * DAY_MS).toISOString() : null,
      };
    },

    /** Evaluates and posts one order; a resend of the same order (same body) returns the first result. */
    async record(tx: Tx, principal: Principal, programId: string, memberId: string, orderRef: string, purchase: Purchase, requestHash: string) {
      const existing = await repo.findOrder(tx, programId, orderRef);
      if (existing) {
        if (existing.request_hash !== requestHash) {
          throw new DomainError('order_conflict', `order ${orderRef} was already recorded with different details`, { orderId: orderRef });
        }
        const posting = await currentPosting(tx, existing.posting_id);
        return { replayed: true, body: { order: orderView(existing, posting), breakdown: existing.breakdown, posting: posting ? postingView(posting) : null, balance: await deps.ledger.balance(tx, existing.member_id) } };
      }
      const { program, member } = await context(tx, programId, memberId);
      const breakdown = await evaluate(tx, programId, member, program, purchase, true);
      const orderId = randomUUID();
      const earn = { points: breakdown.points, reason: `order ${orderRef}`, orderRef, metadata: { orderId, amount: purchase.amount, currency: purchase.currency } };
      const result = breakdown.points === 0 ? null
        : breakdown.approvalDays
          ? await deps.ledger.earnPending(tx, principal, memberId, { ...earn, confirmAt: new Date(now().getTime() + breakdown.approvalDays * DAY_MS) })
          : await deps.ledger.earn(tx, principal, memberId, earn);
      for (const line of breakdown.lines) {
        if (line.source !== 'campaign' || line.points === 0) continue;
        const recorded = await recordParticipation(tx, { tenantId: principal.tenantId, campaignId: line.campaignId, memberId, postingId: result?.posting.id ?? null, orderId, bonusPoints: line.points });
        // The budget row was locked before it was read, so it cannot have run out since.
        if (!recorded) throw new Error(`campaign ${line.campaignId} budget ran out under its own lock`);
      }
      const order = await repo.insertOrder(tx, {
        id: orderId, tenantId: principal.tenantId, programId, memberId, orderRef, requestHash, purchase, breakdown, postingId: result?.posting.id ?? null,
      }).catch((err: unknown) => {
        // Another member's order with this id was recorded by a concurrent request.
        if ((err as { code?: string }).code === '23505') throw new DomainError('order_conflict', `order ${orderRef} was already recorded`, { orderId: orderRef });
        throw err;
      });
      const posting = await currentPosting(tx, order.posting_id);
      const view = orderView(order, posting);
      await appendEvents(tx, [{
        type: 'order_created', tenantId: principal.tenantId, programId, memberId,
        data: { order: view, points: breakdown.points, basePoints: breakdown.basePoints, tierBonus: breakdown.tierBonus, campaignBonus: breakdown.campaignBonus,
          campaigns: breakdown.lines.flatMap((l) => (l.source === 'campaign' ? [{ campaignId: l.campaignId, points: l.points }] : [])) },
      }]);
      return { replayed: false, body: { order: view, breakdown, posting: posting ? postingView(posting) : null, balance: result?.balance ?? await deps.ledger.balance(tx, memberId) } };
    },

    async find(tx: Tx, programId: string, orderRef: string) {
      const order = await repo.findOrder(tx, programId, orderRef);
      if (!order) throw notFound('order');
      const posting = await currentPosting(tx, order.posting_id);
      return { order: orderView(order, posting), breakdown: order.breakdown, posting: posting ? postingView(posting) : null, balance: await deps.ledger.balance(tx, order.member_id) };
    },

    /** Takes points back in proportion to the money refunded (see refund-math.ts). */
    async refund(tx: Tx, principal: Principal, programId: string, orderRef: string, body: z.output<typeof refundBodySchema>) {
      const order = await repo.findOrder(tx, programId, orderRef, { forUpdate: true });
      if (!order) throw notFound('order');
      const o = repo.orderAmounts(order);
      const remaining = o.amount - o.refunded;
      const amount = body.amount ?? remaining;
      if (remaining === 0 || amount > remaining) {
        throw new DomainError('refund_exceeds_order', `only ${remaining} of this order's ${o.amount} can still be refunded`, { refundable: remaining, requested: amount });
      }
      const due = pointsToReverse({ points: o.points, amount: o.amount, refundedBefore: o.refunded, refund: amount, reversedBefore: o.reversed });
      const reason = body.reason ?? `refund of order ${orderRef}`;
      const { taken, postingId } = due > 0 ? await takeBack(tx, principal, order, due, reason) : { taken: 0, postingId: order.posting_id };
      const { refund, order: after } = await repo.recordRefund(tx, { tenantId: principal.tenantId, orderId: order.id, amount, points: taken, reason: body.reason ?? null, postingId });
      const view = orderView(after, await currentPosting(tx, after.posting_id));
      const refundView = { id: refund.id, amount, points: taken, unrecoverablePoints: due - taken, reason: body.reason ?? null, createdAt: refund.created_at.toISOString() };
      await appendEvents(tx, [{ type: 'order_refunded', tenantId: principal.tenantId, programId, memberId: order.member_id, data: { order: view, refund: refundView } }]);
      return { order: view, refund: refundView, balance: await deps.ledger.balance(tx, order.member_id) };
    },
  };

  /**
   * Takes `due` points back from the order's earn. Inside an approval window the hold is voided
   * and what is left is held anew until the same date; after it, the points are clawed back, as
   * far as the member still has them.
   */
  async function takeBack(tx: Tx, principal: Principal, order: repo.OrderRow, due: number, reason: string): Promise<{ taken: number; postingId: string | null }> {
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
        points: left, confirmAt: posting.hold_deadline!, reason: posting.reason ?? undefined, orderRef: order.order_ref, metadata: posting.metadata,
      });
      return { taken: due, postingId: rehold.posting.id };
    }
    const { available } = await deps.ledger.balance(tx, order.member_id);
    const reversible = await deps.ledger.reversibleOf(tx, posting.id);
    const take = Math.min(due, available, reversible);
    if (take > 0) await deps.ledger.reverse(tx, principal, posting.id, { points: take, reason });
    return { taken: take, postingId: posting.id };
  }
}
export type TransactionsService = ReturnType<typeof createTransactionsService>;
