import { z } from 'zod';
import {
  CONDITION_FIXED_FIELD_NAMES,
  CONDITION_KEYED_FIELDS,
  CONDITION_OPERATORS,
  type ConditionKeyedFieldBase,
} from './fields.ts';
import { conditionInputShape, memberConditionInputShape } from './condition-input-schema.ts';
import { validateCondition, type ConditionUsage } from './validate-condition.ts';

// The condition language as JSON, one node per object:
//   { "all": [c, ...] }   true when every child is true; all([]) is true
//   { "any": [c, ...] }   true when some child is true;  any([]) is false
//   { "not": c }          negation
//   { "field": "transaction.amount", "op": "gte", "value": 1000 }   a comparison
// Segment membership is the set field `member.segments` with `contains` (one id),
// `contains_any` or `contains_all` (lists of ids): one form, no special node kind.
//
// Two layers: `validateCondition` (our walk, clear messages with paths) runs first as a
// preprocess step, and only valid input reaches the structural schema below. The structural
// schema types the output and is what JSON Schema / OpenAPI shows for the body.

const keyedFieldSchemas = (Object.keys(CONDITION_KEYED_FIELDS) as ConditionKeyedFieldBase[]).map((base) =>
  z.templateLiteral([`${base}.`, z.string()]),
);

export const conditionFieldNameSchema = z
  .union([z.enum(CONDITION_FIXED_FIELD_NAMES), ...keyedFieldSchemas])
  .describe('a field of the vocabulary, such as transaction.amount or member.attributes.<key>');
export const conditionOperatorSchema = z.enum(CONDITION_OPERATORS);

const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);
export const conditionValueSchema = z.union([scalarSchema, z.array(z.union([z.string(), z.number()]))]);

export const conditionPredicateSchema = z.strictObject({
  field: conditionFieldNameSchema,
  op: conditionOperatorSchema,
  value: conditionValueSchema
    .optional()
    .describe('absent for exists; a list for in, not_in, contains_any, contains_all; [low, high] for between'),
});

export type ConditionFieldName = z.infer<typeof conditionFieldNameSchema>;
export type ConditionValue = z.infer<typeof conditionValueSchema>;
export type ConditionPredicate = z.infer<typeof conditionPredicateSchema>;
export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
export type Condition = AllCondition | AnyCondition | NotCondition | ConditionPredicate;

/** The structure alone, without the validation walk: describes conditions already validated (responses). */
export const conditionShapeSchema: z.ZodType<Condition> = z
  .lazy(() =>
    z.union([
      z.strictObject({ all: z.array(conditionShapeSchema) }),
      z.strictObject({ any: z.array(conditionShapeSchema) }),
      z.strictObject({ not: conditionShapeSchema }),
      conditionPredicateSchema,
    ]),
  )
  .meta({ id: 'Condition', description: 'a condition of the loyalty engine: all / any / not / field comparison' });

function withValidation(usage: ConditionUsage) {
  const typed = (usage === 'earn' ? conditionInputShape : memberConditionInputShape) as z.ZodType<Condition>;
  return z.preprocess((input, ctx) => {
    for (const issue of validateCondition(input, usage)) {
      ctx.issues.push({ code: 'custom', path: issue.path, message: issue.message, input });
    }
    return input;
  }, typed);
}

/** Any condition: transaction and member fields (earn rules, campaigns). */
export const conditionSchema = withValidation('earn');
/** A segment condition: member fields only, since segments are evaluated over member features. */
export const segmentConditionSchema = withValidation('segment');
/** A reward's eligibility: member fields only, since a redemption has no transaction. */
export const rewardConditionSchema = withValidation('reward');

export interface ConditionIssueReport {
  /** Dot path of the bad node or value, such as `all.2.any.0.value`; `(root)` for the whole condition. */
  path: string;
  message: string;
}
export type ParseConditionResult = { ok: true; condition: Condition } | { ok: false; issues: ConditionIssueReport[] };

export function formatConditionPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

export function parseCondition(input: unknown, options: { usage?: ConditionUsage } = {}): ParseConditionResult {
  const schema = { earn: conditionSchema, segment: segmentConditionSchema, reward: rewardConditionSchema }[
    options.usage ?? 'earn'
  ];
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, condition: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((i) => ({ path: formatConditionPath(i.path), message: i.message })),
  };
}
