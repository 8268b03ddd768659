import { z } from 'zod';
import { storableJson, type JsonLimits } from './json-safety.ts';

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

// Year 0000 is valid ISO 8601 but not a Postgres timestamp: refused here rather than by the database.
export const timestampSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 timestamp' })
  .refine(hasRealUtcOffset, UTC_OFFSET_MESSAGE)
  .refine((s) => new Date(s).getUTCFullYear() >= 1, 'must be a timestamp from the year 1 on');

/** Free text with no control characters, trimmed; what a human typed into a form. */
export function textSchema(max: number) {
  return (
    z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(max, `must be at most ${max} characters`)
      // eslint-disable-next-line no-control-regex -- finding control characters is the point
      .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'must not contain control characters')
      .refine((s) => s.isWellFormed(), 'must be well-formed Unicode (no lone surrogates)')
  );
}

/** What a cursor looks like: opaque base64url text that only this API makes. */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,400}$/;

export const cursorSchema = z
  .string()
  .regex(CURSOR_PATTERN, 'cursor must be a nextCursor this API returned')
  .describe("the previous page's nextCursor, passed back unchanged; omit it for the first page");

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
