import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createSegmentBodySchema,
  cursorQuerySchema,
  MAX_SEGMENT_MEMBER_IDS,
  memberParamsSchema,
  memberSegmentSchema,
  pageSchema,
  programParamsSchema,
  segmentListQuerySchema,
  segmentMemberIdsBodySchema,
  segmentMembersAddedSchema,
  segmentMemberSchema,
  segmentMembersQuerySchema,
  segmentMembersRemovedSchema,
  segmentParamsSchema,
  segmentSchema,
  updateSegmentBodySchema,
} from '@loyalty/shared';
import { pageOfSorted, type SortedList } from '../../http/cursor.ts';
import { mutate, read } from '../../http/route-context.ts';
import { noContent, responses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import type { CuratedList } from './segment-membership.ts';
import { createSegmentsService } from './segments.service.ts';

const MEMBER_IDS_BODY_LIMIT = 40 * MAX_SEGMENT_MEMBER_IDS + 64 * 1024;

interface ListRoute {
  operationId: string;
  path: string;
  list: CuratedList;
  op: 'add' | 'remove';
  summary: string;
  description: string;
}

const byNameThenId: SortedList<{ name: string; id: string }> = {
  keyOf: (s) => [s.name, s.id],
  directions: ['asc', 'asc'],
};

export function segmentsRoutes(deps: ApiDeps) {
  const service = createSegmentsService();
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['segments'];

    app.post(
      '/v1/programs/:programId/segments',
      {
        config: { auth: 'segments:write', idempotent: true },
        schema: {
          operationId: 'createSegment',
          tags,
          summary:
            'Create a segment: static (a curated list), dynamic (a condition on member fields) or hybrid (both, with excludes)',
          description:
            'Creates a segment: static (a curated list), dynamic (the members a condition on member fields selects) or hybrid (both, plus an exclude list). The condition runs on the analytics store: it may test only the custom attributes the program declares in settings.analyticsAttributes, and only segments of the program (400 otherwise); the members it selects appear at evaluateSegment. Needs `segments:write`. A retry without the same Idempotency-Key creates a second segment.',
          params: programParamsSchema,
          body: createSegmentBodySchema,
          response: responses({ 201: segmentSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 201,
          body: await service.create(tx, p, req.params.programId, req.body, req.id),
        })),
    );

    app.get(
      '/v1/programs/:programId/segments',
      {
        config: { auth: 'segments:read' },
        schema: {
          operationId: 'listSegments',
          tags,
          summary: "A program's segments, oldest first",
          description:
            "The program's segments, oldest first, with their member counts; filter by kind. Needs `segments:read`; 404 for an unknown program.",
          params: programParamsSchema,
          querystring: segmentListQuerySchema,
          response: responses({ 200: pageSchema(segmentSchema) }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.list(tx, req.params.programId, req.query)),
    );

    app.get(
      '/v1/segments/:segmentId',
      {
        config: { auth: 'segments:read' },
        schema: {
          operationId: 'getSegment',
          tags,
          summary: 'One segment with its member counts',
          description:
            'One segment with its condition, member counts and when it was last evaluated. Needs `segments:read`.',
          params: segmentParamsSchema,
          response: responses({ 200: segmentSchema }),
        },
      },
      (req) => read(deps.config, req, (tx) => service.get(tx, req.params.segmentId)),
    );

    app.patch(
      '/v1/segments/:segmentId',
      {
        config: { auth: 'segments:write', idempotent: true },
        schema: {
          operationId: 'updateSegment',
          tags,
          summary: 'Rename, describe or change the condition of a segment (its kind is fixed)',
          description:
            'Renames or redescribes a segment, or replaces the condition of a dynamic or hybrid one (it takes effect at the next evaluation); the kind is fixed (400). Needs `segments:write`. A patch that changes nothing answers the segment as it is, so repeating one is harmless.',
          params: segmentParamsSchema,
          body: updateSegmentBodySchema,
          response: responses({ 200: segmentSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => ({
          status: 200,
          body: await service.update(tx, p, req.params.segmentId, req.body, req.id),
        })),
    );

    app.delete(
      '/v1/segments/:segmentId',
      {
        config: { auth: 'segments:write', idempotent: true },
        schema: {
          operationId: 'deleteSegment',
          tags,
          summary: 'Delete a segment and its membership; 409 while campaigns or segments still use it',
          description:
            "Deletes the segment and its membership. Needs `segments:write`. 409 `conflict` (details.reason `segment_in_use`, with the campaignIds and segmentIds) while campaigns that are not over target it or other segments' conditions test it. Deleting again answers 404.",
          params: segmentParamsSchema,
          response: responses({ 204: noContent }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          await service.remove(tx, p, req.params.segmentId, req.id);
          return { status: 204, body: undefined };
        }),
    );

    // 10,000 ids are about 390 KB of JSON: more than the default body limit allows.
    const listRoute = ({ operationId, path, list, op, summary, description }: ListRoute) =>
      app.post(
        path,
        {
          config: { auth: 'segments:write', idempotent: true },
          bodyLimit: MEMBER_IDS_BODY_LIMIT,
          schema: {
            operationId,
            tags,
            summary,
            description,
            params: segmentParamsSchema,
            body: segmentMemberIdsBodySchema,
            response: responses({ 200: op === 'add' ? segmentMembersAddedSchema : segmentMembersRemovedSchema }),
          },
        },
        (req, reply) =>
          mutate(req, reply, deps.sql, async (tx, p) => ({
            status: 200,
            body: await service.changeList(tx, p, req.params.segmentId, list, op, req.body.memberIds, req.id),
          })),
      );
    listRoute({
      operationId: 'addSegmentMembers',
      path: '/v1/segments/:segmentId/members',
      list: 'include',
      op: 'add',
      summary: 'Add members to the include list of a static or hybrid segment (at most 10,000 ids)',
      description:
        'Puts members of the program on the include list of a static or hybrid segment; the answer counts those added, those already there and the ids not found in the program (skipped), so repeating it is harmless. Needs `segments:write`. 409 `conflict` (details.reason `segment_kind`) for a dynamic segment, whose members come from its condition.',
    });
    listRoute({
      operationId: 'removeSegmentMembers',
      path: '/v1/segments/:segmentId/members/remove',
      list: 'include',
      op: 'remove',
      summary: 'Remove members from the include list of a static or hybrid segment',
      description:
        'Takes members off the include list of a static or hybrid segment; the answer counts those removed, those not on it and the ids not found in the program, so repeating it is harmless. Needs `segments:write`. 409 `conflict` (details.reason `segment_kind`) for a dynamic segment.',
    });
    listRoute({
      operationId: 'addSegmentExcludes',
      path: '/v1/segments/:segmentId/excludes',
      list: 'exclude',
      op: 'add',
      summary: 'Exclude members from a hybrid segment, whatever its condition or includes say',
      description:
        "Puts members of the program on a hybrid segment's exclude list: they are out of the segment whatever its condition or include list say. The answer counts those added, already there and not found, so repeating it is harmless. Needs `segments:write`. 409 `conflict` (details.reason `segment_kind`) for a static or dynamic segment.",
    });
    listRoute({
      operationId: 'removeSegmentExcludes',
      path: '/v1/segments/:segmentId/excludes/remove',
      list: 'exclude',
      op: 'remove',
      summary: 'Take members off the exclude list of a hybrid segment',
      description:
        "Takes members off a hybrid segment's exclude list; the answer counts those removed, not on it and not found, so repeating it is harmless. Needs `segments:write`. 409 `conflict` (details.reason `segment_kind`) for a static or dynamic segment.",
    });

    app.get(
      '/v1/segments/:segmentId/members',
      {
        config: { auth: 'segments:read' },
        schema: {
          operationId: 'listSegmentMembers',
          tags,
          summary: "The segment's current members (included or matched, not excluded), by member id",
          description:
            'The members in the segment now (on its include list or selected by its condition at the last evaluation, and not excluded), by member id, each with why they are in. Needs `segments:read`.',
          params: segmentParamsSchema,
          querystring: segmentMembersQuerySchema,
          response: responses({ 200: pageSchema(segmentMemberSchema) }),
        },
      },
      (req) =>
        read(deps.sql, req, (tx) =>
          service.members(tx, req.params.segmentId, 'members', req.query.cursor, req.query.limit),
        ),
    );

    app.get(
      '/v1/segments/:segmentId/excludes',
      {
        config: { auth: 'segments:read' },
        schema: {
          operationId: 'listSegmentExcludes',
          tags,
          summary: "A hybrid segment's exclude list, by member id",
          description: "The members on a hybrid segment's exclude list, by member id. Needs `segments:read`.",
          params: segmentParamsSchema,
          querystring: segmentMembersQuerySchema,
          response: responses({ 200: pageSchema(segmentMemberSchema) }),
        },
      },
      (req) =>
        read(deps.sql, req, (tx) =>
          service.members(tx, req.params.segmentId, 'excluded', req.query.cursor, req.query.limit),
        ),
    );

    app.get(
      '/v1/members/:memberId/segments',
      {
        config: { auth: 'segments:read' },
        schema: {
          operationId: 'listMemberSegments',
          tags,
          summary: 'The segments a member is in now',
          description:
            'The segments the member is in now, by name. Needs `segments:read`; 404 for an unknown or deleted member.',
          params: memberParamsSchema,
          querystring: cursorQuerySchema,
          response: responses({ 200: pageSchema(memberSegmentSchema) }),
        },
      },
      (req) =>
        read(deps.sql, req, async (tx) =>
          pageOfSorted(await service.memberSegments(tx, req.params.memberId), req.query, byNameThenId),
        ),
    );
  };
}
