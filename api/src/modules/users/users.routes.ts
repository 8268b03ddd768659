import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createUserBodySchema,
  cursorQuerySchema,
  pageSchema,
  updateUserBodySchema,
  userParamsSchema,
  userSchema,
} from '@loyalty/shared';
import { oldestFirst, pageOfSorted } from '../../http/cursor.ts';
import { mutate, read } from '../../http/route-context.ts';
import { responses } from '../../http/responses.ts';
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
          querystring: cursorQuerySchema,
          response: responses({ 200: pageSchema(userSchema) }),
        },
      },
      (req) =>
        read(deps.config, req, async (tx) =>
          pageOfSorted((await usersRepository.list(tx)).map(userView), req.query, oldestFirst()),
        ),
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
          response: responses({ 201: userSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 201,
          body: await usersService.create(tx, p, req.body, req.id),
        })),
    );

    app.patch(
      '/v1/users/:userId',
      {
        config: { auth: 'users:write', idempotent: true },
        schema: {
          operationId: 'updateUser',
          tags: ['users'],
          summary: "Change a user's role or disable them (ends their sessions)",
          params: userParamsSchema,
          body: updateUserBodySchema,
          response: responses({ 200: userSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await usersService.update(tx, p, req.params.userId, req.body, req.id),
        })),
    );
  };
}
