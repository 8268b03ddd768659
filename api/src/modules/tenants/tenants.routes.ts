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
