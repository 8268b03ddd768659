import type { Condition, ConditionPredicate } from './condition-schema.ts';
import { formatConditionPath } from './condition-schema.ts';
import { resolveConditionField, type ConditionFixedFieldName, type ConditionOperator } from './fields.ts';
import { toEpochMs } from './evaluate.ts';

// Compiles a segment condition to a WHERE fragment over the member-features table.
// Every user value is a typed query parameter ({p0:Int64}); the only identifiers in the SQL
// come from MEMBER_FEATURE_COLUMNS below, never from the condition, and attribute keys are
// parameters too. The caller adds the tenant/program filter and the FROM clause.
//
// Same semantics as the evaluator (see evaluate.ts). ClickHouse compares NULL to anything as
// NULL and NOT NULL is NULL, which would make not(x > 5) drop members without x; so every
// comparison on a nullable column is guarded (`col IS NOT NULL AND ...`) and yields 0, not NULL.

/** The contract with the analytics side: one row per member, these columns. */
export interface MemberFeatureColumn {
  readonly column: string;
  readonly nullable: boolean;
  /** ClickHouse type of one value parameter compared with this column. */
  readonly paramType: string;
}

type MemberFixedField = Extract<ConditionFixedFieldName, `member.${string}`>;

const TIMESTAMP_PARAM = "DateTime64(3, 'UTC')";

export const MEMBER_FEATURE_COLUMNS: Readonly<Record<MemberFixedField, MemberFeatureColumn>> = {
  'member.tier': { column: 'tier', nullable: true, paramType: 'String' },
  'member.birthday_month': { column: 'birthday_month', nullable: true, paramType: 'Int64' },
  'member.segments': { column: 'segment_ids', nullable: false, paramType: 'UUID' },
  'member.balance': { column: 'balance', nullable: false, paramType: 'Int64' },
  'member.lifetime_earned': { column: 'lifetime_earned', nullable: false, paramType: 'Int64' },
  'member.lifetime_redeemed': { column: 'lifetime_redeemed', nullable: false, paramType: 'Int64' },
  'member.last_activity_at': { column: 'last_activity_at', nullable: true, paramType: TIMESTAMP_PARAM },
  'member.transaction_count': { column: 'transaction_count', nullable: false, paramType: 'Int64' },
  'member.transaction_value': { column: 'transaction_value', nullable: false, paramType: 'Int64' },
  'member.redemption_count': { column: 'redemption_count', nullable: false, paramType: 'Int64' },
};
/** `attributes String`: the member's custom attributes as JSON text, read with JSONExtract*. */
export const MEMBER_ATTRIBUTES_COLUMN = 'attributes';

export interface ClickHouseSqlOptions {
  /** Required when the condition uses within_days / older_than_days: the cut-off is computed from it. */
  now?: Date | string | number;
  /** Parameter names are `<prefix><n>`; change it to combine several fragments in one query. */
  paramPrefix?: string;
}

export interface ClickHouseSql {
  sql: string;
  /** Pass as `query_params`; timestamps are UTC 'YYYY-MM-DD hh:mm:ss.sss' strings. */
  params: Record<string, unknown>;
}

export class ConditionSqlError extends Error {
  override readonly name = 'ConditionSqlError';
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

const DAY_MS = 86_400_000;
const PREFIX_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,30}$/;
const ORDER_SQL: Partial<Record<ConditionOperator, string>> = {
  eq: '=',
  ne: '!=',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};
const JSON_NUMBER_TYPES = "('Int64', 'UInt64', 'Double')";

export function toClickHouseSql(condition: Condition, options: ClickHouseSqlOptions = {}): ClickHouseSql {
  const prefix = options.paramPrefix ?? 'p';
  if (!PREFIX_PATTERN.test(prefix)) throw new ConditionSqlError('(root)', `bad parameter prefix "${prefix}"`);
  const params: Record<string, unknown> = {};
  let next = 0;
  const bind = (type: string, value: unknown): string => {
    const name = `${prefix}${next++}`;
    params[name] = value;
    return `{${name}:${type}}`;
  };

  const cutoff = (path: (string | number)[], daysAgo: number): string => {
    const now = toEpochMs(options.now);
    if (Number.isNaN(now))
      throw new ConditionSqlError(formatConditionPath(path), 'relative-time operators need options.now');
    return bind(TIMESTAMP_PARAM, toClickHouseTimestamp(now - daysAgo * DAY_MS));
  };

  const node = (c: Condition, path: (string | number)[]): string => {
    if ('all' in c)
      return join(
        c.all.map((child, i) => node(child, [...path, 'all', i])),
        'AND',
        '1',
      );
    if ('any' in c)
      return join(
        c.any.map((child, i) => node(child, [...path, 'any', i])),
        'OR',
        '0',
      );
    if ('not' in c) return `NOT (${node(c.not, [...path, 'not'])})`;
    return predicate(c, path);
  };

  const predicate = (p: ConditionPredicate, path: (string | number)[]): string => {
    const at = formatConditionPath(path);
    const field = resolveConditionField(p.field);
    if (!field) throw new ConditionSqlError(at, `unknown field "${p.field}"`);
    if (field.spec.scope !== 'member') {
      throw new ConditionSqlError(at, `"${p.field}" is not available in segment SQL: segments see member fields only`);
    }
    const { op, value } = p;
    if (field.key !== undefined) return attributePredicate(op, value, bind('String', field.key), bind);
    const col = MEMBER_FEATURE_COLUMNS[field.name as MemberFixedField];
    if (field.spec.type === 'string_set') return setPredicate(col, op, value, bind);
    if (op === 'exists') return col.nullable ? `${col.column} IS NOT NULL` : '1';
    const expr = scalarPredicate(col, op, value, bind, (days) => cutoff([...path, 'value'], days));
    return col.nullable ? `(${col.column} IS NOT NULL AND ${expr})` : expr;
  };

  return { sql: node(condition, []), params };
}

type Bind = (type: string, value: unknown) => string;

function join(parts: string[], operator: 'AND' | 'OR', empty: string): string {
  if (parts.length === 0) return empty;
  if (parts.length === 1) return parts[0]!;
  return `(${parts.join(` ${operator} `)})`;
}

/** 'YYYY-MM-DD hh:mm:ss.sss' in UTC: what a DateTime64(3, 'UTC') parameter parses exactly. */
export function toClickHouseTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}

function scalarPredicate(
  col: MemberFeatureColumn,
  op: ConditionOperator,
  value: ConditionPredicate['value'],
  bind: Bind,
  cutoff: (days: number) => string,
): string {
  const c = col.column;
  const isTime = col.paramType === TIMESTAMP_PARAM;
  const v = (x: unknown) => bind(col.paramType, isTime ? toClickHouseTimestamp(Date.parse(x as string)) : x);
  const list = (xs: unknown) => bind(`Array(${col.paramType})`, xs);
  const order = ORDER_SQL[op];
  if (order) return `${c} ${order} ${v(value)}`;
  switch (op) {
    case 'in':
      return `has(${list(value)}, ${c})`;
    case 'not_in':
      return `NOT has(${list(value)}, ${c})`;
    case 'between': {
      const [lo, hi] = value as [unknown, unknown];
      return `(${c} >= ${v(lo)} AND ${c} <= ${v(hi)})`;
    }
    case 'contains':
      return `position(${c}, ${v(value)}) > 0`;
    case 'starts_with':
      return `startsWith(${c}, ${v(value)})`;
    case 'within_days':
      return `${c} >= ${cutoff(value as number)}`;
    case 'older_than_days':
      return `${c} < ${cutoff(value as number)}`;
    default:
      throw new Error(`operator "${op}" does not fit column ${c}`);
  }
}

function setPredicate(
  col: MemberFeatureColumn,
  op: ConditionOperator,
  value: ConditionPredicate['value'],
  bind: Bind,
): string {
  // Lower-case like the evaluator: ids in ClickHouse come from Postgres, which prints them so.
  if (op === 'contains') return `has(${col.column}, ${bind(col.paramType, String(value).toLowerCase())})`;
  const ids = bind(
    `Array(${col.paramType})`,
    (value as string[]).map((id) => id.toLowerCase()),
  );
  if (op === 'contains_any') return `hasAny(${col.column}, ${ids})`;
  if (op === 'contains_all') return `hasAll(${col.column}, ${ids})`;
  throw new Error(`operator "${op}" does not fit column ${col.column}`);
}

/**
 * Attributes are JSON text: JSONType is 'Null' for a missing key and for a JSON null, and the
 * comparison runs only when the stored value has the type the condition's value has, like
 * the evaluator's "no coercions" rule.
 */
function attributePredicate(
  op: ConditionOperator,
  value: ConditionPredicate['value'],
  key: string,
  bind: Bind,
): string {
  const a = MEMBER_ATTRIBUTES_COLUMN;
  const type = `JSONType(${a}, ${key})`;
  if (op === 'exists') return `${type} != 'Null'`;
  const sample = Array.isArray(value) ? value[0] : value;
  const [guard, extract, paramType] =
    typeof sample === 'number'
      ? [`${type} IN ${JSON_NUMBER_TYPES}`, `JSONExtractFloat(${a}, ${key})`, 'Float64']
      : typeof sample === 'boolean'
        ? [`${type} = 'Bool'`, `JSONExtractBool(${a}, ${key})`, 'Bool']
        : [`${type} = 'String'`, `JSONExtractString(${a}, ${key})`, 'String'];
  const order = ORDER_SQL[op];
  let expr: string;
  if (order) expr = `${extract} ${order} ${bind(paramType, value)}`;
  else if (op === 'in') expr = `has(${bind(`Array(${paramType})`, value)}, ${extract})`;
  else if (op === 'not_in') expr = `NOT has(${bind(`Array(${paramType})`, value)}, ${extract})`;
  else if (op === 'between') {
    const [lo, hi] = value as [number, number];
    expr = `(${extract} >= ${bind(paramType, lo)} AND ${extract} <= ${bind(paramType, hi)})`;
  } else if (op === 'contains') expr = `position(${extract}, ${bind(paramType, value)}) > 0`;
  else if (op === 'starts_with') expr = `startsWith(${extract}, ${bind(paramType, value)})`;
  else throw new Error(`operator "${op}" does not fit an attribute`);
  return `(${guard} AND ${expr})`;
}
