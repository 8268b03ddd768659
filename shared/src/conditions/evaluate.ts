import type { Condition, ConditionPredicate } from './condition-schema.ts';
import {
  resolveConditionField,
  type ConditionFixedFieldName,
  type ConditionKeyedFieldBase,
  type ConditionOperator,
} from './fields.ts';

// Earn-time evaluation. `compileCondition` turns a validated condition into nested closures
// once (sets built, timestamps parsed, field readers chosen), so evaluating it allocates
// nothing and costs a few property reads per predicate.
//
// Semantics (the ClickHouse compiler implements the same):
// - A field is missing when its value is undefined or null (the same for a missing key).
// - Every comparison on a missing field is false, including `ne` and `not_in`: they mean
//   "present and different". Use `not` for "anything but": not(eq) is true when missing.
// - A present value of the wrong type (a string where a number is expected, an unparsable
//   timestamp) counts as missing: comparisons are false, there are no coercions.
// - `exists` is true when the value is present (any type).
// - Timestamps are ISO 8601 strings (or Date) compared as instants, at millisecond precision.
// - `within_days N`: the timestamp is at or after now - N days; `older_than_days N`: before it.
//   "now" comes from `context.now`; the evaluator never reads the clock. Without it both are false.
// - all([]) is true, any([]) is false.

export type ConditionTimestamp = string | Date;

export interface TransactionFacts {
  /** Minor units (cents). */
  amount?: number | null;
  currency?: string | null;
  category?: string | null;
  sku?: string | null;
  channel?: string | null;
  store?: string | null;
  metadata?: Readonly<Record<string, unknown>> | null;
}

export interface MemberFacts {
  tier?: string | null;
  attributes?: Readonly<Record<string, unknown>> | null;
  birthdayMonth?: number | null;
  /** Segment ids; a Set makes `contains` on many segments cheaper. */
  segments?: readonly string[] | ReadonlySet<string> | null;
  balance?: number | null;
  lifetimeEarned?: number | null;
  lifetimeRedeemed?: number | null;
  lastActivityAt?: ConditionTimestamp | null;
  transactionCount?: number | null;
  transactionValue?: number | null;
  redemptionCount?: number | null;
}

export interface EvaluationContext {
  transaction?: TransactionFacts | null;
  member?: MemberFacts | null;
  /** The engine's clock, for `within_days` / `older_than_days`: ISO string, Date or epoch ms (cheapest). */
  now?: ConditionTimestamp | number | null;
}

export type CompiledCondition = (context: EvaluationContext) => boolean;
type Reader = (context: EvaluationContext) => unknown;

const DAY_MS = 86_400_000;

const READERS: Record<ConditionFixedFieldName, Reader> = {
  'transaction.amount': (c) => c.transaction?.amount,
  'transaction.currency': (c) => c.transaction?.currency,
  'transaction.category': (c) => c.transaction?.category,
  'transaction.sku': (c) => c.transaction?.sku,
  'transaction.channel': (c) => c.transaction?.channel,
  'transaction.store': (c) => c.transaction?.store,
  'member.tier': (c) => c.member?.tier,
  'member.birthday_month': (c) => c.member?.birthdayMonth,
  'member.segments': (c) => c.member?.segments,
  'member.balance': (c) => c.member?.balance,
  'member.lifetime_earned': (c) => c.member?.lifetimeEarned,
  'member.lifetime_redeemed': (c) => c.member?.lifetimeRedeemed,
  'member.last_activity_at': (c) => c.member?.lastActivityAt,
  'member.transaction_count': (c) => c.member?.transactionCount,
  'member.transaction_value': (c) => c.member?.transactionValue,
  'member.redemption_count': (c) => c.member?.redemptionCount,
};

const KEYED_READERS: Record<
  ConditionKeyedFieldBase,
  (c: EvaluationContext) => Readonly<Record<string, unknown>> | null | undefined
> = {
  'transaction.metadata': (c) => c.transaction?.metadata,
  'member.attributes': (c) => c.member?.attributes,
};

function keyedReader(base: ConditionKeyedFieldBase, key: string): Reader {
  const readObject = KEYED_READERS[base];
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  return (c) => {
    const o = readObject(c);
    return o != null && Object.hasOwn(o, key) ? o[key] : undefined;
  };
}

/** Epoch ms of a timestamp, NaN when missing or unparsable (so every comparison is false). */
export function toEpochMs(v: unknown): number {
  if (typeof v === 'string') return Date.parse(v);
  if (typeof v === 'number') return v;
  if (v instanceof Date) return v.getTime();
  return Number.NaN;
}

export function compileCondition(condition: Condition): CompiledCondition {
  if ('all' in condition) return compileAll(condition.all.map(compileCondition));
  if ('any' in condition) return compileAny(condition.any.map(compileCondition));
  if ('not' in condition) {
    const inner = compileCondition(condition.not);
    return (c) => !inner(c);
  }
  return compilePredicate(condition);
}

function compileAll(fs: CompiledCondition[]): CompiledCondition {
  const [a, b] = fs;
  if (fs.length === 0) return () => true;
  if (fs.length === 1) return a!;
  if (fs.length === 2) return (c) => a!(c) && b!(c);
  return (c) => {
    for (let i = 0; i < fs.length; i++) if (!fs[i]!(c)) return false;
    return true;
  };
}

function compileAny(fs: CompiledCondition[]): CompiledCondition {
  const [a, b] = fs;
  if (fs.length === 0) return () => false;
  if (fs.length === 1) return a!;
  if (fs.length === 2) return (c) => a!(c) || b!(c);
  return (c) => {
    for (let i = 0; i < fs.length; i++) if (fs[i]!(c)) return true;
    return false;
  };
}

function compilePredicate(p: ConditionPredicate): CompiledCondition {
  const field = resolveConditionField(p.field);
  if (!field) throw new Error(`unknown condition field "${p.field}": validate conditions with parseCondition first`);
  const read = field.key === undefined ? READERS[field.name] : keyedReader(field.name, field.key);
  const { op, value } = p;
  if (op === 'exists') return (c) => read(c) != null;
  switch (field.spec.type) {
    case 'timestamp':
      return timestampTest(op, value, read);
    case 'string_set':
      return setTest(op, value, read);
    default:
      return scalarTest(op, value, read);
  }
}

/** number, string and json fields: the condition's value fixes the type the field must have. */
function scalarTest(op: ConditionOperator, value: ConditionPredicate['value'], read: Reader): CompiledCondition {
  if (Array.isArray(value)) {
    const [lo, hi] = value as [number, number];
    const set: ReadonlySet<unknown> = new Set(value);
    const kind = typeof value[0];
    if (op === 'between')
      return (c) => {
        const v = read(c);
        return typeof v === 'number' && v >= lo && v <= hi;
      };
    if (op === 'in') return (c) => set.has(read(c));
    if (op === 'not_in')
      return (c) => {
        const v = read(c);
        return typeof v === kind && v === v && !set.has(v);
      };
    throw unsupported(op);
  }
  const kind = typeof value;
  switch (op) {
    case 'eq':
      return (c) => read(c) === value;
    // `v === v` rejects NaN, which is not a number anyone meant to compare.
    case 'ne':
      return (c) => {
        const v = read(c);
        return typeof v === kind && v === v && v !== value;
      };
    case 'gt':
      return (c) => {
        const v = read(c);
        return typeof v === 'number' && v > (value as number);
      };
    case 'gte':
      return (c) => {
        const v = read(c);
        return typeof v === 'number' && v >= (value as number);
      };
    case 'lt':
      return (c) => {
        const v = read(c);
        return typeof v === 'number' && v < (value as number);
      };
    case 'lte':
      return (c) => {
        const v = read(c);
        return typeof v === 'number' && v <= (value as number);
      };
    case 'contains':
      return (c) => {
        const v = read(c);
        return typeof v === 'string' && v.includes(value as string);
      };
    case 'starts_with':
      return (c) => {
        const v = read(c);
        return typeof v === 'string' && v.startsWith(value as string);
      };
    default:
      throw unsupported(op);
  }
}

/**
 * toEpochMs with a one-entry cache for strings: Date.parse is by far the most expensive step
 * of a predicate, and `now` is the same string for a whole batch. Only strings are cached,
 * since they are immutable; a Date could be changed in place.
 */
function cachedEpochMs(): (v: unknown) => number {
  let lastInput = '';
  let lastMs = Number.NaN;
  return (v) => {
    if (typeof v !== 'string') return toEpochMs(v);
    if (v !== lastInput) {
      lastMs = Date.parse(v);
      lastInput = v;
    }
    return lastMs;
  };
}

function timestampTest(op: ConditionOperator, value: ConditionPredicate['value'], read: Reader): CompiledCondition {
  const epoch = cachedEpochMs();
  if (op === 'within_days' || op === 'older_than_days') {
    const span = (value as number) * DAY_MS;
    const nowMs = cachedEpochMs();
    if (op === 'within_days') return (c) => epoch(read(c)) >= nowMs(c.now) - span;
    return (c) => epoch(read(c)) < nowMs(c.now) - span;
  }
  if (op === 'between') {
    const [lo, hi] = (value as [string, string]).map(Date.parse) as [number, number];
    return (c) => {
      const t = epoch(read(c));
      return t >= lo && t <= hi;
    };
  }
  const at = Date.parse(value as string);
  switch (op) {
    case 'gt':
      return (c) => epoch(read(c)) > at;
    case 'gte':
      return (c) => epoch(read(c)) >= at;
    case 'lt':
      return (c) => epoch(read(c)) < at;
    case 'lte':
      return (c) => epoch(read(c)) <= at;
    default:
      throw unsupported(op);
  }
}

function setHas(s: unknown, id: string): boolean {
  if (Array.isArray(s)) return s.includes(id);
  return s instanceof Set && s.has(id);
}

function setTest(op: ConditionOperator, value: ConditionPredicate['value'], read: Reader): CompiledCondition {
  // Segment ids are compared lower-case: Postgres prints UUIDs that way, a pasted one may not be.
  if (op === 'contains') {
    const id = String(value).toLowerCase();
    return (c) => setHas(read(c), id);
  }
  const ids = (value as string[]).map((v) => v.toLowerCase());
  if (op !== 'contains_any' && op !== 'contains_all') throw unsupported(op);
  // contains_any stops at the first hit, contains_all at the first miss.
  const stopOn = op === 'contains_any';
  return (c) => {
    const s = read(c);
    for (let i = 0; i < ids.length; i++) if (setHas(s, ids[i]!) === stopOn) return stopOn;
    return !stopOn;
  };
}

function unsupported(op: string): Error {
  return new Error(`operator "${op}" does not fit this field: validate conditions with parseCondition first`);
}

const compiledCache = new WeakMap<Condition, CompiledCondition>();

/**
 * Evaluates a validated condition. Compiled closures are cached per condition object, so a
 * condition must not be mutated once evaluated (stored rules are parsed once and kept frozen).
 */
export function evaluateCondition(condition: Condition, context: EvaluationContext): boolean {
  let compiled = compiledCache.get(condition);
  if (!compiled) {
    compiled = compileCondition(condition);
    compiledCache.set(condition, compiled);
  }
  return compiled(context);
}
