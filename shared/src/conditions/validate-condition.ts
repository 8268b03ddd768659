import { z } from 'zod';
import {
  CONDITION_LIMITS,
  CONDITION_FIELD_KEY_PATTERN,
  CONDITION_FIELD_NAMES_FOR_HUMANS,
  CONDITION_OPERATORS,
  CONDITION_OPERATORS_BY_TYPE,
  resolveConditionField,
  textValueSchema,
  type ConditionFieldSpec,
  type ConditionOperator,
} from './fields.ts';

// One hand-written walk validates a condition and reports every bad node with its path.
// A plain zod union over node shapes would answer "Invalid input" for anything nested, with
// one sub-error per union branch; walking the tree ourselves lets each message name exactly
// what is wrong where. It also enforces depth before descending, so hostile input cannot
// exhaust the stack.

/** earn: any field; segment and reward: member fields only (evaluated without a transaction). */
export type ConditionUsage = 'earn' | 'segment' | 'reward';
export interface ConditionIssue {
  path: (string | number)[];
  message: string;
}

/** Past this many issues the walk stops: enough to fix a form, bounded for hostile input. */
const MAX_ISSUES = 50;
const NODE_KEYS = ['all', 'any', 'not', 'field'] as const;
const PREDICATE_KEYS = new Set(['field', 'op', 'value']);
const LIST_OPS: ReadonlySet<ConditionOperator> = new Set(['in', 'not_in', 'contains_any', 'contains_all']);
const ORDER_OPS: ReadonlySet<ConditionOperator> = new Set(['gt', 'gte', 'lt', 'lte']);

const finiteNumber = z.number({ error: 'must be a number' }).finite('must be a finite number');
const days = z
  .int({ error: 'must be a whole number of days' })
  .min(1, 'must be at least 1 day')
  .max(CONDITION_LIMITS.maxDays, `must be at most ${CONDITION_LIMITS.maxDays} days`);
const jsonEqValue = z.union([z.string(), finiteNumber, z.boolean()], {
  error: 'must be a string, a number or a boolean',
});

interface Walk {
  usage: ConditionUsage;
  nodes: number;
  issues: ConditionIssue[];
}

export function validateCondition(input: unknown, usage: ConditionUsage = 'earn'): ConditionIssue[] {
  const walk: Walk = { usage, nodes: 0, issues: [] };
  checkNode(input, [], 1, walk);
  return walk.issues;
}

function report(walk: Walk, path: (string | number)[], message: string): void {
  if (walk.issues.length < MAX_ISSUES) walk.issues.push({ path, message });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkNode(input: unknown, path: (string | number)[], depth: number, walk: Walk): void {
  if (walk.issues.length >= MAX_ISSUES) return;
  if (depth > CONDITION_LIMITS.maxDepth) {
    return report(walk, path, `condition is nested too deeply: at most ${CONDITION_LIMITS.maxDepth} levels`);
  }
  walk.nodes += 1;
  if (walk.nodes > CONDITION_LIMITS.maxNodes) {
    // Reported once, where the limit was crossed; the rest of the tree is not worth walking.
    if (walk.nodes === CONDITION_LIMITS.maxNodes + 1)
      report(walk, path, `condition has too many nodes: at most ${CONDITION_LIMITS.maxNodes}`);
    return;
  }
  if (!isObject(input)) {
    return report(
      walk,
      path,
      'must be a condition object: {"all": [...]}, {"any": [...]}, {"not": {...}} or {"field", "op", "value"}',
    );
  }
  const kinds = NODE_KEYS.filter((k) => Object.hasOwn(input, k));
  if (kinds.length !== 1) {
    const found = kinds.length === 0 ? 'none' : kinds.join(', ');
    return report(
      walk,
      path,
      `a condition node must have exactly one of "all", "any", "not" or "field" (found: ${found})`,
    );
  }
  const kind = kinds[0]!;
  if (kind === 'field') return checkPredicate(input, path, walk);
  for (const key of Object.keys(input)) {
    if (key !== kind) report(walk, [...path, key], `unknown key "${key}": this node holds only "${kind}"`);
  }
  const inner = input[kind];
  if (kind === 'not') return checkNode(inner, [...path, 'not'], depth + 1, walk);
  if (!Array.isArray(inner)) return report(walk, [...path, kind], `"${kind}" must be a list of conditions`);
  if (inner.length > CONDITION_LIMITS.maxNodes) {
    return report(walk, [...path, kind], `"${kind}" has too many conditions: at most ${CONDITION_LIMITS.maxNodes}`);
  }
  inner.forEach((child, i) => checkNode(child, [...path, kind, i], depth + 1, walk));
}

function checkPredicate(input: Record<string, unknown>, path: (string | number)[], walk: Walk): void {
  for (const key of Object.keys(input)) {
    if (!PREDICATE_KEYS.has(key))
      report(walk, [...path, key], `unknown key "${key}": a comparison holds "field", "op" and "value"`);
  }
  const { field, op } = input;
  const fieldPath = [...path, 'field'];
  if (typeof field !== 'string') return report(walk, fieldPath, 'must be a field name such as "transaction.amount"');
  const resolved = resolveConditionField(field);
  if (!resolved)
    return report(
      walk,
      fieldPath,
      `unknown field "${field}"; expected one of ${CONDITION_FIELD_NAMES_FOR_HUMANS.join(', ')}`,
    );
  if (resolved.key !== undefined && !CONDITION_FIELD_KEY_PATTERN.test(resolved.key)) {
    return report(
      walk,
      fieldPath,
      `bad key "${resolved.key}" in "${field}": a key is 1-64 letters, digits, "_", "." or "-"`,
    );
  }
  if (walk.usage === 'segment' && resolved.spec.scope === 'transaction') {
    return report(
      walk,
      fieldPath,
      `"${field}" is not available in segment conditions: segments see member fields only`,
    );
  }
  if (walk.usage === 'reward' && resolved.spec.scope === 'transaction') {
    return report(
      walk,
      fieldPath,
      `"${field}" is not available in reward conditions: a redemption has no transaction, use member fields`,
    );
  }
  const opPath = [...path, 'op'];
  const allowed = CONDITION_OPERATORS_BY_TYPE[resolved.spec.type];
  if (typeof op !== 'string' || !(CONDITION_OPERATORS as readonly string[]).includes(op)) {
    return report(
      walk,
      opPath,
      `unknown operator ${JSON.stringify(op)}; expected one of ${CONDITION_OPERATORS.join(', ')}`,
    );
  }
  if (!allowed.includes(op as ConditionOperator)) {
    const typeName = resolved.spec.type.replace('_', '-');
    return report(
      walk,
      opPath,
      `operator "${op}" does not apply to ${typeName} field "${field}"; use one of ${allowed.join(', ')}`,
    );
  }
  checkValue(op as ConditionOperator, resolved.spec, input, [...path, 'value'], walk);
}

function checkValue(
  op: ConditionOperator,
  spec: ConditionFieldSpec,
  input: Record<string, unknown>,
  path: (string | number)[],
  walk: Walk,
): void {
  const has = Object.hasOwn(input, 'value');
  if (op === 'exists') {
    if (has) report(walk, path, '"exists" takes no value: it tests whether the field is present');
    return;
  }
  if (!has) return report(walk, path, `"${op}" needs a value`);
  const value = input.value;

  if (op === 'between') return checkBetween(spec, value, path, walk);
  if (LIST_OPS.has(op)) return checkList(op, spec, value, path, walk);
  checkScalar(scalarSchemaFor(op, spec, value), value, path, walk);
}

function scalarSchemaFor(op: ConditionOperator, spec: ConditionFieldSpec, value: unknown): z.ZodType {
  if (op === 'within_days' || op === 'older_than_days') return days;
  // On a set `contains` takes one member (a segment id); on text it takes any substring.
  if (op === 'contains' || op === 'starts_with') return spec.type === 'string_set' ? spec.scalar : textValueSchema;
  if (spec.type !== 'json') return spec.scalar;
  // json fields: the value's own type picks the comparison; ordering needs a number.
  if (ORDER_OPS.has(op)) return finiteNumber;
  return typeof value === 'string' ? textValueSchema : jsonEqValue;
}

function checkScalar(schema: z.ZodType, value: unknown, path: (string | number)[], walk: Walk): boolean {
  const result = schema.safeParse(value);
  if (result.success) return true;
  report(walk, path, result.error.issues[0]?.message ?? 'invalid value');
  return false;
}

function itemSchema(spec: ConditionFieldSpec, first: unknown): z.ZodType {
  if (spec.type !== 'json') return spec.scalar;
  return typeof first === 'number' ? finiteNumber : textValueSchema;
}

function checkList(
  op: ConditionOperator,
  spec: ConditionFieldSpec,
  value: unknown,
  path: (string | number)[],
  walk: Walk,
): void {
  if (!Array.isArray(value) || value.length === 0) return report(walk, path, `"${op}" needs a non-empty list`);
  if (value.length > CONDITION_LIMITS.maxListLength) {
    return report(walk, path, `"${op}" list is too long: at most ${CONDITION_LIMITS.maxListLength} items`);
  }
  if (spec.type === 'json' && typeof value[0] !== 'string' && typeof value[0] !== 'number') {
    return report(walk, [...path, 0], 'list items must be strings or numbers');
  }
  const schema = itemSchema(spec, value[0]);
  const kind = typeof value[0];
  // Only the first bad item is reported: a 1,000-item list should not yield 1,000 issues.
  for (let i = 0; i < value.length; i++) {
    if (spec.type === 'json' && typeof value[i] !== kind) {
      return report(walk, [...path, i], `list items must all be ${kind}s, like the first one`);
    }
    if (!checkScalar(schema, value[i], [...path, i], walk)) return;
  }
}

function checkBetween(spec: ConditionFieldSpec, value: unknown, path: (string | number)[], walk: Walk): void {
  if (!Array.isArray(value) || value.length !== 2) return report(walk, path, '"between" needs a pair [low, high]');
  const schema = spec.type === 'json' ? finiteNumber : spec.scalar;
  const [low, high] = value as [unknown, unknown];
  if (!checkScalar(schema, low, [...path, 0], walk) || !checkScalar(schema, high, [...path, 1], walk)) return;
  const ordered =
    spec.type === 'timestamp'
      ? Date.parse(low as string) <= Date.parse(high as string)
      : (low as number) <= (high as number);
  if (!ordered) report(walk, path, '"between" needs low <= high');
}
