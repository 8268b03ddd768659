import { toClickHouseTimestamp, type ReportDefinition, type ReportDimension, type ReportMeasure, type ReportTimeGrain } from '@loyalty/shared';
import { quoteIdentifier } from '../sql-identifiers.ts';

// Compiles a validated report definition (shared/src/reports) to one parameterized query.
//
// Safety: the SQL text is assembled only from the fixed maps below and generated parameter
// names; every user value (tenant, ids, kinds, dates, limit, even the time zone) is a typed
// `{name:Type}` query parameter the server parses as data. ClickHouse accepts a parameter as
// the zone argument of toStartOfDay/Hour/Week/Month (checked on 26.7), so no zone name is
// ever quoted into the text. The database, when given, goes through quoteIdentifier.
//
// Source: `ledger_entries FINAL` (the README's rule for exact, duplicate-free reads: one row
// per posting in its latest state), filtered by tenant first so the primary key prunes and a
// report can never read another tenant. Buckets are by created_at in the report's zone.
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
}

export interface CompileReportOptions {
  tenantId: string;
  /** Qualifies the table; the client's default database otherwise. */
  database?: string;
}

export class ReportCompileError extends Error {
  override readonly name = 'ReportCompileError';
}

const POSTED = "status = 'posted'";

export const REPORT_DIMENSION_SQL: Readonly<Record<ReportDimension, string>> = {
  program: 'toString(program_id)',
  member: 'toString(member_id)',
  // Plain columns under their own name: an alias such as `toString(kind) AS kind` would
  // shadow the column in WHERE and in the measures.
  kind: 'kind',
  status: 'status',
  // The same key as reward_redemptions_* (0006): metadata.rewardId when a string, else ''.
  reward: "if(JSONType(metadata, 'rewardId') = 'String', JSONExtractString(metadata, 'rewardId'), '')",
  actor_type: 'actor_type',
};

export const REPORT_MEASURE_SQL: Readonly<Record<ReportMeasure, string>> = {
  points_issued: `sumIf(points, ${POSTED} AND kind IN ('earn', 'adjust') AND points > 0)`,
  points_redeemed: `sumIf(-points, ${POSTED} AND kind = 'redeem')`,
  points_expired: `sumIf(-points, ${POSTED} AND kind = 'expire')`,
  net_points: `sumIf(points, ${POSTED})`,
  postings: `countIf(${POSTED})`,
  redemptions: `countIf(${POSTED} AND kind = 'redeem')`,
  // Members who acted (an earn, a hold, a redemption) in the bucket, like the rollups' measure,
  // but exact: the report reads the postings themselves.
  active_members: "uniqExactIf(member_id, kind IN ('earn', 'redeem'))",
  // NULL, not NaN or a division error, for a bucket without posted postings.
  avg_points_per_posting: `if(countIf(${POSTED}) = 0, NULL, round(sumIf(points, ${POSTED}) / countIf(${POSTED}), 2))`,
};

// Weeks start on Monday (mode 1), ISO style. Day, week and month buckets show as local dates;
// an hour shows with its UTC offset, since a local hour repeats when clocks go back.
const PERIOD_SQL: Readonly<Record<Exclude<ReportTimeGrain, 'none'>, (tz: string) => string>> = {
  hour: (tz) => `formatDateTime(toStartOfHour(created_at, ${tz}), '%Y-%m-%dT%H:%i:%S%z')`,
  day: (tz) => `toString(toDate(toStartOfDay(created_at, ${tz}), ${tz}))`,
  week: (tz) => `toString(toStartOfWeek(created_at, 1, ${tz}))`,
  month: (tz) => `toString(toStartOfMonth(created_at, ${tz}))`,
};

const TIMESTAMP = "DateTime64(3, 'UTC')";

export function compileReport(definition: ReportDefinition, options: CompileReportOptions): CompiledReport {
  const params: Record<string, unknown> = { tenant: options.tenantId };
  let next = 0;
  const bind = (type: string, value: unknown): string => {
    const name = `p${next++}`;
    params[name] = value;
    return `{${name}:${type}}`;
  };

  const table = options.database === undefined ? 'ledger_entries' : `${quoteIdentifier(options.database)}.ledger_entries`;
  const columns: ReportColumn[] = [];
  const select: string[] = [];
  const groupBy: string[] = [];

  if (definition.timeGrain !== 'none') {
    const tz = bind('String', definition.timezone);
    select.push(`${PERIOD_SQL[definition.timeGrain](tz)} AS period`);
    groupBy.push('period');
    columns.push({ name: 'period', role: 'period', type: 'string' });
  }
  for (const d of definition.dimensions) {
    const expr = REPORT_DIMENSION_SQL[d];
    select.push(expr === d ? d : `${expr} AS ${d}`);
    groupBy.push(d);
    columns.push({ name: d, role: 'dimension', type: 'string' });
  }
  for (const m of definition.measures) {
    select.push(`${REPORT_MEASURE_SQL[m]} AS ${m}`);
    columns.push({ name: m, role: 'measure', type: 'number' });
  }

  const from = Date.parse(definition.timeRange.from);
  const to = Date.parse(definition.timeRange.to);
  if (Number.isNaN(from) || Number.isNaN(to)) throw new ReportCompileError('timeRange must hold ISO instants');
  const where = [
    'tenant_id = {tenant:UUID}',
    `created_at >= ${bind(TIMESTAMP, toClickHouseTimestamp(from))}`,
    `created_at < ${bind(TIMESTAMP, toClickHouseTimestamp(to))}`,
    ...filterSql(definition, bind),
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
    `FROM ${table} FINAL`,
    `WHERE ${where.join(' AND ')}`,
    ...(groupBy.length > 0 ? [`GROUP BY ${groupBy.join(', ')}`] : []),
    ...(order.length > 0 ? [`ORDER BY ${order.join(', ')}`] : []),
    `LIMIT ${bind('UInt32', definition.limit)}`,
  ].join('\n');
  return { sql, params, columns };
}

type Bind = (type: string, value: unknown) => string;

function filterSql(definition: ReportDefinition, bind: Bind): string[] {
  const f = definition.filters;
  if (!f) return [];
  const out: string[] = [];
  if (f.programIds) out.push(`has(${bind('Array(UUID)', f.programIds.map((id) => id.toLowerCase()))}, program_id)`);
  if (f.memberIds) out.push(`has(${bind('Array(UUID)', f.memberIds.map((id) => id.toLowerCase()))}, member_id)`);
  if (f.kinds) out.push(`has(${bind('Array(String)', f.kinds)}, kind)`);
  if (f.statuses) out.push(`has(${bind('Array(String)', f.statuses)}, status)`);
  if (f.actorTypes) out.push(`has(${bind('Array(String)', f.actorTypes)}, actor_type)`);
  if (f.rewardIds) out.push(`has(${bind('Array(String)', f.rewardIds)}, ${REPORT_DIMENSION_SQL.reward})`);
  if (f.points?.min !== undefined) out.push(`points >= ${bind('Int64', f.points.min)}`);
  if (f.points?.max !== undefined) out.push(`points <= ${bind('Int64', f.points.max)}`);
  return out;
}
