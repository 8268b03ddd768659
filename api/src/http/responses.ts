import { z } from 'zod';
import { errorBodySchema } from '@loyalty/shared';

const errors = {
  400: errorBodySchema.describe('invalid input'),
  401: errorBodySchema.describe('missing, invalid, expired or revoked credentials'),
  403: errorBodySchema.describe('the credential lacks the permission'),
  404: errorBodySchema.describe('no such resource in your tenant'),
  409: errorBodySchema.describe('conflicts with the current state'),
  429: errorBodySchema.describe('rate limited'),
};

/** A route's success responses plus the error responses every route can give. */
export function responses<T extends Record<number, z.ZodType | ReturnType<typeof jsonOrCsv>>>(
  ok: T,
): T & typeof errors {
  return { ...errors, ...ok };
}

/** What a route that needs ClickHouse answers when the API runs without it. */
export const analyticsUnavailable = errorBodySchema.describe(
  'analytics are unavailable: the API runs without ClickHouse',
);

const analyticsReadErrors = {
  422: errorBodySchema.describe('the query would pass its memory, time or row limits: narrow it'),
  503: analyticsUnavailable,
};

/** A route's success responses plus the errors of any route, and those of a ClickHouse read. */
export function analyticsResponses<T extends Record<number, z.ZodType | ReturnType<typeof jsonOrCsv>>>(
  ok: T,
): T & typeof errors & typeof analyticsReadErrors {
  return { ...errors, ...analyticsReadErrors, ...ok };
}

export const noContent = z.undefined().describe('done');

/**
 * A success response in JSON or CSV, whichever the caller asked for. The CSV branch is
 * documentation: the route sends its text past the serializer.
 */
export function jsonOrCsv(json: z.ZodType, csv: z.ZodType) {
  return {
    description: 'JSON, or CSV with ?format=csv',
    content: { 'application/json': { schema: json }, 'text/csv': { schema: csv } },
  };
}
