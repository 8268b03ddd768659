import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  cursorQuerySchema,
  memberParamsSchema,
  orderParamsSchema,
  orderSchema,
  pageSchema,
  programParamsSchema,
  refundBodySchema,
  refundResultSchema,
  simulateTransactionBodySchema,
  simulationResultSchema,
  transactionBodySchema,
  transactionResultSchema,
} from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { page, parseSeqCursor } from '../../http/cursor.ts';
import { findMember } from '../members/members.repository.ts';
import { orderView } from './order-view.ts';
import { mutate, read } from '../../http/route-context.ts';
import { responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { requestFingerprint } from '../idempotency/idempotency.ts';
import { createLedgerService } from '../ledger/ledger.service.ts';
import { createCampaignsCache, createRulesCache } from './program-config-cache.ts';
import { createTransactionsService } from './transactions.service.ts';
import { findOrder, memberIdByExternalId, memberOrders } from './transactions.repository.ts';

export function transactionsRoutes(deps: ApiDeps) {
  const now = () => new Date();
  const transactions = createTransactionsService({
    ledger: createLedgerService(),
    rules: createRulesCache(),
    campaigns: createCampaignsCache(now),
    now,
  });
  const hot = deps.postings;

  // The member is resolved before the transaction so the group-commit executor can put the
  // work in that member's lane.
  const memberOf = async (
    req: FastifyRequest,
    programId: string,
    ref: { memberId?: string; memberExternalId?: string },
  ) => {
    if (ref.memberId) return ref.memberId;
    const id = await read(deps.sql, req, (tx) => memberIdByExternalId(tx, programId, ref.memberExternalId!));
    if (!id) throw new DomainError('not_found', 'member not found', { field: 'memberExternalId' });
    return id;
  };

  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['transactions'];

    app.post(
      '/v1/programs/:programId/transactions',
      {
        config: { auth: 'points:earn', idempotent: true },
        schema: {
          operationId: 'recordTransaction',
          tags,
          summary: 'Record a purchase: evaluates rules, tier and campaigns, posts the earn, returns the breakdown',
          description:
            "Records a purchase for a member (by memberId or memberExternalId): evaluates the program's rules, the member's tier multiplier, the live campaigns and the program cap, then posts the earn (pending until the approval period ends, when a rule sets one) and answers the breakdown. Idempotent on the merchant's order id: resending an order answers 200 with the first result; the same order id with other details is 409 `order_conflict`. Needs `points:earn`. 400 for a purchase dated more than 5 minutes ahead; 404 for a member not in the program.",
          params: programParamsSchema,
          body: transactionBodySchema,
          response: responses({ 201: transactionResultSchema, 200: transactionResultSchema }),
        },
      },
      async (req, reply) => {
        const programId = req.params.programId;
        const memberId = await memberOf(req, programId, req.body);
        const hash = requestFingerprint('POST', 'order', { programId, memberId }, req.body.purchase);
        return mutate(
          req,
          reply,
          hot,
          async (tx, p) => {
            const { replayed, body } = await transactions.record(
              tx,
              p,
              programId,
              memberId,
              req.body.orderId,
              req.body.purchase,
              hash,
            );
            return { status: replayed ? 200 : 201, body };
          },
          memberId,
        );
      },
    );

    app.post(
      '/v1/programs/:programId/transactions/simulate',
      {
        config: { auth: 'points:read' },
        schema: {
          operationId: 'simulateTransaction',
          tags,
          summary: 'The breakdown a purchase would earn, without posting anything',
          description:
            'The breakdown a purchase would earn now (rules, tier, campaigns, caps, and why the others did not apply) and when held points would be confirmed, without posting or recording anything. Needs `points:read`; 404 for a member not in the program.',
          params: programParamsSchema,
          body: simulateTransactionBodySchema,
          response: responses({ 200: simulationResultSchema }),
        },
      },
      async (req) => {
        const memberId = await memberOf(req, req.params.programId, req.body);
        return read(deps.sql, req, (tx) =>
          transactions.simulate(tx, req.params.programId, memberId, req.body.purchase),
        );
      },
    );

    app.get(
      '/v1/programs/:programId/orders/:orderId',
      {
        config: { auth: 'points:read' },
        schema: {
          operationId: 'getOrder',
          tags,
          summary: 'An order by the merchant order id, with its breakdown',
          description:
            "A recorded order by the merchant's order id: its breakdown, the current posting of its points and the member's balance. Needs `points:read`; 404 for an unknown order.",
          params: orderParamsSchema,
          response: responses({ 200: transactionResultSchema }),
        },
      },
      (req) => read(deps.sql, req, (tx) => transactions.find(tx, req.params.programId, req.params.orderId)),
    );

    app.get(
      '/v1/members/:memberId/orders',
      {
        config: { auth: 'points:read' },
        schema: {
          operationId: 'listMemberOrders',
          tags,
          summary: "A member's orders, newest first",
          description:
            "The member's recorded orders, newest first, with the amount refunded, the points earned and taken back, and whether they are still held. Needs `points:read`; 404 for an unknown or deleted member.",
          params: memberParamsSchema,
          querystring: cursorQuerySchema,
          response: responses({ 200: pageSchema(orderSchema) }),
        },
      },
      (req) =>
        read(deps.sql, req, async (tx) => {
          if (!(await findMember(tx, req.params.memberId))) throw notFound('member');
          const rows = await memberOrders(
            tx,
            req.params.memberId,
            parseSeqCursor(req.query.cursor),
            req.query.limit + 1,
          );
          const view = (o: (typeof rows)[number]) =>
            orderView(
              o,
              o.posting_status
                ? { status: o.posting_status as 'posted', holdDeadline: o.hold_deadline?.toISOString() ?? null }
                : null,
            );
          return page(rows, req.query.limit, view, (o) => o.seq);
        }),
    );

    app.post(
      '/v1/programs/:programId/orders/:orderId/refund',
      {
        config: { auth: 'points:reverse', idempotent: true },
        schema: {
          operationId: 'refundOrder',
          tags,
          summary: 'Refund (part of) an order: takes back points in proportion to the amount refunded',
          description:
            "Takes back points in proportion to the amount refunded (omit amount to refund what is left). Inside an approval period the held points shrink; afterwards they are clawed back as far as the member still has them (the rest is reported as unrecoverablePoints). Needs `points:reverse`. 409 `refund_exceeds_order` past the order's amount; a partial refund repeated without the same Idempotency-Key refunds again.",
          params: orderParamsSchema,
          body: refundBodySchema.optional(),
          response: responses({ 201: refundResultSchema }),
        },
      },
      async (req, reply) => {
        const order = await read(deps.sql, req, (tx) => findOrder(tx, req.params.programId, req.params.orderId));
        if (!order) throw notFound('order');
        return mutate(
          req,
          reply,
          hot,
          async (tx, p) => ({
            status: 201,
            body: await transactions.refund(tx, p, req.params.programId, req.params.orderId, req.body ?? {}),
          }),
          order.member_id,
        );
      },
    );
  };
}
