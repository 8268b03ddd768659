import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import scalar from '@scalar/fastify-api-reference';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3_1 } from 'openapi-types';
import { withOperationExamples } from './openapi-examples.ts';
import { OPERATION_EXAMPLES } from './openapi-examples/operation-examples.ts';
import { withHttpLayer } from './openapi-http-layer.ts';
import { OPENAPI_TAGS } from './openapi-tags.ts';
import { withoutUnusedSchemas } from './openapi-unused-schemas.ts';
import { operationDescriptionGuard } from './operation-descriptions.ts';
import { withInputGuards } from './openapi-input-guards.ts';
import { operationIdGuard } from './operation-ids.ts';

// The OpenAPI 3.1 document is generated from the routes' zod schemas; Scalar renders it at /docs.

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', operationIdGuard());
  app.addHook('onRoute', operationDescriptionGuard());
  const idempotent = new Set<string>();
  const publicOperations = new Set<string>();
  app.addHook('onRoute', (route) => {
    const operationId = (route.schema as { operationId?: string } | undefined)?.operationId;
    if (!operationId) return;
    if (route.config?.idempotent) idempotent.add(operationId);
    if (route.config?.auth === 'public') publicOperations.add(operationId);
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Loyalty Studio API',
        version: '1.0.0',
        description:
          'Ledger, members and configuration API. Authenticate with an API key (`Authorization: Bearer lsk_...`) ' +
          'or a console access token. Every mutating call accepts an `Idempotency-Key` header.',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'an API key (lsk_...) or an access token from /v1/auth/login',
          },
        },
      },
      security: [{ bearer: [] }],
      tags: OPENAPI_TAGS,
    },
    transform: jsonSchemaTransform,
    transformObject: (input) =>
      withoutUnusedSchemas(
        withOperationExamples(
          withInputGuards(
            withHttpLayer(jsonSchemaTransformObject(input) as OpenAPIV3_1.Document, {
              idempotent,
              public: publicOperations,
            }),
          ),
          OPERATION_EXAMPLES,
        ),
      ) as ReturnType<typeof jsonSchemaTransformObject>,
  });
  app.get('/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, async () => app.swagger());
  await app.register(scalar, { routePrefix: '/docs', configuration: { url: '/openapi.json' } });
}
