import { z } from 'zod';

/** A key of a JSON object field (metadata, custom attributes): a top-level key, never a path. */
export const JSON_FIELD_KEY_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

// Building blocks every contract uses.

// Lower-cased on the way in: ids are compared as text in places (lock keys, fingerprints, jsonb).
export const idSchema = z.uuid({ error: 'must be a UUID' }).toLowerCase();
export const idParamsSchema = z.strictObject({ id: idSchema });

/** Points are whole numbers; the cap keeps every sum a safe integer in JSON. */
export const MAX_POINTS = 1_000_000_000_000;
export const pointsSchema = z
  .int({ error: 'points must be a whole number' })
  .min(1, 'points must be at least 1')
  .max(MAX_POINTS);

// Year 0000 is valid ISO 8601 but not a Postgres timestamp: refused here rather than by the database.
export const timestampSchema = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 timestamp' })
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

export const cursorQuerySchema = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

export const jsonObjectSchema = z.record(z.string().max(100), z.json());

/** Bounded free-form JSON (custom attributes, metadata): at most `maxBytes` once serialized. */
export function boundedJsonSchema(maxBytes: number) {
  return jsonObjectSchema.refine((v) => new TextEncoder().encode(JSON.stringify(v)).length <= maxBytes, {
    message: `must be at most ${maxBytes} bytes as JSON`,
  });
}
