import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  adjustBodySchema,
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
import { findPosting, history } from './ledger.repository.ts';
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
      '/v1/postings/:postingId',
      {
        config: { auth: 'points:read' },
        schema: {
          operationId: 'getPosting',
          tags,
          summary: 'One posting',
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
