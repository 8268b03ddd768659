import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  adjustBodySchema,
  cursorQuerySchema,
  balanceSchema,
  earnBodySchema,
  expireDueResultSchema,
  historyQuerySchema,
  holdBodySchema,
  holdResolutionBodySchema,
  memberParamsSchema,
  pageSchema,
  postingParamsSchema,
  postingResultSchema,
  postingSchema,
  programParamsSchema,
  redeemBodySchema,
  reverseBodySchema,
} from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { page, parseSeqCursor } from '../../http/cursor.ts';
import { mutate, read } from '../../http/route-context.ts';
import { responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { programExists } from '../programs/programs.repository.ts';
import { postingView } from './ledger-view.ts';
import { ownerOfPosting } from './posting-ownership.ts';
import { findPosting, history, programHistory } from './ledger.repository.ts';
import { createLedgerService } from './ledger.service.ts';

export function ledgerRoutes(deps: ApiDeps) {
  const ledger = createLedgerService();
  const hot = deps.postings;
  // Posting-scoped calls lock the posting's member: find it first, so the batcher can shard by it.
  const memberOfPosting = (req: FastifyRequest, postingId: string) =>
    read(deps.sql, req, async (tx) => (await findPosting(tx, postingId))?.member_id);
  // An order's earn and a redemption's debit are undone through their own endpoints, which keep
  // the order's refunds or the redemption's status in step with the ledger.
  const memberOfUnmanagedPosting = (req: FastifyRequest, postingId: string) =>
    read(deps.sql, req, async (tx) => {
      const posting = await findPosting(tx, postingId);
      const owner = posting && (await ownerOfPosting(tx, posting.id));
      if (owner) throw new DomainError('posting_not_reversible', owner);
      return posting?.member_id;
    });
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['points ledger'];
    const created = responses({ 201: postingResultSchema });

    app.post(
      '/v1/members/:memberId/points/earn',
      {
        config: { auth: 'points:earn', idempotent: true },
        schema: {
          operationId: 'earnPoints',
          tags,
          summary: 'Credit points',
          description:
            "Credits points to the member's spendable balance; they expire after the program's pointsExpiryDays unless expiresAt (in the future, else 400) says otherwise, and may move the member to another tier. Needs `points:earn`; 404 for an unknown member. Not idempotent by itself: a retry without the same Idempotency-Key credits again (orderId is recorded, not checked; recordTransaction credits a purchase once per order).",
          params: memberParamsSchema,
          body: earnBodySchema,
          response: created,
        },
      },
      (req, reply) =>
        mutate(
          req,
          reply,
          hot,
          async (tx, p) => ({ status: 201, body: await ledger.earn(tx, p, req.params.memberId, req.body) }),
          req.params.memberId,
        ),
    );

    app.post(
      '/v1/members/:memberId/points/holds',
      {
        config: { auth: 'points:earn', idempotent: true },
        schema: {
          operationId: 'holdPoints',
          tags,
          summary: 'Credit points as pending (not spendable) until confirmed, voided, or the deadline passes',
          description:
            "Credits points as pending: they count in `pending`, not `available`, until confirmHold makes them spendable or voidHold drops them; a hold still pending at its deadline (in the future and at most the program's maxHoldDays away, else 400) is voided. Needs `points:earn`. A retry without the same Idempotency-Key holds the points again.",
          params: memberParamsSchema,
          body: holdBodySchema,
          response: created,
        },
      },
      (req, reply) =>
        mutate(
          req,
          reply,
          hot,
          async (tx, p) => ({ status: 201, body: await ledger.hold(tx, p, req.params.memberId, req.body) }),
          req.params.memberId,
        ),
    );

    app.post(
      '/v1/postings/:postingId/confirm',
      {
        config: { auth: 'points:earn', idempotent: true },
        schema: {
          operationId: 'confirmHold',
          tags,
          summary: 'Confirm a pending hold: its points become spendable',
          description:
            "Makes a pending hold's points spendable and counts them as earned; they expire from now by the program's policy unless the hold set expiresAt. Needs `points:earn`. 409 `hold_not_pending` when the posting is not a pending hold (a repeat included) or the hold has passed its deadline and is due to be voided.",
          params: postingParamsSchema,
          body: holdResolutionBodySchema.optional(),
          response: responses({ 200: postingResultSchema }),
        },
      },
      async (req, reply) =>
        mutate(
          req,
          reply,
          hot,
          async (tx, p) => ({ status: 200, body: await ledger.resolveHold(tx, p, req.params.postingId, 'confirm') }),
          await memberOfPosting(req, req.params.postingId),
        ),
    );

    app.post(
      '/v1/postings/:postingId/void',
      {
        config: { auth: 'points:earn', idempotent: true },
        schema: {
          operationId: 'voidHold',
          tags,
          summary: 'Void a pending hold',
          description:
            'Drops a pending hold: its points leave `pending` and are never credited. Needs `points:earn`. 409 `hold_not_pending` when the posting is not a pending hold (a repeat included) or is an approval-period hold whose period has ended (its points are confirmed); 409 `posting_not_reversible` for the hold of a recorded order: refund the order instead.',
          params: postingParamsSchema,
          body: holdResolutionBodySchema.optional(),
          response: responses({ 200: postingResultSchema }),
        },
      },
      async (req, reply) =>
        mutate(
          req,
          reply,
          hot,
          async (tx, p) => ({ status: 200, body: await ledger.resolveHold(tx, p, req.params.postingId, 'void') }),
          await memberOfUnmanagedPosting(req, req.params.postingId),
        ),
    );

    app.post(
      '/v1/members/:memberId/points/redeem',
      {
        config: { auth: 'points:redeem', idempotent: true },
        schema: {
          operationId: 'redeemPoints',
          tags,
          summary: 'Spend points (those expiring first go first); 409 insufficient_points if short',
          description:
            'Debits points from the spendable balance, those that expire first going first, after expiring any past their date. Needs `points:redeem`. 409 `insufficient_points` (details: available, requested) when the balance is short. A retry without the same Idempotency-Key debits again; to spend points on a catalogue reward, use redeemReward.',
          params: memberParamsSchema,
          body: redeemBodySchema,
          response: created,
        },
      },
      (req, reply) =>
        mutate(
          req,
          reply,
          hot,
          async (tx, p) => ({ status: 201, body: await ledger.redeem(tx, p, req.params.memberId, req.body) }),
          req.params.memberId,
        ),
    );

    app.post(
      '/v1/members/:memberId/points/adjust',
      {
        config: { auth: 'points:adjust', idempotent: true },
        schema: {
          operationId: 'adjustPoints',
          tags,
          summary: 'Correct a balance by hand, with a reason',
          description:
            "Corrects a balance by hand, with a required reason: positive points are credited (expiring by the program's policy), negative ones debited (409 `insufficient_points` when short). Recorded in the audit log as well as the ledger. Needs `points:adjust`. A retry without the same Idempotency-Key adjusts again.",
          params: memberParamsSchema,
          body: adjustBodySchema,
          response: created,
        },
      },
      (req, reply) =>
        mutate(
          req,
          reply,
          hot,
          async (tx, p) => ({ status: 201, body: await ledger.adjust(tx, p, req.params.memberId, req.body) }),
          req.params.memberId,
        ),
    );

    app.post(
      '/v1/postings/:postingId/reverse',
      {
        config: { auth: 'points:reverse', idempotent: true },
        schema: {
          operationId: 'reversePosting',
          tags,
          summary: 'Reverse (part of) an earn or a redemption; never more than the original',
          description:
            "Reverses an earn (takes the points back) or a redemption (gives them back, expiring anew by the program's policy), whole or in part, never beyond what is left of it (409 `reversal_exceeds_original`); taking back an earn needs the points to be there (409 `insufficient_points`). Needs `points:reverse`. 409 `posting_not_reversible` for other postings, a pending hold (void it), an order's earn (refund the order) and a redemption's debit (cancel the redemption). A partial reversal repeated without the same Idempotency-Key reverses again.",
          params: postingParamsSchema,
          body: reverseBodySchema,
          response: created,
        },
      },
      async (req, reply) =>
        mutate(
          req,
          reply,
          hot,
          async (tx, p) => ({ status: 201, body: await ledger.reverse(tx, p, req.params.postingId, req.body) }),
          await memberOfUnmanagedPosting(req, req.params.postingId),
        ),
    );

    app.post(
      '/v1/programs/:programId/points/expire-due',
      {
        config: { auth: 'points:expire', idempotent: true },
        schema: {
          operationId: 'expireDuePoints',
          tags,
          summary: 'Expire due points and void overdue holds in a program now',
          description:
            'Does now what the periodic sweep does for the program: expires points past their date and resolves holds past their deadline (voided, or confirmed at the end of an approval period), up to 500 members and 500 holds a call. Needs `points:expire`. Safe to repeat, since what is done is not done again: call until every count is 0.',
          params: programParamsSchema,
          response: responses({ 200: expireDueResultSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.sql, async (tx, p) => {
          if (!(await programExists(tx, req.params.programId))) throw notFound('program');
          return { status: 200, body: await ledger.expireProgram(tx, p, req.params.programId) };
        }),
    );

    app.get(
      '/v1/members/:memberId/balance',
      {
        config: { auth: 'points:read' },
        schema: {
          operationId: 'getMemberBalance',
          tags,
          summary: 'Available and pending points, lifetime totals',
          description:
            "The member's spendable (`available`) and `pending` points and lifetime earned and redeemed totals. Points past their expiry date leave it at the periodic sweep (or expireDuePoints), or before the member's next debit or purchase if that comes first. Needs `points:read`; 404 for an unknown or deleted member.",
          params: memberParamsSchema,
          response: responses({ 200: balanceSchema }),
        },
      },
      (req) => read(deps.sql, req, (tx) => ledger.balance(tx, req.params.memberId)),
    );

    app.get(
      '/v1/members/:memberId/postings',
      {
        config: { auth: 'points:read' },
        schema: {
          operationId: 'listMemberPostings',
          tags,
          summary: "A member's postings, newest first",
          description:
            "The member's ledger, newest first: every earn, hold, redemption, adjustment, reversal and expiry with its signed points. Filter by kind, status and a half-open time range (`from` inclusive, `to` exclusive). Needs `points:read`; 404 for an unknown or deleted member.",
          params: memberParamsSchema,
          querystring: historyQuerySchema,
          response: responses({ 200: pageSchema(postingSchema) }),
        },
      },
      (req) =>
        read(deps.sql, req, async (tx) => {
          await ledger.balance(tx, req.params.memberId);
          const { cursor, limit, ...filters } = req.query;
          const rows = await history(tx, {
            memberId: req.params.memberId,
            afterSeq: parseSeqCursor(cursor),
            limit: limit + 1,
            ...filters,
          });
          return page(rows, limit, postingView, (r) => r.seq);
        }),
    );

    app.get(
      '/v1/programs/:programId/postings',
      {
        config: { auth: 'points:read' },
        schema: {
          operationId: 'listProgramPostings',
          tags,
          summary: "A program's postings, newest first",
          description:
            "Every member's postings in the program, newest first: the activity feed a dashboard polls to show new earns, redemptions, adjustments, reversals and expiries as they happen. Needs `points:read`; 404 for an unknown program.",
          params: programParamsSchema,
          querystring: cursorQuerySchema,
          response: responses({ 200: pageSchema(postingSchema) }),
        },
      },
      (req) =>
        read(deps.sql, req, async (tx) => {
          if (!(await programExists(tx, req.params.programId))) throw notFound('program');
          const rows = await programHistory(tx, {
            programId: req.params.programId,
            afterSeq: parseSeqCursor(req.query.cursor),
            limit: req.query.limit + 1,
          });
          return page(rows, req.query.limit, postingView, (r) => r.seq);
        }),
    );

    app.get(
      '/v1/postings/:postingId',
      {
        config: { auth: 'points:read' },
        schema: {
          operationId: 'getPosting',
          tags,
          summary: 'One posting',
          description:
            "One ledger posting: kind, status, signed points, reason, the merchant's order id, the posting it reverses, its hold deadline and expiry. Needs `points:read`.",
          params: postingParamsSchema,
          response: responses({ 200: postingSchema }),
        },
      },
      (req) =>
        read(deps.sql, req, async (tx) => {
          const posting = await findPosting(tx, req.params.postingId);
          if (!posting) throw notFound('posting');
          return postingView(posting);
        }),
    );
  };
}
