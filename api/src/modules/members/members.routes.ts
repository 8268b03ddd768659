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
          description:
            "Enrols a member under the merchant's customer id (`externalId`, unique in the program), with an optional profile and custom attributes; the balance starts at zero. The profile (email, phone, name, birthday) is stored encrypted; events carry only the birth month and the attributes the program declares in settings.analyticsAttributes. Needs `members:write`. 409 `external_id_taken` when the program has a member with this externalId, which also refuses a retry that went through.",
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
          description:
            "The program's members in enrolment order, with profile and balance; deleted members are left out. Needs `members:read`; 404 for an unknown program.",
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
          description:
            'The member of the program with this merchant customer id, matched exactly. Needs `members:read`; 404 when there is none.',
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
          description:
            'One member with profile, custom attributes and balance. Needs `members:read`; 404 once the member is deleted.',
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
          description:
            'Changes the profile fields it names: `null` clears one, and `attributes` replaces the custom attributes whole; the externalId is fixed. Needs `members:write`. Repeating the same patch leaves the same member.',
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
          description:
            "Erases the member's personal data and removes them from lists and lookups; their ledger history stays, as accounting requires, their externalId is free again, and analytics erase their copies. Stored Idempotency-Key answers about the member are dropped too. Needs `members:write`. Deleting again answers 404.",
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
