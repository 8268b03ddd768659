import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { onboardingBodySchema, onboardingResponseSchema, tenantSchema, updateTenantBodySchema } from '@loyalty/shared';
import { mutate, read } from '../../http/route-context.ts';
import { errorResponse, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { createTenantsService } from './tenants.service.ts';

export function tenantsRoutes(deps: ApiDeps) {
  const service = createTenantsService(deps);
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/v1/onboarding',
      {
        config: { auth: 'public' },
        schema: {
          operationId: 'onboardTenant',
          tags: ['tenants'],
          summary: 'Create a merchant and its owner',
          description:
            "Creates a merchant (tenant) with its owner user and logs the owner in: the answer carries the owner's access and refresh tokens. Public: needs no credentials (anonymous calls are rate limited per address). 409 `slug_taken` when the slug is taken or reserved, which also refuses a retry of a signup that went through.",
          security: [],
          body: onboardingBodySchema,
          response: responses({ 201: onboardingResponseSchema, 409: errorResponse('the slug is reserved or taken') }),
        },
      },
      async (req, reply) => reply.code(201).send(await service.onboard(req.body, req.id)),
    );

    app.get(
      '/v1/tenant',
      {
        config: { auth: 'tenant:read' },
        schema: {
          operationId: 'getTenant',
          tags: ['tenants'],
          summary: 'Your merchant profile',
          description: "Your merchant's profile, settings and white-label subdomain. Needs `tenant:read`.",
          response: responses({ 200: tenantSchema }),
        },
      },
      (req) => read(deps.config, req, (tx, p) => service.get(tx, p)),
    );

    app.patch(
      '/v1/tenant',
      {
        config: { auth: 'tenant:write', idempotent: true },
        schema: {
          operationId: 'updateTenant',
          tags: ['tenants'],
          summary: 'Update your merchant profile and settings',
          description:
            'Changes the fields it names: `null` clears legalName, contactEmail or website, and settings are merged key by key; the slug is fixed. Recorded in the audit log. Needs `tenant:write`. Repeating the same patch leaves the same profile.',
          body: updateTenantBodySchema,
          response: responses({ 200: tenantSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await service.update(tx, p, req.body, req.id),
        })),
    );
  };
}
