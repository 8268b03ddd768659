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
    const listRoute = ({ operationId, path, list, op, summary }: ListRoute) =>
      app.post(
        path,
        {
          config: { auth: 'segments:write', idempotent: true },
          bodyLimit: MEMBER_IDS_BODY_LIMIT,
          schema: {
            operationId,
            tags,
            summary,
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
    });
    listRoute({
      operationId: 'removeSegmentMembers',
      path: '/v1/segments/:segmentId/members/remove',
      list: 'include',
      op: 'remove',
      summary: 'Remove members from the include list of a static or hybrid segment',
    });
    listRoute({
      operationId: 'addSegmentExcludes',
      path: '/v1/segments/:segmentId/excludes',
      list: 'exclude',
      op: 'add',
      summary: 'Exclude members from a hybrid segment, whatever its condition or includes say',
    });
    listRoute({
      operationId: 'removeSegmentExcludes',
      path: '/v1/segments/:segmentId/excludes/remove',
      list: 'exclude',
      op: 'remove',
      summary: 'Take members off the exclude list of a hybrid segment',
    });

    app.get(
      '/v1/segments/:segmentId/members',
      {
        config: { auth: 'segments:read' },
        schema: {
          operationId: 'listSegmentMembers',
          tags,
          summary: "The segment's current members (included or matched, not excluded), by member id",
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
