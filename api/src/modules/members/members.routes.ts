import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createMemberBodySchema,
  cursorQuerySchema,
  externalIdParamsSchema,
  memberParamsSchema,
  memberSchema,
  pageSchema,
  programParamsSchema,
  updateMemberBodySchema,
} from '@loyalty/shared';
import { mutate, read } from '../../http/route-context.ts';
import { noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { createMembersService } from './members.service.ts';

export function membersRoutes(deps: ApiDeps) {
  const service = createMembersService(deps.pii);
  const exec = deps.sql;
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['members'];
    app.post(
      '/v1/programs/:programId/members',
      {
        config: { auth: 'members:write', idempotent: true },
        schema: {
          operationId: 'createMember',
          tags,
          summary: 'Enrol a member',
          params: programParamsSchema,
          body: createMemberBodySchema,
          response: responses({ 201: memberSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, exec, async (tx, p) => {
          const member = await service.create(tx, p, req.params.programId, req.body);
          return { status: 201, body: member, memberId: member.id };
        }),
    );

    app.get(
      '/v1/programs/:programId/members',
      {
        config: { auth: 'members:read' },
        schema: {
          operationId: 'listMembers',
          tags,
          summary: "A program's members, oldest first",
          params: programParamsSchema,
          querystring: cursorQuerySchema,
          response: responses({ 200: pageSchema(memberSchema) }),
        },
      },
      (req) => read(exec, req, (tx) => service.list(tx, req.params.programId, req.query.cursor, req.query.limit)),
    );

    app.get(
      '/v1/programs/:programId/members/by-external-id/:externalId',
      {
        config: { auth: 'members:read' },
        schema: {
          operationId: 'getMemberByExternalId',
          tags,
          summary: "Look a member up by the merchant's customer id",
          params: externalIdParamsSchema,
          response: responses({ 200: memberSchema }),
        },
      },
      (req) => read(exec, req, (tx) => service.byExternalId(tx, req.params.programId, req.params.externalId)),
    );

    app.get(
      '/v1/members/:memberId',
      {
        config: { auth: 'members:read' },
        schema: {
          operationId: 'getMember',
          tags,
          summary: 'One member with their balance',
          params: memberParamsSchema,
          response: responses({ 200: memberSchema }),
        },
      },
      (req) => read(exec, req, async (tx) => service.view(await service.load(tx, req.params.memberId))),
    );

    app.patch(
      '/v1/members/:memberId',
      {
        config: { auth: 'members:write', idempotent: true },
        schema: {
          operationId: 'updateMember',
          tags,
          summary: "Update a member's profile (null clears a field)",
          params: memberParamsSchema,
          body: updateMemberBodySchema,
          response: responses({ 200: memberSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, exec, async (tx, p) => ({
          status: 200,
          body: await service.update(tx, p, req.params.memberId, req.body),
        })),
    );

    app.delete(
      '/v1/members/:memberId',
      {
        config: { auth: 'members:write', idempotent: true },
        schema: {
          operationId: 'deleteMember',
          tags,
          summary: 'Delete a member: personal data is erased, ledger history kept',
          params: memberParamsSchema,
          response: responses({ 204: noContent }),
        },
      },
      (req, reply) =>
        mutate(req, reply, exec, async (tx, p) => {
          await service.remove(tx, p, req.params.memberId, req.id);
          await req.server.idempotency.forgetMember(tx, req.params.memberId);
          return { status: 204, body: undefined };
        }),
    );
  };
}
