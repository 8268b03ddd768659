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
          description:
            'The console users of your tenant, oldest first, with their role and whether they are disabled. Needs `users:read`.',
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
          description:
            'Adds a console user, who can log in at once with the given password. Needs `users:write`, and only a role whose permissions you all hold (403 `forbidden`, details.missing lists the others); an unknown role is 400. 409 `email_taken` when the tenant has a user with this email, which also refuses a retry that went through. Recorded in the audit log.',
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
      '/v1/users/:userId',
      {
        config: { auth: 'users:write', idempotent: true },
        schema: {
          operationId: 'updateUser',
          tags: ['users'],
          summary: "Change a user's role or disable them (ends their sessions)",
          description:
            "Changes a user's role, or disables or re-enables them; a new role or disabling ends all their sessions, and the API keys they created can do no more than the new role (nothing once disabled). Needs `users:write`, and neither a user who holds permissions you lack nor a role beyond your own (403 `forbidden`). 409 `conflict` for changing your own role or disabling yourself, and for demoting or disabling the last active owner. Repeating the same change leaves the same user.",
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
