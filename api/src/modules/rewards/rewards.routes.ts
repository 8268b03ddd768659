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
          description:
            "Adds a reward to the program's catalogue: physical, digital (one imported code per redemption, or delivered by other means), experience, or coupon (a generated code); with its points cost, stock, validity window, per-member limit, eligibility condition, tiers and campaign. Needs `rewards:write`. 400 when tierIds or campaignId name nothing in the program; a retry without the same Idempotency-Key creates a second reward.",
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
          description:
            "The program's rewards, oldest first, deleted ones left out. Filter by active and type. Needs `rewards:read`; 404 for an unknown program.",
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
          description:
            "One reward with its type's details, defaults filled in. Needs `rewards:read`; 404 once deleted.",
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
          description:
            'Changes the fields it names; the type is fixed, `details` replaces the details whole (checked against the type), `stock` sets the units left and `addStock` adds to a limited stock atomically (409 `conflict` on unlimited stock). Needs `rewards:write`. A patch with addStock adds again when repeated without the same Idempotency-Key; other patches leave the same reward.',
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
          description:
            'Takes the reward out of the catalogue; its redemptions stay, and pending ones can still be fulfilled or cancelled. Needs `rewards:write`. Deleting again answers 404.',
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
          description:
            'Adds codes to the pool of a digital reward with `codePool: true`; each redemption then hands out one. Codes repeated in the call or already in the pool are skipped and listed (the first 1,000), so importing the same codes again is harmless. Needs `rewards:write`. 409 `conflict` for a reward without a code pool.',
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
          description:
            "How many codes a digital reward's pool holds, how many are free and how many were handed out. Needs `rewards:read`; 404 for an unknown or deleted reward.",
          params: rewardParamsSchema,
          response: responses({ 200: rewardCodesSummarySchema }),
        },
      },
      (req) => read(deps.sql, req, (tx) => service.codesSummary(tx, req.params.rewardId)),
    );

    await app.register(redemptionsRoutes(deps));
  };
}
