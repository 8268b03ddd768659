import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createUserBodySchema, idParamsSchema, updateUserBodySchema, userSchema } from '@loyalty/shared';
import { mutate, read } from '../../http/route-context.ts';
import { errorResponse, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { usersRepository, userView } from './users.repository.ts';
import { usersService } from './users.service.ts';

export function usersRoutes(deps: ApiDeps) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/v1/users',
      {
        config: { auth: 'users:read' },
        schema: {
          operationId: 'listUsers',
          tags: ['users'],
          summary: 'Console users of your tenant',
          response: responses({ 200: z.object({ data: z.array(userSchema) }) }),
        },
      },
      (req) => read(deps.config, req, async (tx) => ({ data: (await usersRepository.list(tx)).map(userView) })),
    );

    app.post(
      '/v1/users',
      {
        config: { auth: 'users:write', idempotent: true },
        schema: {
          operationId: 'createUser',
          tags: ['users'],
          summary: 'Add a console user with a role',
          body: createUserBodySchema,
          response: responses({ 201: userSchema, 404: errorResponse('no such role') }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 201,
          body: await usersService.create(tx, p, req.body, req.id),
        })),
    );

    app.patch(
      '/v1/users/:id',
      {
        config: { auth: 'users:write', idempotent: true },
        schema: {
          operationId: 'updateUser',
          tags: ['users'],
          summary: "Change a user's role or disable them (ends their sessions)",
          params: idParamsSchema,
          body: updateUserBodySchema,
          response: responses({ 200: userSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await usersService.update(tx, p, req.params.id, req.body, req.id),
        })),
    );
  };
}
