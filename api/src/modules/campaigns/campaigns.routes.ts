import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  campaignListQuerySchema,
  campaignParticipationSchema,
  campaignParticipationsQuerySchema,
  campaignSchema,
  campaignStatsSchema,
  createCampaignBodySchema,
  idParamsSchema,
  pageSchema,
  updateCampaignBodySchema,
} from '@loyalty/shared';
import { mutate, read } from '../../http/route-context.ts';
import { noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { createCampaignsService } from './campaigns.service.ts';

export function campaignsRoutes(deps: ApiDeps) {
  const service = createCampaignsService();
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['campaigns'];
    const one = responses({ 200: campaignSchema });

    app.post(
      '/v1/programs/:id/campaigns',
      {
        config: { auth: 'campaigns:write', idempotent: true },
        schema: {
          operationId: 'createCampaign',
          tags,
          summary: "Create a draft campaign; dates without an offset are read in the program's time zone",
          params: idParamsSchema,
          body: createCampaignBodySchema,
          response: responses({ 201: campaignSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 201,
          body: await service.create(tx, p, req.params.id, req.body, req.id),
        })),
    );

    app.get(
      '/v1/programs/:id/campaigns',
      {
        config: { auth: 'campaigns:read' },
        schema: {
          operationId: 'listCampaigns',
          tags,
          summary: "A program's campaigns, oldest first, optionally of one status",
          params: idParamsSchema,
          querystring: campaignListQuerySchema,
          response: responses({ 200: pageSchema(campaignSchema) }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.list(tx, req.params.id, req.query)),
    );

    app.get(
      '/v1/campaigns/:id',
      {
        config: { auth: 'campaigns:read' },
        schema: {
          operationId: 'getCampaign',
          tags,
          summary: 'One campaign with its status, budget and participants',
          params: idParamsSchema,
          response: one,
        },
      },
      (req) => read(deps.config, req, (tx) => service.get(tx, req.params.id)),
    );

    app.patch(
      '/v1/campaigns/:id',
      {
        config: { auth: 'campaigns:write', idempotent: true },
        schema: {
          operationId: 'updateCampaign',
          tags,
          summary: 'Edit a campaign; 409 for what its status no longer allows (details.reason says what)',
          params: idParamsSchema,
          body: updateCampaignBodySchema,
          response: one,
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await service.update(tx, p, req.params.id, req.body, req.id),
        })),
    );

    app.delete(
      '/v1/campaigns/:id',
      {
        config: { auth: 'campaigns:write', idempotent: true },
        schema: {
          operationId: 'deleteCampaign',
          tags,
          summary: 'Delete a campaign that is not active (cancel an active one first)',
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
      '/v1/campaigns/:id/publish',
      {
        config: { auth: 'campaigns:write', idempotent: true },
        schema: {
          operationId: 'publishCampaign',
          tags,
          summary: 'Publish a draft: it is scheduled, or active at once if its start has passed',
          params: idParamsSchema,
          response: one,
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await service.publish(tx, p, req.params.id, req.id),
        })),
    );

    app.post(
      '/v1/campaigns/:id/cancel',
      {
        config: { auth: 'campaigns:write', idempotent: true },
        schema: {
          operationId: 'cancelCampaign',
          tags,
          summary: 'Cancel a scheduled or active campaign: no more bonuses from now on',
          params: idParamsSchema,
          response: one,
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await service.cancel(tx, p, req.params.id, req.id),
        })),
    );

    app.get(
      '/v1/campaigns/:id/participations',
      {
        config: { auth: 'campaigns:read' },
        schema: {
          operationId: 'listCampaignParticipations',
          tags,
          summary: 'Bonuses the campaign gave, in the order given',
          params: idParamsSchema,
          querystring: campaignParticipationsQuerySchema,
          response: responses({ 200: pageSchema(campaignParticipationSchema) }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.participations(tx, req.params.id, req.query)),
    );

    app.get(
      '/v1/campaigns/:id/stats',
      {
        config: { auth: 'campaigns:read' },
        schema: {
          operationId: 'getCampaignStats',
          tags,
          summary: 'Participants, participations, bonus awarded and budget left',
          params: idParamsSchema,
          response: responses({ 200: campaignStatsSchema }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.stats(tx, req.params.id)),
    );
  };
}
