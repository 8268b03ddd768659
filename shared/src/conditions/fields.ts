import { z } from 'zod';
import { JSON_FIELD_KEY_PATTERN, timestampBetweenYears } from '../api/common.ts';
import { NO_NUL_PATTERN } from '../api/string-patterns.ts';
import { currencySchema } from '../api/programs.ts';

// The closed vocabulary of the condition language: which fields exist, what type of value each
// holds, and which operators apply to each type. The validator, the evaluator and the
// ClickHouse compiler all read this one table, so they cannot disagree about a field.

export const CONDITION_LIMITS = {
  /** Nesting levels, the root node being level 1. */
  maxDepth: 10,
  /** Nodes of every kind (all, any, not, predicates) in one condition. */
  maxNodes: 200,
  /** Items in an `in` / `not_in` / `contains_any` / `contains_all` list. */
  maxListLength: 1000,
  maxStringLength: 500,
  /** Upper bound for `within_days` / `older_than_days` (100 years). */
  maxDays: 36_500,
} as const;

/** Metadata and attribute keys: a top-level key of the JSON object, never a path into it. */
export const CONDITION_FIELD_KEY_PATTERN = JSON_FIELD_KEY_PATTERN;

export const CONDITION_OPERATORS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'not_in',
  'between',
  'exists',
  'contains',
  'starts_with',
  'contains_any',
  'contains_all',
  'within_days',
  'older_than_days',
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/**
 * number: a whole number; string: exact, case-sensitive text; timestamp: an instant (ISO 8601);
 * string_set: a set of ids; json: a free-form metadata/attribute value whose comparison type
 * comes from the condition's value (string, number or boolean).
 */
export type ConditionFieldType = 'number' | 'string' | 'timestamp' | 'string_set' | 'json';

export const CONDITION_OPERATORS_BY_TYPE: Readonly<Record<ConditionFieldType, readonly ConditionOperator[]>> = {
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'between', 'exists'],
  string: ['eq', 'ne', 'in', 'not_in', 'contains', 'starts_with', 'exists'],
  timestamp: ['gt', 'gte', 'lt', 'lte', 'between', 'exists', 'within_days', 'older_than_days'],
  // Segment ids: "is in segment X" is `contains`; `not` covers "is not in".
  string_set: ['contains', 'contains_any', 'contains_all'],
  json: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'between', 'contains', 'starts_with', 'exists'],
};

export type ConditionFieldScope = 'transaction' | 'member';

export interface ConditionFieldSpec {
  readonly type: ConditionFieldType;
  readonly scope: ConditionFieldScope;
  /** Validates one scalar of the field (an `eq` value, a list item, a `between` bound). */
  readonly scalar: z.ZodType;
  readonly description: string;
}

/** Text values: also the rule for substrings and for string comparisons on json fields. */
export const textValueSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(CONDITION_LIMITS.maxStringLength, `must be at most ${CONDITION_LIMITS.maxStringLength} characters`)
  // Conditions are stored as jsonb, which cannot hold U+0000.
  .regex(NO_NUL_PATTERN, 'must not contain the NUL character')
  .refine((s) => s.isWellFormed(), 'must be well-formed Unicode');
const wholeNumber = z.int({ error: 'must be a whole number' });
const minorUnits = z.int({ error: 'must be a whole number of minor units (cents)' });
const month = z
  .int({ error: 'must be a month number, 1-12' })
  .min(1, 'must be a month number, 1-12')
  .max(12, 'must be a month number, 1-12');
// ClickHouse's DateTime64 covers 1900-2299; bounding the years keeps both back ends exact.
const timestamp = timestampBetweenYears(
  1900,
  2299,
  'must be an ISO 8601 timestamp with a zone, such as 2024-05-01T00:00:00Z, between the years 1900 and 2299',
);
const segmentId = z.uuid({ error: 'must be a segment id (a UUID)' });
// Replaced per comparison by the validator: a json field takes whatever scalar the op allows.
const anyScalar = z.union([textValueSchema, z.number(), z.boolean()]);

function field(
  type: ConditionFieldType,
  scope: ConditionFieldScope,
  scalar: z.ZodType,
  description: string,
): ConditionFieldSpec {
  return { type, scope, scalar, description };
}

export const CONDITION_FIXED_FIELDS = {
  'transaction.amount': field('number', 'transaction', minorUnits, 'amount in minor units (cents)'),
  'transaction.currency': field('string', 'transaction', currencySchema, 'ISO 4217 currency code'),
  'transaction.category': field('string', 'transaction', textValueSchema, 'product category'),
  'transaction.sku': field('string', 'transaction', textValueSchema, 'product SKU'),
  'transaction.channel': field('string', 'transaction', textValueSchema, 'sales channel, such as web or pos'),
  'transaction.store': field('string', 'transaction', textValueSchema, 'store id or code'),
  'member.tier': field('string', 'member', textValueSchema, 'current tier'),
  'member.birthday_month': field('number', 'member', month, 'birthday month, 1-12'),
  'member.segments': field('string_set', 'member', segmentId, 'ids of the segments the member belongs to'),
  'member.balance': field('number', 'member', wholeNumber, 'available points'),
  'member.lifetime_earned': field('number', 'member', wholeNumber, 'points earned, all time'),
  'member.lifetime_redeemed': field('number', 'member', wholeNumber, 'points redeemed, all time'),
  'member.last_activity_at': field('timestamp', 'member', timestamp, 'last transaction or redemption'),
  'member.transaction_count': field('number', 'member', wholeNumber, 'transactions, all time'),
  'member.transaction_value': field('number', 'member', minorUnits, 'transaction value, all time, minor units'),
  'member.redemption_count': field('number', 'member', wholeNumber, 'redemptions, all time'),
} as const satisfies Record<string, ConditionFieldSpec>;

export type ConditionFixedFieldName = keyof typeof CONDITION_FIXED_FIELDS;
export const CONDITION_FIXED_FIELD_NAMES = Object.keys(CONDITION_FIXED_FIELDS) as ConditionFixedFieldName[];

/** Fields addressed by a key: `transaction.metadata.<key>` and `member.attributes.<key>`. */
export const CONDITION_KEYED_FIELDS = {
  'transaction.metadata': field('json', 'transaction', anyScalar, 'a key of the transaction metadata'),
  'member.attributes': field('json', 'member', anyScalar, 'a key of the member custom attributes'),
} as const satisfies Record<string, ConditionFieldSpec>;

export type ConditionKeyedFieldBase = keyof typeof CONDITION_KEYED_FIELDS;

export type ResolvedConditionField =
  | { readonly name: ConditionFixedFieldName; readonly spec: ConditionFieldSpec; readonly key: undefined }
  | { readonly name: ConditionKeyedFieldBase; readonly spec: ConditionFieldSpec; readonly key: string };

/** Splits a field name into its vocabulary entry and key; undefined when it is not in the vocabulary. */
export function resolveConditionField(name: string): ResolvedConditionField | undefined {
  if (Object.hasOwn(CONDITION_FIXED_FIELDS, name)) {
    const fixed = name as ConditionFixedFieldName;
    return { name: fixed, spec: CONDITION_FIXED_FIELDS[fixed], key: undefined };
  }
  for (const base of Object.keys(CONDITION_KEYED_FIELDS) as ConditionKeyedFieldBase[]) {
    if (name.startsWith(`${base}.`))
      return { name: base, spec: CONDITION_KEYED_FIELDS[base], key: name.slice(base.length + 1) };
  }
  return undefined;
}

/** Human list of the vocabulary, for error messages and field pickers. */
export const CONDITION_FIELD_NAMES_FOR_HUMANS = [
  ...CONDITION_FIXED_FIELD_NAMES,
  ...Object.keys(CONDITION_KEYED_FIELDS).map((base) => `${base}.<key>`),
];
