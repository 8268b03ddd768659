import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
import { mutate, principalOf, read } from '../../http/route-context.ts';
import { noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { createCampaignsService } from './campaigns.service.ts';

/**
 * Once a campaign change is answered (so committed): tell its lifecycle workflow. The notifier
 * never throws and bounds its wait; a failed request tells nothing.
 */
async function notify(
  req: FastifyRequest,
  reply: FastifyReply,
  tell: (ref: { tenantId: string; campaignId: string }) => Promise<void>,
): Promise<void> {
  if (reply.statusCode >= 300) return;
  const { campaignId } = req.params as { campaignId: string };
  await tell({ tenantId: principalOf(req).tenantId, campaignId });
}

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
          description:
            "Creates a draft campaign: a bonus (a multiplier of the base points, or fixed points) on purchases made between startsAt and endsAt, for members who meet its condition and are in one of its segments (when it has them), with an optional per-member limit and points budget. Nothing is awarded until publishCampaign. Needs `campaigns:write`. 400 when endsAt is not after startsAt or is past, or a segment is not the program's; a retry without the same Idempotency-Key creates a second campaign.",
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
          description:
            "The program's campaigns, oldest first, each with its status (draft, scheduled, active, ended, cancelled, derived from the dates now), budget and participants; filter by status. Needs `campaigns:read`; 404 for an unknown program.",
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
          description:
            "One campaign with its status derived from the dates now, its dates in the program's time zone, the bonus awarded and the budget left. Needs `campaigns:read`.",
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
        onResponse: (req, reply) => notify(req, reply, deps.campaignLifecycle.changed),
        schema: {
          operationId: 'updateCampaign',
          tags,
          summary: 'Edit a campaign; 409 for what its status no longer allows (details.reason says what)',
          description:
            'Changes the fields it names, as far as the status allows (409 `conflict`, details.reason): a draft is freely editable; a start that has passed cannot move (`starts_at_passed`); while active the bonus is fixed (`bonus_locked_while_active`) and an unlimited campaign gets no budget (`budget_added_while_active`); a budget never drops below what was awarded (`budget_below_awarded`); ended and cancelled campaigns are read-only (`campaign_read_only`). Needs `campaigns:write`. A patch that changes nothing answers the campaign as it is.',
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
        onResponse: (req, reply) => notify(req, reply, deps.campaignLifecycle.changed),
        schema: {
          operationId: 'deleteCampaign',
          tags,
          summary: 'Delete a campaign that is not active (cancel an active one first)',
          description:
            'Deletes a campaign that is not active; the bonuses it gave stay. Needs `campaigns:write`. 409 `conflict` (details.reason `campaign_active`) for an active campaign: cancel it first. Deleting again answers 404.',
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
        onResponse: (req, reply) => notify(req, reply, deps.campaignLifecycle.published),
        schema: {
          operationId: 'publishCampaign',
          tags,
          summary: 'Publish a draft: it is scheduled, or active at once if its start has passed',
          description:
            'Publishes a draft: it is scheduled until its start, then active, and purchases made between its dates earn its bonus. Needs `campaigns:write`. 409 `conflict` with details.reason `already_published` (a repeat included), `ends_at_passed` or `campaign_read_only`.',
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
        onResponse: (req, reply) => notify(req, reply, deps.campaignLifecycle.changed),
        schema: {
          operationId: 'cancelCampaign',
          tags,
          summary: 'Cancel a scheduled or active campaign: no more bonuses from now on',
          description:
            'Stops a scheduled or active campaign: purchases from now on earn no bonus from it, and the bonuses it gave stay. Needs `campaigns:write`. 409 `conflict` with details.reason `not_published` for a draft (delete it instead) or `campaign_read_only` once ended or cancelled, a repeat included.',
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
          description:
            'The bonuses the campaign gave, in the order given: member, merchant order id, posting and bonus points; filter by memberId. Needs `campaigns:read`.',
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
          description:
            'Distinct participants, bonuses given, bonus points awarded and the budget left (null without a budget). Needs `campaigns:read`.',
          params: campaignParamsSchema,
          response: responses({ 200: campaignStatsSchema }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.stats(tx, req.params.campaignId)),
    );
  };
}
