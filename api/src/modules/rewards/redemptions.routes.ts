import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  cancelRedemptionBodySchema,
  memberCatalogueQuerySchema,
  memberParamsSchema,
  memberRewardSchema,
  pageSchema,
  redeemRewardBodySchema,
  redemptionListQuerySchema,
  redemptionParamsSchema,
  redemptionResultSchema,
  redemptionSchema,
  rewardParamsSchema,
} from '@loyalty/shared';
import { type Page, pageOfSorted, type SortedList } from '../../http/cursor.ts';
import { mutate, read } from '../../http/route-context.ts';
import type { Principal } from '../auth/principal.ts';
import { redemptionFor } from './reward-code-masking.ts';
import { responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { createRedemptionsService } from './redemptions.service.ts';

/** A page of redemptions with codes masked for callers who may not see them. */
function pageFor<T extends { code: string | null }>(p: Principal, page: Page<T>) {
  return { ...page, data: page.data.map((r) => redemptionFor(p.permissions, r)) };
}

// Registered by rewardsRoutes: app.ts knows one rewards module.
const cheapestFirst: SortedList<{ reward: { pointsCost: number; id: string } }> = {
  keyOf: (r) => [r.reward.pointsCost, r.reward.id],
  directions: ['asc', 'asc'],
};

export function redemptionsRoutes(deps: ApiDeps) {
  const service = createRedemptionsService();
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['redemptions'];
    const list = responses({ 200: pageSchema(redemptionSchema) });

    app.post(
      '/v1/members/:memberId/redemptions',
      {
        config: { auth: 'rewards:redeem', idempotent: true },
        schema: {
          operationId: 'redeemReward',
          tags,
          params: memberParamsSchema,
          body: redeemRewardBodySchema,
          response: responses({ 201: redemptionResultSchema }),
          summary:
            'Redeem a reward: checks eligibility, limits and stock, deducts the points, hands out a code if the reward has one',
          description:
            "Checks the reward and the member, takes a unit of stock, debits the points cost and records the redemption, in one transaction. A coupon or pooled digital code is delivered whole in the response and the redemption is fulfilled at once; other rewards stay pending until fulfilled or cancelled. Needs `rewards:redeem`. Refusals (409): reward_inactive, reward_not_yet_valid, reward_expired, campaign_not_active, tier_required, not_eligible, redemption_limit_reached, out_of_stock, insufficient_points; 404 reward_not_found for a reward not in the member's program; a retry without the same Idempotency-Key redeems again.",
        },
      },
      (req, reply) =>
        mutate(
          req,
          reply,
          deps.postings,
          async (tx, p) => ({ status: 201, body: await service.redeem(tx, p, req.params.memberId, req.body) }),
          req.params.memberId,
        ),
    );

    app.get(
      '/v1/members/:memberId/redemptions',
      {
        config: { auth: 'rewards:read' },
        schema: {
          operationId: 'listMemberRedemptions',
          tags,
          summary: "A member's redemptions, newest first",
          description:
            "The member's redemptions, newest first; filter by status. Codes are masked (at most their last four characters shown) unless you hold `reward_codes:read`. Needs `rewards:read`; 404 for an unknown or deleted member.",
          params: memberParamsSchema,
          querystring: redemptionListQuerySchema,
          response: list,
        },
      },
      (req) =>
        read(deps.sql, req, async (tx, p) =>
          pageFor(p, await service.listForMember(tx, req.params.memberId, req.query)),
        ),
    );

    app.get(
      '/v1/members/:memberId/rewards',
      {
        config: { auth: 'rewards:read' },
        schema: {
          operationId: 'listMemberRewards',
          tags,
          summary:
            'The rewards a member could redeem now, cheapest first, each with whether it would be accepted and why not',
          description:
            "Every active reward of the member's program, cheapest first, each with whether the member could redeem it now and, if not, the refusal redeemReward would answer; `eligibleOnly=true` keeps the redeemable ones. Needs `rewards:read`; 404 for an unknown or deleted member.",
          params: memberParamsSchema,
          querystring: memberCatalogueQuerySchema,
          response: responses({ 200: pageSchema(memberRewardSchema) }),
        },
      },
      (req) =>
        read(deps.sql, req, async (tx) =>
          pageOfSorted(await service.catalogue(tx, req.params.memberId, req.query), req.query, cheapestFirst),
        ),
    );

    app.get(
      '/v1/rewards/:rewardId/redemptions',
      {
        config: { auth: 'rewards:read' },
        schema: {
          operationId: 'listRewardRedemptions',
          tags,
          summary: "A reward's redemptions, newest first",
          description:
            "The reward's redemptions, newest first; filter by status. Codes are masked (at most their last four characters shown) unless you hold `reward_codes:read`. Needs `rewards:read`; 404 for an unknown reward (a deleted reward's redemptions stay listed).",
          params: rewardParamsSchema,
          querystring: redemptionListQuerySchema,
          response: list,
        },
      },
      (req) =>
        read(deps.sql, req, async (tx, p) =>
          pageFor(p, await service.listForReward(tx, req.params.rewardId, req.query)),
        ),
    );

    app.get(
      '/v1/redemptions/:redemptionId',
      {
        config: { auth: 'rewards:read' },
        schema: {
          operationId: 'getRedemption',
          tags,
          summary: 'One redemption',
          description:
            'One redemption; its code is masked (at most its last four characters shown) unless you hold `reward_codes:read`. Needs `rewards:read`.',
          params: redemptionParamsSchema,
          response: responses({ 200: redemptionSchema }),
        },
      },
      (req) =>
        read(deps.sql, req, async (tx, p) =>
          redemptionFor(p.permissions, await service.get(tx, req.params.redemptionId)),
        ),
    );

    app.post(
      '/v1/redemptions/:redemptionId/fulfil',
      {
        config: { auth: 'rewards:fulfil', idempotent: true },
        schema: {
          operationId: 'fulfilRedemption',
          tags,
          summary: 'Mark a pending redemption fulfilled (shipped, delivered, honoured)',
          description:
            'Marks a pending redemption fulfilled: the reward was shipped, delivered or honoured. Needs `rewards:fulfil`. 409 `redemption_not_pending` once it is fulfilled or cancelled, a repeat included.',
          params: redemptionParamsSchema,
          response: responses({ 200: redemptionSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.sql, async (tx, p) => ({
          status: 200,
          body: await service.fulfil(tx, p, req.params.redemptionId, req.id),
        })),
    );

    app.post(
      '/v1/redemptions/:redemptionId/cancel',
      {
        config: { auth: 'rewards:fulfil', idempotent: true },
        schema: {
          operationId: 'cancelRedemption',
          tags,
          summary: 'Cancel a pending redemption: the points are refunded and the unit returns to stock',
          description:
            'Cancels a pending redemption, with a required reason: a reversal posting (refundPostingId) gives the points back and the unit returns to stock. Needs `rewards:fulfil`. 409 `redemption_not_pending` once it is fulfilled or cancelled, a repeat included.',
          params: redemptionParamsSchema,
          body: cancelRedemptionBodySchema,
          response: responses({ 200: redemptionResultSchema }),
        },
      },
      async (req, reply) => {
        // The refund locks the member's balance: run it in that member's lane.
        const memberId = await read(deps.sql, req, (tx) => service.memberOf(tx, req.params.redemptionId));
        return mutate(
          req,
          reply,
          deps.postings,
          async (tx, p) => ({
            status: 200,
            body: await service.cancel(tx, p, req.params.redemptionId, req.body.reason, req.id),
          }),
          memberId,
        );
      },
    );
  };
}
