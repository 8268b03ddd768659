import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { reportDefinitionSchema, reportFormatQuerySchema, reportResultSchema } from '@loyalty/shared';
import { compileReport, reportToCsv } from '@loyalty/clickhouse/reports';
import { DomainError } from '../../domain-error.ts';
import { principalOf } from '../../http/route-context.ts';
import { responses } from '../../http/responses.ts';

// Custom reports over postings, answered from ClickHouse. The definition is validated by its zod
// contract and compiled to parameterized SQL scoped to the caller's tenant; nothing the caller
// sends is ever spliced into SQL text.

export interface ReportsDeps {
  clickhouse?: { url: string; database: string };
}

export function reportsRoutes(deps: ReportsDeps) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const client: ClickHouseClient | undefined = deps.clickhouse
      ? createClient({ url: deps.clickhouse.url, database: deps.clickhouse.database, log: { level: ClickHouseLogLevel.WARN } })
      : undefined;
    app.addHook('onClose', async () => client?.close());

    app.post('/v1/reports/query', {
      config: { auth: 'reports:read' },
      schema: {
        tags: ['reports'],
        summary: 'Run a custom report (JSON, or CSV with ?format=csv)',
        body: reportDefinitionSchema,
        querystring: reportFormatQuerySchema,
        response: responses({ 200: reportResultSchema }),
      },
    }, async (req, reply) => {
      if (!client) throw new DomainError('not_ready', 'reports need ClickHouse: CLICKHOUSE_URL is not configured');
      const { sql, params, columns } = compileReport(req.body, { tenantId: principalOf(req).tenantId });
      const rs = await client.query({
        query: sql,
        query_params: params,
        format: 'JSONEachRow',
        clickhouse_settings: { output_format_json_quote_64bit_integers: 0, max_execution_time: 30 },
      });
      const rows = await rs.json<Record<string, unknown>>();
      if (req.query.format === 'csv') {
        // Sent as text, past the JSON serializer: the CSV is the whole answer.
        const csv = reportToCsv(columns, rows, { guardFormulas: true });
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="report.csv"')
          .serializer((body) => body as string)
          .send(csv as never);
      }
      return { columns, rows };
    });
  };
}
