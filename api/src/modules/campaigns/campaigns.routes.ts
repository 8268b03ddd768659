import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  campaignListQuerySchema,
  campaignParamsSchema,
  campaignParticipationSchema,
  campaignParticipationsQuerySchema,
  campaignSchema,
  campaignStatsSchema,
  createCampaignBodySchema,
  pageSchema,
  programParamsSchema,
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
      '/v1/programs/:programId/campaigns',
      {
        config: { auth: 'campaigns:write', idempotent: true },
        schema: {
          operationId: 'createCampaign',
          tags,
          summary: "Create a draft campaign; dates without an offset are read in the program's time zone",
          params: programParamsSchema,
          body: createCampaignBodySchema,
          response: responses({ 201: campaignSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 201,
          body: await service.create(tx, p, req.params.programId, req.body, req.id),
        })),
    );

    app.get(
      '/v1/programs/:programId/campaigns',
      {
        config: { auth: 'campaigns:read' },
        schema: {
          operationId: 'listCampaigns',
          tags,
          summary: "A program's campaigns, oldest first, optionally of one status",
          params: programParamsSchema,
          querystring: campaignListQuerySchema,
          response: responses({ 200: pageSchema(campaignSchema) }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.list(tx, req.params.programId, req.query)),
    );

    app.get(
      '/v1/campaigns/:campaignId',
      {
        config: { auth: 'campaigns:read' },
        schema: {
          operationId: 'getCampaign',
          tags,
          summary: 'One campaign with its status, budget and participants',
          params: campaignParamsSchema,
          response: one,
        },
      },
      (req) => read(deps.config, req, (tx) => service.get(tx, req.params.campaignId)),
    );

    app.patch(
      '/v1/campaigns/:campaignId',
      {
        config: { auth: 'campaigns:write', idempotent: true },
        schema: {
          operationId: 'updateCampaign',
          tags,
          summary: 'Edit a campaign; 409 for what its status no longer allows (details.reason says what)',
          params: campaignParamsSchema,
          body: updateCampaignBodySchema,
          response: one,
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await service.update(tx, p, req.params.campaignId, req.body, req.id),
        })),
    );

    app.delete(
      '/v1/campaigns/:campaignId',
      {
        config: { auth: 'campaigns:write', idempotent: true },
        schema: {
          operationId: 'deleteCampaign',
          tags,
          summary: 'Delete a campaign that is not active (cancel an active one first)',
          params: campaignParamsSchema,
          response: responses({ 204: noContent }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          await service.remove(tx, p, req.params.campaignId, req.id);
          return { status: 204, body: undefined };
        }),
    );

    app.post(
      '/v1/campaigns/:campaignId/publish',
      {
        config: { auth: 'campaigns:write', idempotent: true },
        schema: {
          operationId: 'publishCampaign',
          tags,
          summary: 'Publish a draft: it is scheduled, or active at once if its start has passed',
          params: campaignParamsSchema,
          response: one,
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await service.publish(tx, p, req.params.campaignId, req.id),
        })),
    );

    app.post(
      '/v1/campaigns/:campaignId/cancel',
      {
        config: { auth: 'campaigns:write', idempotent: true },
        schema: {
          operationId: 'cancelCampaign',
          tags,
          summary: 'Cancel a scheduled or active campaign: no more bonuses from now on',
          params: campaignParamsSchema,
          response: one,
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await service.cancel(tx, p, req.params.campaignId, req.id),
        })),
    );

    app.get(
      '/v1/campaigns/:campaignId/participations',
      {
        config: { auth: 'campaigns:read' },
        schema: {
          operationId: 'listCampaignParticipations',
          tags,
          summary: 'Bonuses the campaign gave, in the order given',
          params: campaignParamsSchema,
          querystring: campaignParticipationsQuerySchema,
          response: responses({ 200: pageSchema(campaignParticipationSchema) }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.participations(tx, req.params.campaignId, req.query)),
    );

    app.get(
      '/v1/campaigns/:campaignId/stats',
      {
        config: { auth: 'campaigns:read' },
        schema: {
          operationId: 'getCampaignStats',
          tags,
          summary: 'Participants, participations, bonus awarded and budget left',
          params: campaignParamsSchema,
          response: responses({ 200: campaignStatsSchema }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.stats(tx, req.params.campaignId)),
    );
  };
}
