import { z } from 'zod';
import { withRule } from '../api/common.ts';
import {
  CONDITION_FIXED_FIELDS,
  CONDITION_KEYED_FIELDS,
  CONDITION_LIMITS,
  CONDITION_FIELD_KEY_PATTERN,
  CONDITION_OPERATORS_BY_TYPE,
  textValueSchema,
  type ConditionFieldScope,
  type ConditionFieldSpec,
  type ConditionOperator,
} from './fields.ts';

// The condition language as JSON Schema can state it, generated from the vocabulary table
// (fields.ts): one comparison shape per group of fields that take the same values and per group
// of operators that take the same kind of value, such as
//   { field: one of the integer fields, op: in | not_in, value: [1 to 1000 integers] }.
// validate-condition.ts walks a condition first and reports every problem with its path; this
// schema then types what the walk accepted, and is what the OpenAPI document shows. What the
// walk checks beyond it is stated in descriptions: the nesting and node limits, and the order of
// a between pair (also as `x-ascending`).

const list = (item: z.ZodType) => z.array(item).min(1).max(CONDITION_LIMITS.maxListLength);
const ascendingPair = (item: z.ZodType) =>
  withRule(z.tuple([item, item]), 'x-ascending', true, '[low, high] with low <= high');
const days = z.int().min(1).max(CONDITION_LIMITS.maxDays);
const finiteNumber = z.number();

/** The value an operator takes on a field, or undefined for none (exists). */
function valueSchema(spec: ConditionFieldSpec, op: ConditionOperator): z.ZodType | undefined {
  const json = spec.type === 'json';
  switch (op) {
    case 'exists':
      return undefined;
    case 'within_days':
    case 'older_than_days':
      return days;
    case 'contains':
      return spec.type === 'string_set' ? spec.scalar : textValueSchema;
    case 'starts_with':
      return textValueSchema;
    case 'between':
      return ascendingPair(json ? finiteNumber : spec.scalar);
    case 'in':
    case 'not_in':
    case 'contains_any':
    case 'contains_all':
      return json ? z.union([list(textValueSchema), list(finiteNumber)]) : list(spec.scalar);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return json ? finiteNumber : spec.scalar;
    case 'eq':
    case 'ne':
      return json ? z.union([textValueSchema, finiteNumber, z.boolean()]) : spec.scalar;
  }
}

/** The comparison shapes of fields sharing one spec: one per group of operators taking the same value. */
function comparisons(field: z.ZodType, spec: ConditionFieldSpec): z.ZodType[] {
  const byValue = new Map<z.ZodType | undefined, ConditionOperator[]>();
  const values = new Map<string, z.ZodType | undefined>();
  for (const op of CONDITION_OPERATORS_BY_TYPE[spec.type]) {
    // Operators whose value schemas are built alike share one shape.
    const kind = `${op === 'exists' ? 'none' : valueKind(op)}`;
    if (!values.has(kind)) values.set(kind, valueSchema(spec, op));
    const value = values.get(kind);
    byValue.set(value, [...(byValue.get(value) ?? []), op]);
  }
  return [...byValue].map(([value, ops]) => {
    const opSchema = ops.length === 1 ? z.literal(ops[0]!) : z.enum(ops as [ConditionOperator, ...ConditionOperator[]]);
    return value === undefined
      ? z.strictObject({ field, op: opSchema })
      : z.strictObject({ field, op: opSchema, value });
  });
}

function valueKind(op: ConditionOperator): string {
  if (op === 'in' || op === 'not_in' || op === 'contains_any' || op === 'contains_all') return 'list';
  if (op === 'within_days' || op === 'older_than_days') return 'days';
  if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') return 'order';
  return op === 'eq' || op === 'ne' ? 'equal' : op;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every comparison shape for the fields of the given scopes. */
function predicateShapes(scopes: readonly ConditionFieldScope[]): z.ZodType[] {
  const shapes: z.ZodType[] = [];
  // Fixed fields with the same spec (type and value schema) share their shapes.
  const groups = new Map<string, { spec: ConditionFieldSpec; names: string[] }>();
  for (const [name, spec] of Object.entries(CONDITION_FIXED_FIELDS) as [string, ConditionFieldSpec][]) {
    if (!scopes.includes(spec.scope)) continue;
    const key = `${spec.type}:${JSON.stringify(z.toJSONSchema(spec.scalar, { io: 'input', unrepresentable: 'any' }))}`;
    const group = groups.get(key) ?? { spec, names: [] };
    group.names.push(name);
    groups.set(key, group);
  }
  for (const { spec, names } of groups.values())
    shapes.push(...comparisons(z.enum(names as [string, ...string[]]), spec));
  for (const [base, spec] of Object.entries(CONDITION_KEYED_FIELDS) as [string, ConditionFieldSpec][]) {
    if (!scopes.includes(spec.scope)) continue;
    const field = z
      .string()
      .regex(new RegExp(`^${escape(base)}\\.${CONDITION_FIELD_KEY_PATTERN.source.slice(1)}`))
      .describe(`${base}.<key>: ${spec.description}`);
    shapes.push(...comparisons(field, spec));
  }
  return shapes;
}

const LIMITS_NOTE =
  `at most ${CONDITION_LIMITS.maxDepth} levels deep and ${CONDITION_LIMITS.maxNodes} nodes in all; ` +
  'all([]) is true, any([]) is false';

function conditionInput(id: string, scopes: readonly ConditionFieldScope[], description: string) {
  const predicates = predicateShapes(scopes);
  const node: z.ZodType = z
    .lazy(() =>
      z.union([
        z.strictObject({ all: z.array(node).max(CONDITION_LIMITS.maxNodes) }),
        z.strictObject({ any: z.array(node).max(CONDITION_LIMITS.maxNodes) }),
        z.strictObject({ not: node }),
        ...predicates,
      ]),
    )
    .meta({
      id,
      description: `${description}; ${LIMITS_NOTE}`,
      // Limits JSON Schema cannot state of a recursive value, for tools (the fuzzer's hooks).
      'x-condition-limits': { maxDepth: CONDITION_LIMITS.maxDepth, maxNodes: CONDITION_LIMITS.maxNodes },
    });
  return node;
}

/** A condition on transaction and member fields (earn rules, campaigns). */
export const conditionInputShape = conditionInput(
  'ConditionDefinition',
  ['transaction', 'member'],
  'a condition of the loyalty engine: {all: [...]}, {any: [...]}, {not: ...} or a comparison {field, op, value}',
);

/** A condition on member fields only (segments, reward eligibility). */
export const memberConditionInputShape = conditionInput(
  'MemberConditionDefinition',
  ['member'],
  'a condition on member fields: {all: [...]}, {any: [...]}, {not: ...} or a comparison {field, op, value}',
);
