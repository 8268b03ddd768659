import {
  CONDITION_FIXED_FIELDS,
  CONDITION_KEYED_FIELDS,
  CONDITION_OPERATORS_BY_TYPE,
  resolveConditionField,
  type Condition,
  type ConditionFieldType,
  type ConditionOperator,
  type ConditionPredicate,
  type ConditionValue,
} from '@loyalty/shared';

// Editing a condition as a tree: every change is a pure function from the old condition to the
// new one, addressed by the node's path from the root (`['all', 2, 'any', 0]`). Those paths are
// the ones the API's validation issues carry under `condition.`, so an error lands on its node.

export type NodePath = readonly (string | number)[];

export type NodeKind = 'all' | 'any' | 'not' | 'predicate';

export function kindOf(node: Condition): NodeKind {
  if ('all' in node) return 'all';
  if ('any' in node) return 'any';
  if ('not' in node) return 'not';
  return 'predicate';
}

export function childrenOf(node: Condition): Condition[] {
  if ('all' in node) return node.all;
  if ('any' in node) return node.any;
  if ('not' in node) return [node.not];
  return [];
}

/** The path of a group's i-th child (a `not` has one child, at `['not']`). */
export function childPath(path: NodePath, node: Condition, index: number): NodePath {
  const kind = kindOf(node);
  return kind === 'not' ? [...path, 'not'] : [...path, kind, index];
}

function group(kind: 'all' | 'any', children: Condition[]): Condition {
  return kind === 'all' ? { all: children } : { any: children };
}

export function nodeAt(root: Condition, path: NodePath): Condition | undefined {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node as Condition | undefined;
}

export function replaceAt(root: Condition, path: NodePath, next: Condition): Condition {
  if (path.length === 0) return next;
  const [key, ...rest] = path;
  const inner = (root as unknown as Record<string | number, unknown>)[key!];
  if (Array.isArray(inner)) {
    const [index, ...deeper] = rest;
    const copy = [...(inner as Condition[])];
    copy[index as number] = replaceAt(copy[index as number]!, deeper, next);
    return { ...root, [key!]: copy } as Condition;
  }
  return { ...root, [key!]: replaceAt(inner as Condition, rest, next) } as Condition;
}

/** Removes a node; removing the root, or the only child of a `not`, answers undefined (no condition). */
export function removeAt(root: Condition, path: NodePath): Condition | undefined {
  if (path.length === 0) return undefined;
  const last = path.at(-1)!;
  const parentPath = typeof last === 'number' ? path.slice(0, -2) : path.slice(0, -1);
  const parent = nodeAt(root, parentPath)!;
  const kind = kindOf(parent);
  if (kind === 'not' || kind === 'predicate') return removeAt(root, parentPath);
  const siblings = childrenOf(parent).filter((_, i) => i !== last);
  return replaceAt(root, parentPath, group(kind, siblings));
}

export function appendChild(root: Condition, groupPath: NodePath, child: Condition): Condition {
  const parent = nodeAt(root, groupPath)!;
  const kind = kindOf(parent);
  if (kind !== 'all' && kind !== 'any') throw new Error(`cannot add a child to a ${kind} node`);
  return replaceAt(root, groupPath, group(kind, [...childrenOf(parent), child]));
}

/** Turns a match-all group into a match-any group and back, keeping its children. */
export function setGroupKind(root: Condition, path: NodePath, kind: 'all' | 'any'): Condition {
  return replaceAt(root, path, group(kind, childrenOf(nodeAt(root, path)!)));
}

/** Wraps a node in `not`, or unwraps a `not`. */
export function toggleNot(root: Condition, path: NodePath): Condition {
  const node = nodeAt(root, path)!;
  return replaceAt(root, path, 'not' in node ? node.not : { not: node });
}

// ---- comparisons -------------------------------------------------------------------------

export const KEYED_FIELD_BASES = Object.keys(CONDITION_KEYED_FIELDS) as (keyof typeof CONDITION_KEYED_FIELDS)[];

export function fieldTypeOf(field: string): ConditionFieldType | undefined {
  return resolveConditionField(field)?.spec.type;
}

export function operatorsFor(field: string): readonly ConditionOperator[] {
  const type = fieldTypeOf(field);
  return type ? CONDITION_OPERATORS_BY_TYPE[type] : [];
}

export const LIST_OPERATORS: readonly ConditionOperator[] = ['in', 'not_in', 'contains_any', 'contains_all'];

export type ValueShape = 'none' | 'single' | 'list' | 'range';

export function valueShapeOf(op: ConditionOperator): ValueShape {
  if (op === 'exists') return 'none';
  if (op === 'between') return 'range';
  if (LIST_OPERATORS.includes(op)) return 'list';
  return 'single';
}

export function newPredicate(): ConditionPredicate {
  return { field: 'transaction.amount', op: 'gte', value: 1000 };
}

/** A comparison on another field: keeps the operator when the new field allows it, and the value when its shape fits. */
export function withField(predicate: ConditionPredicate, field: string): ConditionPredicate {
  const ops = operatorsFor(field);
  const op = ops.includes(predicate.op) ? predicate.op : (ops[0] ?? predicate.op);
  return withOperator({ ...predicate, field: field as ConditionPredicate['field'] }, op);
}

export function withOperator(predicate: ConditionPredicate, op: ConditionOperator): ConditionPredicate {
  const shape = valueShapeOf(op);
  const { value: _previous, ...rest } = predicate;
  if (shape === 'none') return { ...rest, op };
  if (shape === valueShapeOf(predicate.op) && predicate.value !== undefined)
    return { ...rest, op, value: predicate.value };
  return { ...rest, op, value: shape === 'single' ? '' : shape === 'range' ? [0, 0] : [] };
}

/**
 * A value typed into a text box, as the field expects it: numbers for number fields (and for
 * `within_days`), text for text fields; on free-form (json) fields a number or true/false when
 * it reads as one. Text that is not a number stays text, so the API's message explains it.
 */
export function scalarFromText(field: string, op: ConditionOperator, text: string): string | number | boolean {
  const type = fieldTypeOf(field);
  const trimmed = text.trim();
  const numeric = trimmed !== '' && Number.isFinite(Number(trimmed));
  if (type === 'number' || op === 'within_days' || op === 'older_than_days') return numeric ? Number(trimmed) : text;
  if (type === 'json') {
    if (numeric) return Number(trimmed);
    if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  }
  return text;
}

/** A comma-separated list typed into a text box. */
export function listFromText(field: string, op: ConditionOperator, text: string): (string | number)[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const v = scalarFromText(field, op, s);
      return typeof v === 'boolean' ? s : v;
    });
}

export function textOfValue(value: ConditionValue | undefined): string {
  if (value === undefined) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export const OPERATOR_LABELS: Readonly<Record<ConditionOperator, string>> = {
  eq: 'is',
  ne: 'is not',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  in: 'is one of',
  not_in: 'is none of',
  between: 'between',
  exists: 'is set',
  contains: 'contains',
  starts_with: 'starts with',
  contains_any: 'contains any of',
  contains_all: 'contains all of',
  within_days: 'within days',
  older_than_days: 'older than days',
};

/** A condition in a few words, for the rule list. */
export function describeCondition(condition: Condition | undefined): string {
  if (condition === undefined) return 'every purchase';
  const kind = kindOf(condition);
  if (kind === 'not') return `not (${describeCondition((condition as { not: Condition }).not)})`;
  if (kind === 'predicate') {
    const p = condition as ConditionPredicate;
    const value = p.value === undefined ? '' : ` ${textOfValue(p.value)}`;
    return `${p.field} ${OPERATOR_LABELS[p.op]}${value}`;
  }
  const children = childrenOf(condition);
  if (children.length === 1) return describeCondition(children[0]);
  return `${kind} of ${children.length} conditions`;
}

export const FIXED_FIELD_OPTIONS = Object.entries(CONDITION_FIXED_FIELDS).map(([name, spec]) => ({
  value: name,
  label: name,
  description: spec.description,
}));
