import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type pg from 'pg';
import {
  createSavedReportBodySchema,
  idParamsSchema,
  kpiQuerySchema,
  kpiSchema,
  reportDefinitionSchema,
  reportFormatQuerySchema,
  reportCsvSchema,
  reportResultSchema,
  savedReportSchema,
  segmentComparisonBodySchema,
  campaignPerformanceSchema,
  retentionQuerySchema,
  retentionSchema,
  segmentComparisonSchema,
  updateSavedReportBodySchema,
  type ReportDefinition,
} from '@loyalty/shared';
import { compileReport, reportToCsv } from '@loyalty/clickhouse/reports';
import type { Analytics } from '../../db/clickhouse.ts';
import type { PrismaTx } from '../../db/prisma.ts';
import { mutate, principalOf, read, type Executor } from '../../http/route-context.ts';
import { analyticsResponses, errorResponse, jsonOrCsv, noContent, responses } from '../../http/responses.ts';
import type { Principal } from '../auth/principal.ts';
import { ownerOf, savedReports, savedReportView } from './saved-reports.ts';
import { compareSegments } from './segment-comparison.ts';
import { campaignPerformance, retentionCohorts } from './engagement-reports.ts';

// Custom reports over postings, answered from ClickHouse. The definition is validated by its zod
// contract and compiled to parameterized SQL scoped to the caller's tenant; nothing the caller
// sends is ever spliced into SQL text.

// Fixed SQL text; the program filter is one of two variants, never spliced from input.
const programFilter = (byProgram: boolean) => (byProgram ? 'AND program_id = {program:UUID}' : '');
// Exported for the analytics bench (pipeline/bench), which times exactly this text.
export const KPI_TOTALS_SQL = (byProgram: boolean) => `
  SELECT sum(points_issued) AS points_issued, sum(points_redeemed) AS points_redeemed, sum(points_expired) AS points_expired,
         sum(postings) AS postings, sum(redemptions) AS redemptions, uniqMerge(active_members) AS active_members
    FROM kpi_daily
   WHERE tenant_id = {tenant:UUID} AND day >= {from:Date} AND day < {to:Date} ${programFilter(byProgram)}`;
export const TOTAL_MEMBERS_SQL = (byProgram: boolean) => `
  SELECT count() AS members FROM members FINAL WHERE tenant_id = {tenant:UUID} AND deleted = 0 ${programFilter(byProgram)}`;

async function firstRow(
  analytics: Analytics,
  tenantId: string,
  query: string,
  params: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  return (await analytics.read<Record<string, unknown>>(tenantId, { query, params }))[0] ?? {};
}

export interface ReportsDeps {
  analytics: Analytics;
  /** Tenant transactions on the pool: segment names and ownership for the comparison. */
  sql: Executor<pg.PoolClient>;
  /** Saved reports live in Postgres, through Prisma. */
  config: Executor<PrismaTx>;
}

export function reportsRoutes(deps: ReportsDeps) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/v1/reports/kpis',
      {
        config: { auth: 'reports:read' },
        schema: {
          operationId: 'getKpis',
          tags: ['reports'],
          summary: 'Headline KPIs over a range of days, from the real-time rollups',
          querystring: kpiQuerySchema,
          response: analyticsResponses({ 200: kpiSchema }),
        },
      },
      async (req) => {
        const { from, to, programId } = req.query;
        const tenantId = principalOf(req).tenantId;
        const params = { tenant: tenantId, from, to, program: programId ?? '' };
        const [totals, members] = await Promise.all([
          firstRow(deps.analytics, tenantId, KPI_TOTALS_SQL(programId !== undefined), params),
          firstRow(deps.analytics, tenantId, TOTAL_MEMBERS_SQL(programId !== undefined), params),
        ]);
        const issued = Number(totals.points_issued ?? 0);
        const redeemed = Number(totals.points_redeemed ?? 0);
        return {
          totalMembers: Number(members.members ?? 0),
          activeMembers: Number(totals.active_members ?? 0),
          pointsIssued: issued,
          pointsRedeemed: redeemed,
          pointsExpired: Number(totals.points_expired ?? 0),
          redemptionRate: issued > 0 ? redeemed / issued : null,
          postings: Number(totals.postings ?? 0),
          redemptions: Number(totals.redemptions ?? 0),
        };
      },
    );

    app.post(
      '/v1/reports/query',
      {
        config: { auth: 'reports:read' },
        schema: {
          operationId: 'runReport',
          tags: ['reports'],
          summary: 'Run a custom report (JSON, or CSV with ?format=csv)',
          body: reportDefinitionSchema,
          querystring: reportFormatQuerySchema,
          response: analyticsResponses({ 200: jsonOrCsv(reportResultSchema, reportCsvSchema) }),
        },
      },
      (req, reply) => run(principalOf(req), req.body, req.query.format, reply),
    );

    app.get(
      '/v1/reports/campaigns',
      {
        config: { auth: 'reports:read' },
        schema: {
          operationId: 'getCampaignReport',
          tags: ['reports'],
          summary: 'Campaign participation: participants, qualifying orders and bonus points per campaign',
          querystring: kpiQuerySchema,
          response: analyticsResponses({ 200: campaignPerformanceSchema }),
        },
      },
      (req) => campaignPerformance(deps.analytics, principalOf(req).tenantId, req.query),
    );

    app.get(
      '/v1/reports/retention',
      {
        config: { auth: 'reports:read' },
        schema: {
          operationId: 'getRetentionReport',
          tags: ['reports'],
          summary:
            'Retention cohorts: of the members first active in a period, how many were active in each later period',
          querystring: retentionQuerySchema,
          response: analyticsResponses({ 200: retentionSchema }),
        },
      },
      (req) => retentionCohorts(deps.analytics, principalOf(req).tenantId, req.query),
    );

    app.post(
      '/v1/reports/segment-comparison',
      {
        config: { auth: 'reports:read' },
        schema: {
          operationId: 'compareSegments',
          tags: ['reports'],
          summary: 'KPIs of 2-10 segments side by side (membership as last evaluated)',
          body: segmentComparisonBodySchema,
          response: analyticsResponses({
            200: segmentComparisonSchema,
            404: errorResponse('a segment of segmentIds is not in your tenant'),
          }),
        },
      },
      (req) => read(deps.sql, req, (tx, p) => compareSegments(tx, deps.analytics, p.tenantId, req.body)),
    );

    const tags = ['reports'];
    app.get(
      '/v1/reports/saved',
      {
        config: { auth: 'reports:read' },
        schema: {
          operationId: 'listSavedReports',
          tags,
          summary: 'Your saved reports and those shared in your tenant',
          response: responses({ 200: z.object({ data: z.array(savedReportSchema) }) }),
        },
      },
      (req) =>
        read(deps.config, req, async (tx, p) => ({
          data: (await savedReports.list(tx, p)).map((r) => savedReportView(r, p)),
        })),
    );

    app.post(
      '/v1/reports/saved',
      {
        config: { auth: 'reports:write', idempotent: true },
        schema: {
          operationId: 'createSavedReport',
          tags,
          summary: 'Save a report definition',
          body: createSavedReportBodySchema,
          response: responses({ 201: savedReportSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          const r = await tx.savedReport.create({
            data: {
              tenantId: p.tenantId,
              name: req.body.name,
              definition: req.body.definition,
              shared: req.body.shared,
              owner: ownerOf(p),
            },
          });
          return { status: 201, body: savedReportView(r, p) };
        }),
    );

    app.patch(
      '/v1/reports/saved/:id',
      {
        config: { auth: 'reports:write', idempotent: true },
        schema: {
          operationId: 'updateSavedReport',
          tags,
          summary: 'Rename, redefine or share your report',
          params: idParamsSchema,
          body: updateSavedReportBodySchema,
          response: responses({ 200: savedReportSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          await savedReports.owned(tx, p, req.params.id);
          const r = await tx.savedReport.update({
            where: { id: req.params.id },
            data: { ...req.body, updatedAt: new Date() },
          });
          return { status: 200, body: savedReportView(r, p) };
        }),
    );

    app.delete(
      '/v1/reports/saved/:id',
      {
        config: { auth: 'reports:write', idempotent: true },
        schema: {
          operationId: 'deleteSavedReport',
          tags,
          summary: 'Delete your report',
          params: idParamsSchema,
          response: responses({ 204: noContent }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          await savedReports.owned(tx, p, req.params.id);
          await tx.savedReport.delete({ where: { id: req.params.id } });
          return { status: 204, body: undefined };
        }),
    );

    app.post(
      '/v1/reports/saved/:id/run',
      {
        config: { auth: 'reports:read' },
        schema: {
          operationId: 'runSavedReport',
          tags,
          summary: 'Run a saved report (JSON, or CSV with ?format=csv)',
          params: idParamsSchema,
          querystring: reportFormatQuerySchema,
          response: analyticsResponses({ 200: jsonOrCsv(reportResultSchema, reportCsvSchema) }),
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        const saved = await read(deps.config, req, (tx) => savedReports.visible(tx, p, req.params.id));
        return run(p, reportDefinitionSchema.parse(saved.definition), req.query.format, reply);
      },
    );

    async function run(p: Principal, definition: ReportDefinition, format: 'json' | 'csv', reply: FastifyReply) {
      const { sql, params, columns } = compileReport(definition, { tenantId: p.tenantId });
      const rows = await deps.analytics.read<Record<string, unknown>>(p.tenantId, { query: sql, params });
      if (format === 'csv') {
        // Sent as text, past the JSON serializer: the CSV is the whole answer.
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="report.csv"')
          .serializer((body) => body as string)
          .send(reportToCsv(columns, rows, { guardFormulas: true }) as never);
      }
      return reply.send({ columns, rows });
    }
  };
}
