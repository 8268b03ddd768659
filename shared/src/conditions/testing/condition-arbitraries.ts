import fc from 'fast-check';
import type { Condition, ConditionPredicate } from '../condition-schema.ts';
import type { EvaluationContext } from '../evaluate.ts';
import {
  CONDITION_FIXED_FIELDS,
  CONDITION_KEYED_FIELDS,
  CONDITION_OPERATORS_BY_TYPE,
  type ConditionFieldSpec,
  type ConditionOperator,
} from '../fields.ts';

// fast-check generators for valid conditions and for contexts that sometimes match them:
// values come from small shared pools so comparisons hit, plus hostile text and wrong types.

export const SEGMENT_IDS = [
  '3f1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b',
  '0a1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b',
  'c0ffee00-0000-4000-8000-000000000001',
];
const KEYS = ['vip', 'city', 'score', 'constructor', 'a.b-c_d'];
const WORDS = [
  'gold',
  'go',
  'silver',
  'il',
  'web',
  'pos',
  'shoes',
  'SKU-1',
  "O'Hare'; DROP TABLE members; --",
  'a{p0:String}b',
  'x\\y',
];
const CURRENCIES = ['EUR', 'USD', 'JPY'];

const hostileText = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((s) => s.isWellFormed());
const text = fc.oneof(fc.constantFrom(...WORDS), hostileText);
const smallInt = fc.integer({ min: -50, max: 5000 });
const instantMs = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) });
const timestamp = instantMs.map((ms) => new Date(ms).toISOString());

function scalarArb(name: string, spec: ConditionFieldSpec): fc.Arbitrary<string | number | boolean> {
  switch (spec.type) {
    case 'number':
      return name === 'member.birthday_month' ? fc.integer({ min: 1, max: 12 }) : smallInt;
    case 'string':
      return name === 'transaction.currency' ? fc.constantFrom(...CURRENCIES) : text;
    case 'timestamp':
      return timestamp;
    case 'string_set':
      return fc.constantFrom(...SEGMENT_IDS);
    case 'json':
      return fc.oneof(text, smallInt, fc.boolean());
  }
}

function valueArb(
  name: string,
  spec: ConditionFieldSpec,
  op: ConditionOperator,
): fc.Arbitrary<ConditionPredicate['value']> {
  const scalar = scalarArb(name, spec);
  const numeric = spec.type === 'json' ? smallInt : scalar;
  switch (op) {
    case 'exists':
      return fc.constant(undefined);
    case 'within_days':
    case 'older_than_days':
      return fc.integer({ min: 1, max: 400 });
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return numeric;
    case 'between':
      return fc
        .tuple(numeric, numeric)
        .map(
          ([a, b]) =>
            (spec.type === 'timestamp' ? [a, b].sort() : [a, b].sort((x, y) => Number(x) - Number(y))) as (
              string | number
            )[],
        );
    case 'contains':
    case 'starts_with':
      return spec.type === 'string_set' ? scalar : text;
    case 'in':
    case 'not_in':
    case 'contains_any':
    case 'contains_all': {
      // json lists are all strings or all numbers.
      const item =
        spec.type === 'json'
          ? fc.oneof(fc.array(text, { minLength: 1, maxLength: 4 }), fc.array(smallInt, { minLength: 1, maxLength: 4 }))
          : fc.array(scalar as fc.Arbitrary<string | number>, { minLength: 1, maxLength: 4 });
      return item;
    }
    default: // eq, ne
      return scalar;
  }
}

const FIELD_CHOICES: [string, ConditionFieldSpec][] = [
  ...Object.entries(CONDITION_FIXED_FIELDS),
  ...Object.entries(CONDITION_KEYED_FIELDS).flatMap(([base, spec]) =>
    KEYS.map((key): [string, ConditionFieldSpec] => [`${base}.${key}`, spec]),
  ),
];

function predicateArb(choices: [string, ConditionFieldSpec][]): fc.Arbitrary<ConditionPredicate> {
  return fc
    .constantFrom(...choices)
    .chain(([name, spec]) =>
      fc
        .constantFrom(...CONDITION_OPERATORS_BY_TYPE[spec.type])
        .chain((op) =>
          valueArb(name, spec, op).map(
            (value) => (value === undefined ? { field: name, op } : { field: name, op, value }) as ConditionPredicate,
          ),
        ),
    );
}

function conditionArbFrom(leaf: fc.Arbitrary<ConditionPredicate>): fc.Arbitrary<Condition> {
  // maxDepth keeps every generated tree within the language's depth and node limits.
  const { node } = fc.letrec<{ node: Condition; all: Condition; any: Condition; not: Condition }>((tie) => ({
    node: fc.oneof({ maxDepth: 4, depthIdentifier: 'condition' }, leaf, tie('all'), tie('any'), tie('not')),
    all: fc.record({ all: fc.array(tie('node'), { maxLength: 3, depthIdentifier: 'condition' }) }),
    any: fc.record({ any: fc.array(tie('node'), { maxLength: 3, depthIdentifier: 'condition' }) }),
    not: fc.record({ not: tie('node') }),
  }));
  return node;
}

export const predicateArbitrary = predicateArb(FIELD_CHOICES);
export const conditionArbitrary = conditionArbFrom(predicateArbitrary);
/** Member fields only: what a segment may use and the ClickHouse compiler accepts. */
export const segmentConditionArbitrary = conditionArbFrom(
  predicateArb(FIELD_CHOICES.filter(([name]) => name.startsWith('member.'))),
);

/** A value of the field's type, a wrong type, null, or nothing at all. */
function factArb(name: string, spec: ConditionFieldSpec): fc.Arbitrary<unknown> {
  const right = spec.type === 'string_set' ? fc.subarray(SEGMENT_IDS) : scalarArb(name, spec);
  return fc.oneof(
    { weight: 6, arbitrary: right },
    fc.constant(null),
    fc.constant(undefined),
    fc.constantFrom('7', 7, true, 'not a date'),
  );
}

function factsArb(prefix: string, names: Record<string, string>): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(names).map(
    ([camel, field]) =>
      [camel, factArb(field, CONDITION_FIXED_FIELDS[field as keyof typeof CONDITION_FIXED_FIELDS])] as const,
  );
  const bag = fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(text, smallInt, fc.boolean(), fc.constant(null)), {
    maxKeys: 4,
  });
  return fc.record({ ...Object.fromEntries(entries), [prefix]: bag }, { requiredKeys: [] });
}

export const contextArbitrary: fc.Arbitrary<EvaluationContext> = fc.record(
  {
    transaction: factsArb('metadata', {
      amount: 'transaction.amount',
      currency: 'transaction.currency',
      category: 'transaction.category',
      sku: 'transaction.sku',
      channel: 'transaction.channel',
      store: 'transaction.store',
    }),
    member: factsArb('attributes', {
      tier: 'member.tier',
      birthdayMonth: 'member.birthday_month',
      segments: 'member.segments',
      balance: 'member.balance',
      lifetimeEarned: 'member.lifetime_earned',
      lifetimeRedeemed: 'member.lifetime_redeemed',
      lastActivityAt: 'member.last_activity_at',
      transactionCount: 'member.transaction_count',
      transactionValue: 'member.transaction_value',
      redemptionCount: 'member.redemption_count',
    }),
    now: timestamp,
  },
  { requiredKeys: [] },
) as fc.Arbitrary<EvaluationContext>;
