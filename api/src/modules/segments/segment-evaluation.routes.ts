import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  programParamsSchema,
  programSegmentEvaluationSchema,
  segmentEvaluationSchema,
  segmentParamsSchema,
} from '@loyalty/shared';
import { notFound } from '../../domain-error.ts';
import { mutate } from '../../http/route-context.ts';
import { analyticsResponses } from '../../http/responses.ts';
import type { ApiDeps } from '../../api-deps.ts';
import { programExists } from '../programs/programs.repository.ts';
import { evaluateSegment, segmentsOfProgram } from './segment-evaluation.ts';

// On-demand evaluation; the workflows side calls the same service on a schedule.
export function segmentEvaluationRoutes(deps: ApiDeps) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const tags = ['segments'];

    app.post(
      '/v1/segments/:segmentId/evaluate',
      {
        config: { auth: 'segments:write', idempotent: true },
        schema: {
          operationId: 'evaluateSegment',
          tags,
          summary:
            "Evaluate a segment now: materialize its condition's members (dynamic, hybrid) and publish its membership to analytics",
          description:
            "Runs a dynamic or hybrid segment's condition on the analytics store and stores the members it selects (counting those added and removed); then, for every kind, publishes the segment's membership to analytics, where segment conditions and reports read it. Needs `segments:write`. 503 `not_ready` when the API runs without ClickHouse, 422 `query_too_expensive` past the analytics limits. Safe to repeat: each run starts from the current data.",
          params: segmentParamsSchema,
          response: analyticsResponses({ 200: segmentEvaluationSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.sql, async (tx, p) => ({
          status: 200,
          body: await evaluateSegment(tx, deps.analytics, p.tenantId, req.params.segmentId),
        })),
    );

    app.post(
      '/v1/programs/:programId/segments/evaluate',
      {
        config: { auth: 'segments:write', idempotent: true },
        schema: {
          operationId: 'evaluateProgramSegments',
          tags,
          summary: 'Evaluate every segment of a program',
          description:
            'Evaluates every segment of the program one after another, oldest first, as evaluateSegment does, and answers each result. Needs `segments:write`. 503 `not_ready` when the API runs without ClickHouse; safe to repeat.',
          params: programParamsSchema,
          response: analyticsResponses({ 200: programSegmentEvaluationSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.sql, async (tx, p) => {
          if (!(await programExists(tx, req.params.programId))) throw notFound('program');
          const data = [];
          for (const id of await segmentsOfProgram(tx, req.params.programId))
            data.push(await evaluateSegment(tx, deps.analytics, p.tenantId, id));
          return { status: 200, body: { data } };
        }),
    );
  };
}
