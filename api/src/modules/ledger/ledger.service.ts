import type pg from 'pg';
import type { z } from 'zod';
import type {
  adjustBodySchema,
  earnBodySchema,
  holdBodySchema,
  redeemBodySchema,
  reverseBodySchema,
} from '@loyalty/shared';
import type { EventType } from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { int } from '../../db/pool.ts';
import type { Actor, Principal } from '../auth/principal.ts';
import { appendEvents, type NewEvent } from '../outbox/outbox.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { assignTierAfterPosting } from '../tiers/tier-assignment.ts';
import { balanceView, postingEventData, postingView, type BalanceView, type PostingView } from './ledger-view.ts';
import * as repo from './ledger.repository.ts';
import { entriesFor, expiryFor, planSpend, preferBucket, reversible, type Movement } from './posting-rules.ts';

// Every operation runs inside the caller's tenant transaction, takes the member's balance lock
// first, writes posting + entries + bucket changes + balance + outbox events, and returns the
// posting with the balance after it.

export interface PostingResult {
  posting: PostingView;
  balance: BalanceView;
}

type Tx = pg.PoolClient;
const DAY_MS = 86_400_000;

async function lockMember(tx: Tx, memberId: string): Promise<repo.BalanceRow> {
  const balance = await repo.lockBalance(tx, memberId);
  if (!balance) throw notFound('member');
  return balance;
}

async function record(
  tx: Tx,
  principal: Principal,
  posting: repo.PostingRow,
  balance: repo.BalanceRow,
  eventType: EventType,
  at?: Date,
  extraEvents: NewEvent[] = [],
): Promise<PostingResult> {
  const result = { posting: postingView(posting), balance: balanceView(balance) };
  const base = {
    tenantId: principal.tenantId,
    programId: posting.program_id,
    memberId: posting.member_id,
    data: { posting: postingEventData(posting), balance: result.balance },
  };
  // Every balance change may move the member up or down a tier, in this same transaction.
  const tierEvents = await assignTierAfterPosting(tx, principal.tenantId, balance, posting.id);
  await appendEvents(
    tx,
    [{ ...base, type: 'transaction_created' }, { ...base, type: eventType }, ...tierEvents, ...extraEvents],
    at,
  );
  return result;
}

/** Takes `points` from the member's buckets (preferring one posting's own bucket) or fails. */
async function spend(tx: Tx, b: repo.BalanceRow, points: number, now: Date, preferPostingId?: string): Promise<void> {
  if (int(b.available) < points) {
    throw new DomainError(
      'insufficient_points',
      `the member has ${int(b.available)} points available, ${points} needed`,
      {
        available: int(b.available),
        requested: points,
      },
    );
  }
  let buckets = await repo.spendableBuckets(tx, b.member_id, now);
  if (preferPostingId) buckets = preferBucket(buckets, preferPostingId);
  const { takes, shortfall } = planSpend(buckets, points);
  // The balance is the sum of buckets by construction; a shortfall means that invariant broke.
  if (shortfall > 0)
    throw new Error(`ledger invariant broken: member ${b.member_id} balance exceeds its buckets by ${shortfall}`);
  await repo.takeFromBuckets(tx, takes);
}

function post(
  tx: Tx,
  principal: Principal,
  b: repo.BalanceRow,
  movement: Movement,
  p: Omit<repo.NewPosting, 'tenantId' | 'programId' | 'memberId' | 'actor'> & { actor?: Actor },
  bucket: { amount: number; expiresAt: Date | null } | null,
  at?: Date,
) {
  const entries = entriesFor(movement, Math.abs(p.points), { memberId: b.member_id, programId: b.program_id });
  return repo.insertPosting(
    tx,
    {
      ...p,
      tenantId: principal.tenantId,
      programId: b.program_id,
      memberId: b.member_id,
      actor: p.actor ?? principal.actor,
      createdAt: at,
    },
    entries,
    bucket,
  );
}

/** Expires what is due for one member before anything reads or spends its balance. */
async function expireDue(
  tx: Tx,
  principal: Principal,
  b: repo.BalanceRow,
  now: Date,
  at?: Date,
): Promise<repo.BalanceRow> {
  const due = await repo.expiredBuckets(tx, b.member_id, now);
  const total = due.reduce((s, d) => s + d.remaining, 0);
  if (total === 0) return b;
  await repo.takeFromBuckets(
    tx,
    due.map((d) => ({ id: d.id, take: d.remaining })),
  );
  const posting = await post(
    tx,
    principal,
    b,
    'expire',
    {
      kind: 'expire',
      status: 'posted',
      points: -total,
      reason: 'points reached their expiry date',
      actor: { type: 'system', id: 'expiry' },
    },
    null,
    at,
  );
  const after = { ...b, ...(await repo.applyBalanceDelta(tx, b.member_id, { available: -total })) };
  await record(tx, principal, posting, after, 'points_expired', at);
  return after;
}

/**
 * `clock`, when given, is the time of everything the service writes (postings and events are
 * stamped with it): tests and the demo history generator replay months in minutes. Without it
 * the database stamps postings with its own clock.
 */
export function createLedgerService(clock?: () => Date) {
  const now = clock ?? (() => new Date());
  const at = (): Date | undefined => clock?.();
  return {
    /** `extraEvents`: the caller's own events about this earn (an order), written with the posting's. */
    async earn(
      tx: Tx,
      principal: Principal,
      memberId: string,
      body: z.output<typeof earnBodySchema>,
      extraEvents: NewEvent[] = [],
    ): Promise<PostingResult> {
      const b = await lockMember(tx, memberId);
      const expiresAt = expiryFor(now(), b.expiry_days, body.expiresAt);
      if (expiresAt && expiresAt <= now())
        throw new DomainError('validation_failed', 'expiresAt must be in the future', { field: 'expiresAt' });
      const posting = await post(
        tx,
        principal,
        b,
        'earn',
        {
          kind: 'earn',
          status: 'posted',
          points: body.points,
          reason: body.reason,
          orderRef: body.orderId,
          expiresAt,
          metadata: body.metadata,
        },
        { amount: body.points, expiresAt },
        at(),
      );
      const after = {
        ...b,
        ...(await repo.applyBalanceDelta(tx, memberId, { available: body.points, lifetimeEarned: body.points })),
      };
      return record(tx, principal, posting, after, 'points_earned', at(), extraEvents);
    },

    async hold(
      tx: Tx,
      principal: Principal,
      memberId: string,
      body: z.output<typeof holdBodySchema>,
    ): Promise<PostingResult> {
      const b = await lockMember(tx, memberId);
      const deadline = new Date(body.deadline);
      const latest = now().getTime() + b.max_hold_days * DAY_MS;
      if (deadline <= now())
        throw new DomainError('validation_failed', 'deadline must be in the future', { field: 'deadline' });
      // The program's settings decide how far: a conflict with them, not malformed input.
      if (deadline.getTime() > latest) {
        throw new DomainError(
          'conflict',
          `deadline must be within the program's maxHoldDays (${b.max_hold_days} days)`,
          {
            field: 'deadline',
            maxHoldDays: b.max_hold_days,
          },
        );
      }
      const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
      const posting = await post(
        tx,
        principal,
        b,
        'hold',
        {
          kind: 'earn',
          status: 'pending',
          points: body.points,
          reason: body.reason,
          orderRef: body.orderId,
          holdDeadline: deadline,
          expiresAt,
          metadata: body.metadata,
        },
        null,
        at(),
      );
      const after = { ...b, ...(await repo.applyBalanceDelta(tx, memberId, { pending: body.points })) };
      return record(tx, principal, posting, after, 'points_pending', at());
    },

    /**
     * Points earned under an approval period (a return window): pending until `confirmAt`, then
     * confirmed by the sweeper unless voided first (the order was refunded). The window comes
     * from the program's rules, so it is not bounded by the program's maxHoldDays.
     */
    async earnPending(
      tx: Tx,
      principal: Principal,
      memberId: string,
      p: { points: number; confirmAt: Date; reason?: string; orderId?: string; metadata?: Record<string, unknown> },
      extraEvents: NewEvent[] = [],
    ): Promise<PostingResult> {
      const b = await lockMember(tx, memberId);
      const posting = await post(
        tx,
        principal,
        b,
        'hold',
        {
          kind: 'earn',
          status: 'pending',
          points: p.points,
          reason: p.reason,
          orderRef: p.orderId,
          holdDeadline: p.confirmAt,
          onDeadline: 'confirm',
          metadata: p.metadata,
        },
        null,
        at(),
      );
      const after = { ...b, ...(await repo.applyBalanceDelta(tx, memberId, { pending: p.points })) };
      return record(tx, principal, posting, after, 'points_pending', at(), extraEvents);
    },

    async resolveHold(
      tx: Tx,
      principal: Principal,
      postingId: string,
      outcome: 'confirm' | 'void',
    ): Promise<PostingResult> {
      const hold = await repo.findPosting(tx, postingId);
      if (!hold) throw notFound('posting');
      const b = await lockMember(tx, hold.member_id);
      const locked = (await repo.findPosting(tx, postingId, { forUpdate: true }))!;
      if (locked.status !== 'pending')
        throw new DomainError('hold_not_pending', `this posting is ${locked.status}, not a pending hold`);
      const points = int(locked.points);
      // Past its deadline a hold has its deadline outcome, whether or not the sweeper got to it yet.
      const overdue = locked.hold_deadline! <= now();
      if (overdue && outcome !== locked.on_deadline) {
        throw new DomainError(
          'hold_not_pending',
          locked.on_deadline === 'void'
            ? 'the hold passed its deadline: it is voided, not confirmable'
            : 'the approval period ended: the points are confirmed, not voidable',
        );
      }
      if (outcome === 'void') {
        await repo.insertEntries(
          tx,
          principal.tenantId,
          locked.id,
          entriesFor('void_hold', points, { memberId: b.member_id, programId: b.program_id }),
        );
        const resolved = await repo.resolveHold(tx, locked.id, 'voided');
        const after = { ...b, ...(await repo.applyBalanceDelta(tx, b.member_id, { pending: -points })) };
        return record(tx, principal, resolved, after, 'points_pending_voided', at());
      }
      const expiresAt = locked.expires_at ?? expiryFor(now(), b.expiry_days);
      await repo.insertEntries(
        tx,
        principal.tenantId,
        locked.id,
        entriesFor('confirm_hold', points, { memberId: b.member_id, programId: b.program_id }),
      );
      await repo.insertBucket(tx, principal.tenantId, b.member_id, locked.id, points, expiresAt);
      const resolved = await repo.resolveHold(tx, locked.id, 'posted');
      const after = {
        ...b,
        ...(await repo.applyBalanceDelta(tx, b.member_id, {
          pending: -points,
          available: points,
          lifetimeEarned: points,
        })),
      };
      return record(tx, principal, resolved, after, 'points_pending_confirmed', at());
    },

    async redeem(
      tx: Tx,
      principal: Principal,
      memberId: string,
      body: z.output<typeof redeemBodySchema>,
    ): Promise<PostingResult> {
      const b = await expireDue(tx, principal, await lockMember(tx, memberId), now(), at());
      await spend(tx, b, body.points, now());
      const posting = await post(
        tx,
        principal,
        b,
        'redeem',
        {
          kind: 'redeem',
          status: 'posted',
          points: -body.points,
          reason: body.reason,
          orderRef: body.orderId,
          metadata: body.metadata,
        },
        null,
        at(),
      );
      const after = {
        ...b,
        ...(await repo.applyBalanceDelta(tx, memberId, { available: -body.points, lifetimeRedeemed: body.points })),
      };
      return record(tx, principal, posting, after, 'points_redeemed', at());
    },

    async adjust(
      tx: Tx,
      principal: Principal,
      memberId: string,
      body: z.output<typeof adjustBodySchema>,
    ): Promise<PostingResult> {
      let b = await lockMember(tx, memberId);
      const credit = body.points > 0;
      const expiresAt = credit ? expiryFor(now(), b.expiry_days) : null;
      if (!credit) {
        b = await expireDue(tx, principal, b, now(), at());
        await spend(tx, b, -body.points, now());
      }
      const posting = await post(
        tx,
        principal,
        b,
        credit ? 'adjust_credit' : 'adjust_debit',
        {
          kind: 'adjust',
          status: 'posted',
          points: body.points,
          reason: body.reason,
          expiresAt,
          metadata: body.metadata,
        },
        credit ? { amount: body.points, expiresAt } : null,
        at(),
      );
      const after = { ...b, ...(await repo.applyBalanceDelta(tx, memberId, { available: body.points })) };
      // A manual correction is an admin action: it goes to the audit log as well as the ledger.
      await recordAudit(tx, {
        tenantId: principal.tenantId,
        actor: principal.actor,
        action: 'points.adjusted',
        entityType: 'member',
        entityId: memberId,
        before: { available: int(b.available) },
        after: { available: int(after.available), postingId: posting.id, points: body.points, reason: body.reason },
      });
      return record(tx, principal, posting, after, 'points_adjusted', at());
    },

    /** Claws back (part of) an earn, or refunds (part of) a redemption; never more than the original. */
    async reverse(
      tx: Tx,
      principal: Principal,
      postingId: string,
      body: z.output<typeof reverseBodySchema>,
    ): Promise<PostingResult> {
      const original = await repo.findPosting(tx, postingId);
      if (!original) throw notFound('posting');
      let b = await lockMember(tx, original.member_id);
      const o = (await repo.findPosting(tx, postingId, { forUpdate: true }))!;
      if (o.status !== 'posted' || (o.kind !== 'earn' && o.kind !== 'redeem')) {
        throw new DomainError(
          'posting_not_reversible',
          `a ${o.status} ${o.kind} posting cannot be reversed${o.status === 'pending' ? ': void the hold instead' : ''}`,
        );
      }
      const left = reversible(int(o.points), await repo.reversedSoFar(tx, o.id));
      const points = body.points ?? left;
      if (left === 0 || points > left) {
        throw new DomainError(
          'reversal_exceeds_original',
          `only ${left} of this posting's ${Math.abs(int(o.points))} points can still be reversed`,
          { reversible: left, requested: points },
        );
      }
      const base = {
        kind: 'reverse' as const,
        status: 'posted' as const,
        reason: body.reason,
        reversesId: o.id,
        orderRef: o.order_ref,
        metadata: body.metadata,
      };
      if (o.kind === 'earn') {
        b = await expireDue(tx, principal, b, now(), at());
        await spend(tx, b, points, now(), o.id);
        const posting = await post(tx, principal, b, 'claw_back_earn', { ...base, points: -points }, null, at());
        const after = {
          ...b,
          ...(await repo.applyBalanceDelta(tx, b.member_id, { available: -points, lifetimeEarned: -points })),
        };
        return record(tx, principal, posting, after, 'points_reversed', at());
      }
      const expiresAt = expiryFor(now(), b.expiry_days);
      const posting = await post(
        tx,
        principal,
        b,
        'refund_redeem',
        { ...base, points, expiresAt },
        { amount: points, expiresAt },
        at(),
      );
      const after = {
        ...b,
        ...(await repo.applyBalanceDelta(tx, b.member_id, { available: points, lifetimeRedeemed: -points })),
      };
      return record(tx, principal, posting, after, 'points_reversed', at());
    },

    /**
     * Takes the member's balance lock for the rest of the transaction and expires what is due:
     * work that decides on the member's state before posting (campaign limits, how much can be
     * clawed back) reads it under the same lock the posting will hold.
     */
    async lockMember(tx: Tx, principal: Principal, memberId: string): Promise<BalanceView> {
      return balanceView(await expireDue(tx, principal, await lockMember(tx, memberId), now(), at()));
    },

    /** Points of a posted earn or redemption that reversals have not taken back yet. */
    async reversibleOf(tx: Tx, postingId: string): Promise<number> {
      const p = await repo.findPosting(tx, postingId);
      if (!p) throw notFound('posting');
      return reversible(int(p.points), await repo.reversedSoFar(tx, p.id));
    },

    async balance(tx: Tx, memberId: string): Promise<BalanceView> {
      const b = await repo.readBalance(tx, memberId);
      if (!b) throw notFound('member');
      return balanceView(b);
    },

    /** Expires due points and voids overdue holds across a program, a page of members at a time. */
    async expireProgram(tx: Tx, principal: Principal, programId: string, limit = 500) {
      const due = await repo.dueForExpiry(tx, programId, now(), limit);
      let pointsExpired = 0;
      for (const memberId of due.expiring) {
        const before = await lockMember(tx, memberId);
        const after = await expireDue(tx, principal, before, now(), at());
        pointsExpired += int(before.available) - int(after.available);
      }
      let holdsVoided = 0;
      let holdsConfirmed = 0;
      for (const hold of due.holds) {
        // Someone may have resolved the hold since it was listed; that is not an error here.
        // (The check happens in code before any write, so the transaction stays usable.)
        const resolved = await this.resolveHold(tx, principal, hold.id, hold.onDeadline).then(
          () => true,
          (err: unknown) => {
            if (err instanceof DomainError && err.code === 'hold_not_pending') return false;
            throw err;
          },
        );
        if (resolved && hold.onDeadline === 'void') holdsVoided += 1;
        if (resolved && hold.onDeadline === 'confirm') holdsConfirmed += 1;
      }
      return { membersAffected: due.expiring.length, pointsExpired, holdsVoided, holdsConfirmed };
    },
  };
}
export type LedgerService = ReturnType<typeof createLedgerService>;
