import { z } from 'zod';
import { storableJson, type JsonLimits } from './json-safety.ts';
import { isoTimestampPattern, TEXT_PATTERN } from './string-patterns.ts';

/** A key of a JSON object field (metadata, custom attributes): a top-level key, never a path. */
export const JSON_FIELD_KEY_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

// Building blocks every contract uses.

// Lower-cased on the way in: ids are compared as text in places (lock keys, fingerprints, jsonb).
export const idSchema = z.uuid({ error: 'must be a UUID' }).toLowerCase();

/** Points are whole numbers; the cap keeps every sum a safe integer in JSON. */
export const MAX_POINTS = 1_000_000_000_000;
export const pointsSchema = z
  .int({ error: 'points must be a whole number' })
  .min(1, 'points must be at least 1')
  .max(MAX_POINTS);

// The ISO 8601 pattern allows offsets up to ±23:59, Postgres only ±15:59; real zones run from
// -12:00 to +14:00, so that is what we accept.
const MAX_UTC_OFFSET_MINUTES = 14 * 60;
export const UTC_OFFSET_MESSAGE = 'must have a UTC offset between -14:00 and +14:00';

/** Whether an ISO 8601 timestamp's offset (or `Z`) is one a real time zone can have. */
export function hasRealUtcOffset(timestamp: string): boolean {
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(timestamp);
  if (!offset) return true;
  return Number(offset[2]) * 60 + Number(offset[3]) <= MAX_UTC_OFFSET_MINUTES;
}

export const TIMESTAMP_MESSAGE =
  'must be an ISO 8601 timestamp with seconds and a UTC offset from -14:00 to +14:00 (such as 2026-05-01T09:30:00Z)';

/** An ISO 8601 timestamp of the years `minYear` to `maxYear`; the pattern is the whole rule. */
export function timestampBetweenYears(minYear: number, maxYear: number, message = TIMESTAMP_MESSAGE) {
  return z.string().regex(isoTimestampPattern(minYear, maxYear), message).meta({ format: 'date-time' });
}

/** What a cursor looks like: opaque base64url text that only this API makes. */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,400}$/;

export const cursorSchema = z
  .string()
  .regex(CURSOR_PATTERN, 'cursor must be a nextCursor this API returned')
  .describe("the previous page's nextCursor, passed back unchanged; omit it for the first page");

// Year 0000 is valid ISO 8601 but not a Postgres timestamp: refused here rather than by the database.
export const timestampSchema = timestampBetweenYears(1, 9999);

/** Characters as JSON Schema's maxLength counts them: code points, an emoji being one. */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n += 1;
  return n;
}

/**
 * Free text, trimmed; what a human typed into a form. Its length is counted as sent (spaces
 * around it included) and in code points, as the document's maxLength says; the pattern (no
 * control character but tab and line breaks, not only spaces) holds for the text sent and the
 * text kept.
 */
export function textSchema(max: number) {
  return z
    .string()
    .refine((s) => codePointLength(s) <= max, `must be at most ${max} characters`)
    .meta({ maxLength: max })
    .trim()
    .min(1, 'must not be empty')
    .regex(TEXT_PATTERN, 'must not contain control characters')
    .refine((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)');
}

/** A yes/no query parameter: the words true and false, nothing else (no 1, yes, on or TRUE). */
export const queryBooleanSchema = z
  .enum(['true', 'false'], { error: 'must be true or false' })
  .transform((word) => word === 'true');

export const cursorQuerySchema = z.strictObject({
  cursor: cursorSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('items per page, 1 to 200'),
});

/** Every list's answer: one page, and how to get the next. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe('pass as cursor to get the next page; null on the last page'),
    hasMore: z.boolean().describe('whether another page follows'),
  });
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// Not z.json(): its recursion points at an unnamed inner schema, which the OpenAPI generator can
// only emit as a `$defs` entry that the document's component references cannot reach. A
// recursive schema with its own id becomes one component that refers to itself.
export const jsonValueSchema: z.ZodType<JsonValue> = z
  .lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(jsonValueSchema),
      z.record(z.string(), jsonValueSchema),
    ]),
  )
  .meta({ id: 'JsonValue', description: 'any JSON value' });

export const jsonObjectSchema = z.record(z.string().max(100), jsonValueSchema);

/** How deep free-form objects (metadata, attributes) may nest: enough for any real use. */
export const FREE_FORM_JSON_LIMITS: JsonLimits = { maxDepth: 8, maxNodes: 1_000 };

/**
 * Bounded free-form JSON (custom attributes, metadata): storable as jsonb (no NUL, no lone
 * surrogates, bounded nesting) and at most `maxBytes` once serialized. Request bodies are already
 * depth-limited when parsed, so the recursive checks here cannot overflow.
 */
export function boundedJsonSchema(maxBytes: number) {
  return storableJson(jsonObjectSchema, FREE_FORM_JSON_LIMITS).refine(
    (v) => new TextEncoder().encode(JSON.stringify(v)).length <= maxBytes,
    { message: `must be at most ${maxBytes} bytes as JSON` },
  );
}

// Rules JSON Schema cannot state (an order between two fields, a time relative to the call).
// Each is checked by the schema (a refine) or the service, and named on the field it constrains:
// in its description for people, and as an `x-` keyword for tools (the API fuzzer's hooks read
// them, api/bench/schemathesis_hooks.py, so schema-valid test data keeps them too).

/** The schema with `note` added to its description. */
export function withNote<T extends z.ZodType>(schema: T, note: string): T {
  return schema.meta({ description: schema.description ? `${schema.description}; ${note}` : note });
}

/** A rule JSON Schema cannot state: `says` in the description, `keyword` (an `x-` name) for tools. */
export function withRule<T extends z.ZodType>(schema: T, keyword: `x-${string}`, value: unknown, says: string): T {
  return withNote(schema, says).meta({ [keyword]: value });
}
const stated = withRule;

/** The value must come after (be greater than) the sibling field's, when both are given. */
export const mustBeAfter = <T extends z.ZodType>(schema: T, sibling: string) =>
  stated(schema, 'x-after', sibling, `must be after ${sibling}`);

/** The value must not come before (be less than) the sibling field's, when both are given. */
export const mustNotBeBefore = <T extends z.ZodType>(schema: T, sibling: string) =>
  stated(schema, 'x-not-before', sibling, `must not be before ${sibling}`);

/** The value must differ from the sibling field's. */
export const mustDifferFrom = <T extends z.ZodType>(schema: T, sibling: string) =>
  stated(schema, 'x-differs-from', sibling, `must differ from ${sibling}`);

/** The value must be at most `days` days after the sibling field's. */
export const mustBeWithinDaysOf = <T extends z.ZodType>(schema: T, sibling: string, days: number) =>
  stated(schema, 'x-within-days-of', { field: sibling, days }, `at most ${days} days after ${sibling}`);

/** A timestamp that must be later than the moment of the call. */
export const mustBeInTheFuture = <T extends z.ZodType>(schema: T) =>
  stated(schema, 'x-future', true, 'must be in the future');

/** A timestamp that must not be later than the moment of the call (give or take `toleranceSeconds`). */
export const mustNotBeInTheFuture = <T extends z.ZodType>(schema: T, toleranceSeconds: number) =>
  stated(
    schema,
    'x-not-future',
    { toleranceSeconds },
    `must not be in the future (clocks may differ by ${toleranceSeconds} s)`,
  );

// Object and array rules JSON Schema can state, checked and stated by one call each: the refine
// gives the message, the keyword tells the document.

type Fields = Record<string, unknown>;

/** Exactly one of `keys` must be given (JSON Schema: oneOf of the keys required). */
export function exactlyOneOf<T extends z.ZodType<Fields>>(schema: T, keys: readonly string[], message: string) {
  return schema
    .refine((o) => keys.filter((k) => o[k] !== undefined).length === 1, { message, path: [keys[0]!] })
    .meta({ oneOf: keys.map((k) => ({ required: [k] })) });
}

/** `keys` must not all be given together (JSON Schema: not all of them required). */
export function notTogether<T extends z.ZodType<Fields>>(schema: T, keys: readonly string[], message: string) {
  return (
    schema
      .refine((o) => keys.some((k) => o[k] === undefined), { message, path: [keys.at(-1)!] })
      // The empty property schemas change nothing; they name the fields the `required` inside `not`
      // refers to, which linters check against the properties of the same schema object.
      .meta({ not: { properties: Object.fromEntries(keys.map((k) => [k, {}])), required: [...keys] } })
  );
}

/** A patch must name at least one field (JSON Schema: minProperties 1). */
export function atLeastOneField<T extends z.ZodType<Fields>>(schema: T, message = 'must change at least one field') {
  return schema.refine((o) => Object.values(o).some((v) => v !== undefined), message).meta({ minProperties: 1 });
}

/** Items must not repeat (JSON Schema: uniqueItems). */
export function distinctItems<T extends z.ZodType<readonly unknown[]>>(schema: T, message: string) {
  return schema.refine((items) => new Set(items).size === items.length, message).meta({ uniqueItems: true });
}
