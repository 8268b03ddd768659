import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createRewardBodySchema,
  importRewardCodesBodySchema,
  importRewardCodesResultSchema,
  pageSchema,
  programParamsSchema,
  rewardCodesSummarySchema,
  rewardListQuerySchema,
  rewardParamsSchema,
  rewardSchema,
  updateRewardBodySchema,
} from '@loyalty/shared';
import { mutate, read } from '../../http/route-context.ts';
import { noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { redemptionsRoutes } from './redemptions.routes.ts';
import { createRewardsService } from './rewards.service.ts';

/** 10,000 codes of up to 200 characters, quoted and comma-separated, with room to spare. */
const CODES_BODY_LIMIT = 4 * 1024 * 1024;

// Rewards configuration and code pools; the redemption routes are registered from here too.
export function rewardsRoutes(deps: ApiDeps) {
  const service = createRewardsService();
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['rewards'];

    app.post(
      '/v1/programs/:programId/rewards',
      {
        config: { auth: 'rewards:write', idempotent: true },
        schema: {
          operationId: 'createReward',
          tags,
          summary: 'Create a reward (physical, digital, experience or coupon)',
          params: programParamsSchema,
          body: createRewardBodySchema,
          response: responses({ 201: rewardSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 201,
          body: await service.create(tx, p, req.params.programId, req.body, req.id),
        })),
    );

    app.get(
      '/v1/programs/:programId/rewards',
      {
        config: { auth: 'rewards:read' },
        schema: {
          operationId: 'listRewards',
          tags,
          summary: "A program's rewards, oldest first (filter by active, type)",
          params: programParamsSchema,
          querystring: rewardListQuerySchema,
          response: responses({ 200: pageSchema(rewardSchema) }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.list(tx, req.params.programId, req.query)),
    );

    app.get(
      '/v1/rewards/:rewardId',
      {
        config: { auth: 'rewards:read' },
        schema: {
          operationId: 'getReward',
          tags,
          summary: 'One reward',
          params: rewardParamsSchema,
          response: responses({ 200: rewardSchema }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.get(tx, req.params.rewardId)),
    );

    app.patch(
      '/v1/rewards/:rewardId',
      {
        config: { auth: 'rewards:write', idempotent: true },
        schema: {
          operationId: 'updateReward',
          tags,
          summary: 'Update a reward (its type is fixed); stock sets the units left, addStock adds to them',
          params: rewardParamsSchema,
          body: updateRewardBodySchema,
          response: responses({ 200: rewardSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await service.update(tx, p, req.params.rewardId, req.body, req.id),
        })),
    );

    app.delete(
      '/v1/rewards/:rewardId',
      {
        config: { auth: 'rewards:write', idempotent: true },
        schema: {
          operationId: 'deleteReward',
          tags,
          summary: 'Delete a reward: it leaves the catalogue, its redemptions stay',
          params: rewardParamsSchema,
          response: responses({ 204: noContent }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          await service.remove(tx, p, req.params.rewardId, req.id);
          return { status: 204, body: undefined };
        }),
    );

    app.post(
      '/v1/rewards/:rewardId/codes',
      {
        config: { auth: 'rewards:write', idempotent: true },
        bodyLimit: CODES_BODY_LIMIT,
        schema: {
          operationId: 'importRewardCodes',
          tags,
          summary:
            "Import codes into a digital reward's pool (up to 10,000 per call; duplicates are skipped and reported)",
          params: rewardParamsSchema,
          body: importRewardCodesBodySchema,
          response: responses({ 200: importRewardCodesResultSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.sql, async (tx, p) => ({
          status: 200,
          body: await service.importCodes(tx, p, req.params.rewardId, req.body.codes, req.id),
        })),
    );

    app.get(
      '/v1/rewards/:rewardId/codes/summary',
      {
        config: { auth: 'rewards:read' },
        schema: {
          operationId: 'getRewardCodesSummary',
          tags,
          summary: "A digital reward's code pool: total, available, assigned",
          params: rewardParamsSchema,
          response: responses({ 200: rewardCodesSummarySchema }),
        },
      },
      (req) => read(deps.sql, req, (tx) => service.codesSummary(tx, req.params.rewardId)),
    );

    await app.register(redemptionsRoutes(deps));
  };
}
