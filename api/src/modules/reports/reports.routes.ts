import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type pg from 'pg';
import {
  campaignPerformanceSchema,
  createSavedReportBodySchema,
  cursorQuerySchema,
  kpiQuerySchema,
  kpiSchema,
  pageSchema,
  reportCsvSchema,
  reportDefinitionSchema,
  reportFormatQuerySchema,
  reportResultSchema,
  retentionQuerySchema,
  retentionSchema,
  savedReportParamsSchema,
  savedReportSchema,
  segmentComparisonBodySchema,
  segmentComparisonSchema,
  type ReportDefinition,
  updateSavedReportBodySchema,
} from '@loyalty/shared';
import { compileReport, reportToCsv } from '@loyalty/clickhouse/reports';
import type { Analytics } from '../../db/clickhouse.ts';
import type { PrismaTx } from '../../db/prisma.ts';
import { oldestFirst, pageOfSorted } from '../../http/cursor.ts';
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
          description:
            'Headline KPIs over whole UTC days from `from` (inclusive) to `to` (exclusive), optionally for one program: members, active members, points issued, redeemed and expired, redemption rate, postings and redemptions, read from the real-time rollups in ClickHouse. Needs `reports:read`. 503 `not_ready` when the API runs without ClickHouse.',
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
          description:
            'Runs a report definition (measures, dimensions, filters, time range, grain and time zone) over the ledger in the analytics store and answers its columns and rows as JSON, or as a CSV attachment with `?format=csv`. Needs `reports:read`. 422 `query_too_expensive` when the query would pass the memory, time or row limits; 429 `rate_limited` when your tenant already runs its share of analytics queries; 503 `not_ready` without ClickHouse.',
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
          description:
            'For each campaign that gave a bonus on orders in the range of UTC days, most bonus points first: distinct participants, qualifying orders and bonus points; plus the members with an order in the range and the share of them that earned any campaign bonus. Needs `reports:read`. 503 `not_ready` when the API runs without ClickHouse.',
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
          description:
            'Weekly or monthly cohorts of the members whose first earn or redemption falls in the range, and how many of each were active in every later period; a period not over yet is marked partial. Needs `reports:read`. 503 `not_ready` when the API runs without ClickHouse.',
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
          description:
            "KPIs of 2 to 10 segments side by side over an activity window of UTC days (`from` inclusive, `to` exclusive), with each segment's membership as last published by an evaluation. Needs `reports:read`. 404 when a segment does not exist; 503 `not_ready` when the API runs without ClickHouse.",
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
          description:
            'Your saved reports and those shared in your tenant, oldest first; `mine` tells which you own and may change. Needs `reports:read`.',
          querystring: cursorQuerySchema,
          response: responses({ 200: pageSchema(savedReportSchema) }),
        },
      },
      (req) =>
        read(deps.config, req, async (tx, p) => {
          const views = (await savedReports.list(tx, p)).map((r) => savedReportView(r, p));
          return pageOfSorted(views, req.query, oldestFirst());
        }),
    );

    app.post(
      '/v1/reports/saved',
      {
        config: { auth: 'reports:write', idempotent: true },
        schema: {
          operationId: 'createSavedReport',
          tags,
          summary: 'Save a report definition',
          description:
            'Saves a report definition under a name, visible only to you unless `shared`. Needs `reports:write`. A retry without the same Idempotency-Key saves a second copy.',
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
      '/v1/reports/saved/:savedReportId',
      {
        config: { auth: 'reports:write', idempotent: true },
        schema: {
          operationId: 'updateSavedReport',
          tags,
          summary: 'Rename, redefine or share your report',
          description:
            'Renames, redefines (the definition is replaced whole) or shares or unshares a report you own. Needs `reports:write`. 403 `forbidden` for a report someone else shared, 404 for one you cannot see; repeating the same patch leaves the same report.',
          params: savedReportParamsSchema,
          body: updateSavedReportBodySchema,
          response: responses({ 200: savedReportSchema }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          await savedReports.owned(tx, p, req.params.savedReportId);
          const r = await tx.savedReport.update({
            where: { id: req.params.savedReportId },
            data: { ...req.body, updatedAt: new Date() },
          });
          return { status: 200, body: savedReportView(r, p) };
        }),
    );

    app.delete(
      '/v1/reports/saved/:savedReportId',
      {
        config: { auth: 'reports:write', idempotent: true },
        schema: {
          operationId: 'deleteSavedReport',
          tags,
          summary: 'Delete your report',
          description:
            'Deletes a report you own. Needs `reports:write`. 403 `forbidden` for a report someone else shared, 404 for one you cannot see, so deleting again answers 404.',
          params: savedReportParamsSchema,
          response: responses({ 204: noContent }),
        },
      },
      (req, reply) =>
        mutate(req, reply, deps.config, async (tx, p) => {
          await savedReports.owned(tx, p, req.params.savedReportId);
          await tx.savedReport.delete({ where: { id: req.params.savedReportId } });
          return { status: 204, body: undefined };
        }),
    );

    app.post(
      '/v1/reports/saved/:savedReportId/run',
      {
        config: { auth: 'reports:read' },
        schema: {
          operationId: 'runSavedReport',
          tags,
          summary: 'Run a saved report (JSON, or CSV with ?format=csv)',
          description:
            'Runs a saved report you own or that is shared, as runReport does: JSON, or a CSV attachment with `?format=csv`. Needs `reports:read`. 404 for a report you cannot see; 422 `query_too_expensive`, 429 `rate_limited` and 503 `not_ready` as for runReport.',
          params: savedReportParamsSchema,
          querystring: reportFormatQuerySchema,
          response: analyticsResponses({ 200: jsonOrCsv(reportResultSchema, reportCsvSchema) }),
        },
      },
      async (req, reply) => {
        const p = principalOf(req);
        const saved = await read(deps.config, req, (tx) => savedReports.visible(tx, p, req.params.savedReportId));
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
