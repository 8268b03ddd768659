import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createTierBodySchema,
  cursorQuerySchema,
  memberParamsSchema,
  memberTierSchema,
  pageSchema,
  programParamsSchema,
  tierHistoryEntrySchema,
  tierHistoryQuerySchema,
  tierParamsSchema,
  tierRecalculationBodySchema,
  tierRecalculationSchema,
  tierSchema,
  updateTierBodySchema,
} from '@loyalty/shared';
import { notFound } from '../../domain-error.ts';
import { encodeCursor, page, pageOfSorted, parseSeqCursor, type SortedList } from '../../http/cursor.ts';
import { mutate, read } from '../../http/route-context.ts';
import { noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { loadMemberTier, tierHistory, tierHistoryView } from './member-tier.ts';
import { recalculateTiers } from './tier-recalculation.ts';
import { tiersService as service } from './tiers.service.ts';

const lowestThresholdFirst: SortedList<{ threshold: number; id: string }> = {
  keyOf: (t) => [t.threshold, t.id],
  directions: ['asc', 'asc'],
};

export function tiersRoutes(deps: ApiDeps) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['tiers'];

    app.get(
      '/v1/programs/:programId/tiers',
      {
        config: { auth: 'tiers:read' },
        schema: {
          operationId: 'listTiers',
          tags,
          summary: "A program's tiers, lowest threshold first",
          description:
            "The program's tiers, lowest threshold first, with their benefits. Needs `tiers:read`; 404 for an unknown program.",
          params: programParamsSchema,
          querystring: cursorQuerySchema,
          response: responses({ 200: pageSchema(tierSchema) }),
        },
      },
      (req) =>
        read(deps.config, req, async (tx) =>
          pageOfSorted(await service.list(tx, req.params.programId), req.query, lowestThresholdFirst),
        ),
    );

    app.post(
      '/v1/programs/:programId/tiers',
      {
        config: { auth: 'tiers:write', idempotent: true },
        schema: {
          operationId: 'createTier',
          tags,
          summary: 'Create a tier (at most 20 per program; names and thresholds unique in the program)',
          description:
            "Adds a tier reached at `threshold` points on the program's tier basis (points earned all time, or the balance), with a points multiplier and perks. Members move into it at their next posting or with recalculateTiers. Needs `tiers:write`. 409 `conflict` past 20 tiers, or for a name (ignoring case) or threshold another tier of the program has, which also refuses a retry that went through.",
          params: programParamsSchema,
          body: createTierBodySchema,
          response: responses({ 201: tierSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 201,
          body: await service.create(tx, p, req.params.programId, req.body, req.id),
        })),
    );

    app.get(
      '/v1/tiers/:tierId',
      {
        config: { auth: 'tiers:read' },
        schema: {
          operationId: 'getTier',
          tags,
          summary: 'One tier',
          description: 'One tier with its threshold and benefits. Needs `tiers:read`; 404 once deleted.',
          params: tierParamsSchema,
          response: responses({ 200: tierSchema }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.get(tx, req.params.tierId)),
    );

    app.patch(
      '/v1/tiers/:tierId',
      {
        config: { auth: 'tiers:write', idempotent: true },
        schema: {
          operationId: 'updateTier',
          tags,
          summary: 'Update a tier; members move on their next posting or the next recalculation',
          description:
            'Changes the name, the threshold or the benefits it names (`null` clears description or perks). Members move at their next posting or with recalculateTiers. Needs `tiers:write`. 409 `conflict` for a name or threshold another tier of the program has; repeating the same patch leaves the same tier.',
          params: tierParamsSchema,
          body: updateTierBodySchema,
          response: responses({ 200: tierSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await service.update(tx, p, req.params.tierId, req.body, req.id),
        })),
    );

    app.delete(
      '/v1/tiers/:tierId',
      {
        config: { auth: 'tiers:write', idempotent: true },
        schema: {
          operationId: 'deleteTier',
          tags,
          summary:
            "Delete a tier; its members move on their next posting or the next recalculation (history keeps the tier's name)",
          description:
            "Deletes the tier: its members count as in the tier their basis reaches, and are moved on record at their next posting or with recalculateTiers; tier history keeps the tier's name. Needs `tiers:write`. Deleting again answers 404.",
          params: tierParamsSchema,
          response: responses({ 204: noContent }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          await service.remove(tx, p, req.params.tierId, req.id);
          return { status: 204, body: undefined };
        }),
    );

    app.post(
      '/v1/programs/:programId/tiers/recalculate',
      {
        config: { auth: 'tiers:write', idempotent: true },
        schema: {
          operationId: 'recalculateTiers',
          tags,
          summary:
            "Place one page of the program's members in the tiers their basis earns now (after thresholds or the tier basis changed); repeat with nextCursor until it is null",
          description:
            "Examines one page of the program's members (`limit`, 500 by default) and moves those whose basis now reaches another tier, recording each move in their tier history. Run it after thresholds or the tier basis changed, passing nextCursor back until it is null. Needs `tiers:write`. Safe to repeat: members already in the right tier are left as they are.",
          params: programParamsSchema,
          body: tierRecalculationBodySchema.optional(),
          response: responses({ 200: tierRecalculationSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.sql, async (tx, p) => {
          const body = tierRecalculationBodySchema.parse(req.body ?? {});
          const result = await recalculateTiers(tx, p.tenantId, req.params.programId, {
            afterSeq: parseSeqCursor(body.cursor),
            limit: body.limit,
          });
          return {
            status: 200,
            body: { ...result, nextCursor: result.nextCursor === null ? null : encodeCursor('seq', result.nextCursor) },
          };
        }),
    );

    app.get(
      '/v1/members/:memberId/tier',
      {
        config: { auth: 'tiers:read' },
        schema: {
          operationId: 'getMemberTier',
          tags,
          summary: "A member's tier, basis points and progress to the next tier",
          description:
            "The member's tier (`null` below every threshold), their points on the program's tier basis, and the next tier with the points still needed. Needs `tiers:read`; 404 for an unknown or deleted member.",
          params: memberParamsSchema,
          response: responses({ 200: memberTierSchema }),
        },
      },
      (req) =>
        read(deps.sql, req, async (tx) => {
          const tier = await loadMemberTier(tx, req.params.memberId);
          if (!tier) throw notFound('member');
          return tier;
        }),
    );

    app.get(
      '/v1/members/:memberId/tier-history',
      {
        config: { auth: 'tiers:read' },
        schema: {
          operationId: 'listMemberTierHistory',
          tags,
          summary: "A member's tier changes, newest first",
          description:
            'Every tier change of the member, newest first: from which tier to which, the reason and the basis points at the time. Needs `tiers:read`; 404 for an unknown or deleted member.',
          params: memberParamsSchema,
          querystring: tierHistoryQuerySchema,
          response: responses({ 200: pageSchema(tierHistoryEntrySchema) }),
        },
      },
      (req) =>
        read(deps.sql, req, async (tx) => {
          if (!(await loadMemberTier(tx, req.params.memberId))) throw notFound('member');
          const rows = await tierHistory(
            tx,
            req.params.memberId,
            parseSeqCursor(req.query.cursor),
            req.query.limit + 1,
          );
          return page(rows, req.query.limit, tierHistoryView, (r) => r.id);
        }),
    );
  };
}
