import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createTierBodySchema,
  idParamsSchema,
  memberTierSchema,
  pageSchema,
  tierHistoryEntrySchema,
  tierHistoryQuerySchema,
  tierRecalculationBodySchema,
  tierRecalculationSchema,
  tierSchema,
  updateTierBodySchema,
} from '@loyalty/shared';
import { notFound } from '../../domain-error.ts';
import { page, parseSeqCursor } from '../../http/cursor.ts';
import { mutate, read } from '../../http/route-context.ts';
import { noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { loadMemberTier, tierHistory, tierHistoryView } from './member-tier.ts';
import { recalculateTiers } from './tier-recalculation.ts';
import { tiersService as service } from './tiers.service.ts';

export function tiersRoutes(deps: ApiDeps) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['tiers'];

    app.get(
      '/v1/programs/:id/tiers',
      {
        config: { auth: 'tiers:read' },
        schema: {
          operationId: 'listTiers',
          tags,
          summary: "A program's tiers, lowest threshold first",
          params: idParamsSchema,
          response: responses({ 200: z.object({ data: z.array(tierSchema) }) }),
        },
      },
      (req) => read(deps.config, req, async (tx) => ({ data: await service.list(tx, req.params.id) })),
    );

    app.post(
      '/v1/programs/:id/tiers',
      {
        config: { auth: 'tiers:write', idempotent: true },
        schema: {
          operationId: 'createTier',
          tags,
          summary: 'Create a tier (at most 20 per program; names and thresholds unique in the program)',
          params: idParamsSchema,
          body: createTierBodySchema,
          response: responses({ 201: tierSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 201,
          body: await service.create(tx, p, req.params.id, req.body, req.id),
        })),
    );

    app.get(
      '/v1/tiers/:id',
      {
        config: { auth: 'tiers:read' },
        schema: {
          operationId: 'getTier',
          tags,
          summary: 'One tier',
          params: idParamsSchema,
          response: responses({ 200: tierSchema }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.get(tx, req.params.id)),
    );

    app.patch(
      '/v1/tiers/:id',
      {
        config: { auth: 'tiers:write', idempotent: true },
        schema: {
          operationId: 'updateTier',
          tags,
          summary: 'Update a tier; members move on their next posting or the next recalculation',
          params: idParamsSchema,
          body: updateTierBodySchema,
          response: responses({ 200: tierSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await service.update(tx, p, req.params.id, req.body, req.id),
        })),
    );

    app.delete(
      '/v1/tiers/:id',
      {
        config: { auth: 'tiers:write', idempotent: true },
        schema: {
          operationId: 'deleteTier',
          tags,
          summary:
            "Delete a tier; its members move on their next posting or the next recalculation (history keeps the tier's name)",
          params: idParamsSchema,
          response: responses({ 204: noContent }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          await service.remove(tx, p, req.params.id, req.id);
          return { status: 204, body: undefined };
        }),
    );

    app.post(
      '/v1/programs/:id/tiers/recalculate',
      {
        config: { auth: 'tiers:write', idempotent: true },
        schema: {
          operationId: 'recalculateTiers',
          tags,
          summary:
            "Place one page of the program's members in the tiers their basis earns now (after thresholds or the tier basis changed); repeat with nextCursor until it is null",
          params: idParamsSchema,
          body: tierRecalculationBodySchema.optional(),
          response: responses({ 200: tierRecalculationSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.sql, async (tx, p) => {
          const body = tierRecalculationBodySchema.parse(req.body ?? {});
          const result = await recalculateTiers(tx, p.tenantId, req.params.id, {
            afterSeq: parseSeqCursor(body.cursor),
            limit: body.limit,
          });
          return { status: 200, body: result };
        }),
    );

    app.get(
      '/v1/members/:id/tier',
      {
        config: { auth: 'tiers:read' },
        schema: {
          operationId: 'getMemberTier',
          tags,
          summary: "A member's tier, basis points and progress to the next tier",
          params: idParamsSchema,
          response: responses({ 200: memberTierSchema }),
        },
      },
      (req) =>
        read(deps.sql, req, async (tx) => {
          const tier = await loadMemberTier(tx, req.params.id);
          if (!tier) throw notFound('member');
          return tier;
        }),
    );

    app.get(
      '/v1/members/:id/tier-history',
      {
        config: { auth: 'tiers:read' },
        schema: {
          operationId: 'listMemberTierHistory',
          tags,
          summary: "A member's tier changes, newest first",
          params: idParamsSchema,
          querystring: tierHistoryQuerySchema,
          response: responses({ 200: pageSchema(tierHistoryEntrySchema) }),
        },
      },
      (req) =>
        read(deps.sql, req, async (tx) => {
          if (!(await loadMemberTier(tx, req.params.id))) throw notFound('member');
          const rows = await tierHistory(tx, req.params.id, parseSeqCursor(req.query.cursor), req.query.limit + 1);
          return page(rows, req.query.limit, tierHistoryView, (r) => r.id);
        }),
    );
  };
}
