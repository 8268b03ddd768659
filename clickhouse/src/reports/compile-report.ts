import { toClickHouseTimestamp, type ReportDefinition } from '@loyalty/shared';
import { quoteIdentifier } from '../sql-identifiers.ts';
import {
  LEDGER_SOURCE,
  PERIOD_SQL,
  ROLLUP_SOURCE,
  rollupServes,
  type ReportSource,
  type ReportSourceName,
} from './report-sources.ts';

// Compiles a validated report definition (shared/src/reports) to one parameterized query.
//
// Safety: the SQL text is assembled only from the fixed fragments of report-sources.ts and
// generated parameter names; every user value (tenant, ids, kinds, dates, limit, even the time
// zone) is a typed `{name:Type}` query parameter the server parses as data. ClickHouse accepts
// a parameter as the zone argument of toStartOfDay/Hour/Week/Month (checked on 26.7), so no
// zone name is ever quoted into the text. The database, when given, goes through quoteIdentifier.
//
// Source: `ledger_entries FINAL` (the README's rule for exact, duplicate-free reads: one row
// per posting in its latest state), or, when it gives the same answer, the 15-minute rollup
// of those postings (migration 0009, see rollupServes), which a busy program's year needs to
// stay interactive. Filtered by tenant first so the primary key prunes and a report can never
// read another tenant. Buckets are by created_at in the report's zone.
//
// Measures mirror the KPI rollups (0005) but on the postings' current state and creation
// time: a confirmed hold counts as issued in the bucket the hold was opened in; a voided
// one never issues. The rollups bucket by the state change instead, so the two agree on
// totals over a range that holds both ends of every hold.

export interface ReportColumn {
  name: string;
  role: 'dimension' | 'period' | 'measure';
  /** How values come back: strings for ids and labels, numbers for measures. */
  type: 'string' | 'number';
}

export interface CompiledReport {
  sql: string;
  /** Pass as `query_params`. */
  params: Record<string, unknown>;
  /** The result columns, in SELECT order. */
  columns: ReportColumn[];
  /** The table it reads. */
  source: ReportSourceName;
}

export interface CompileReportOptions {
  tenantId: string;
  /** Qualifies the table; the client's default database otherwise. */
  database?: string;
  /** `auto` (default): the rollup when it serves the definition, else the ledger. */
  source?: 'auto' | 'ledger';
}

export class ReportCompileError extends Error {
  override readonly name = 'ReportCompileError';
}

const TIMESTAMP = "DateTime64(3, 'UTC')";

export function compileReport(definition: ReportDefinition, options: CompileReportOptions): CompiledReport {
  const params: Record<string, unknown> = { tenant: options.tenantId };
  let next = 0;
  const bind = (type: string, value: unknown): string => {
    const name = `p${next++}`;
    params[name] = value;
    return `{${name}:${type}}`;
  };

  const source: ReportSource = options.source !== 'ledger' && rollupServes(definition) ? ROLLUP_SOURCE : LEDGER_SOURCE;
  const table = options.database === undefined ? source.table : `${quoteIdentifier(options.database)}.${source.table}`;
  const columns: ReportColumn[] = [];
  const select: string[] = [];
  const groupBy: string[] = [];

  if (definition.timeGrain !== 'none') {
    const tz = bind('String', definition.timezone);
    select.push(`${PERIOD_SQL[definition.timeGrain](source.time, tz)} AS period`);
    groupBy.push('period');
    columns.push({ name: 'period', role: 'period', type: 'string' });
  }
  for (const d of definition.dimensions) {
    const expr = source.dimensions[d];
    if (expr === undefined) throw new ReportCompileError(`dimension "${d}" is not available from ${source.table}`);
    select.push(expr === d ? d : `${expr} AS ${d}`);
    groupBy.push(d);
    columns.push({ name: d, role: 'dimension', type: 'string' });
  }
  for (const m of definition.measures) {
    const expr = source.measures[m];
    if (expr === undefined) throw new ReportCompileError(`measure "${m}" is not available from ${source.table}`);
    select.push(`${expr} AS ${m}`);
    columns.push({ name: m, role: 'measure', type: 'number' });
  }

  const from = Date.parse(definition.timeRange.from);
  const to = Date.parse(definition.timeRange.to);
  if (Number.isNaN(from) || Number.isNaN(to)) throw new ReportCompileError('timeRange must hold ISO instants');
  const where = [
    'tenant_id = {tenant:UUID}',
    `${source.time} >= ${bind(TIMESTAMP, toClickHouseTimestamp(from))}`,
    `${source.time} < ${bind(TIMESTAMP, toClickHouseTimestamp(to))}`,
    ...filterSql(definition, source, bind),
  ];

  const known = new Set(columns.map((c) => c.name));
  const order = (definition.orderBy ?? []).map((o) => {
    // The schema checks this too; the compiler must not trust a hand-made definition.
    if (!known.has(o.field)) throw new ReportCompileError(`orderBy field "${o.field}" is not a column of the report`);
    return `${o.field} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`;
  });
  // Ties and the default order go by every grouping column, so pages and exports are stable.
  for (const g of groupBy) if (!order.some((o) => o.startsWith(`${g} `))) order.push(`${g} ASC`);

  const sql = [
    `SELECT ${select.join(', ')}`,
    `FROM ${table}${source.final ? ' FINAL' : ''}`,
    `WHERE ${where.join(' AND ')}`,
    ...(groupBy.length > 0
      ? [`GROUP BY ${groupBy.join(', ')}`, ...(source.having ? [`HAVING ${source.having}`] : [])]
      : []),
    ...(order.length > 0 ? [`ORDER BY ${order.join(', ')}`] : []),
    `LIMIT ${bind('UInt32', definition.limit)}`,
  ].join('\n');
  return { sql, params, columns, source: source.name };
}

type Bind = (type: string, value: unknown) => string;

function filterSql(definition: ReportDefinition, source: ReportSource, bind: Bind): string[] {
  const f = definition.filters;
  if (!f) return [];
  const out: string[] = [];
  if (f.programIds)
    out.push(
      `has(${bind(
        'Array(UUID)',
        f.programIds.map((id) => id.toLowerCase()),
      )}, program_id)`,
    );
  if (f.memberIds)
    out.push(
      `has(${bind(
        'Array(UUID)',
        f.memberIds.map((id) => id.toLowerCase()),
      )}, member_id)`,
    );
  if (f.kinds) out.push(`has(${bind('Array(String)', f.kinds)}, kind)`);
  if (f.statuses) out.push(`has(${bind('Array(String)', f.statuses)}, status)`);
  if (f.actorTypes) out.push(`has(${bind('Array(String)', f.actorTypes)}, actor_type)`);
  if (f.rewardIds) out.push(`has(${bind('Array(String)', f.rewardIds)}, ${source.reward})`);
  if (f.points?.min !== undefined) out.push(`points >= ${bind('Int64', f.points.min)}`);
  if (f.points?.max !== undefined) out.push(`points <= ${bind('Int64', f.points.max)}`);
  return out;
}
