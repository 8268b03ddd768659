import { z } from 'zod';
import { errorBodySchema } from '@loyalty/shared';

// What a route declares about its answers: its successes, and the errors only its own logic
// knows it gives. The errors that follow from what the route already declares (credentials
// unless public, 404 for path parameters, 409 for an Idempotency-Key, 400 and 429 everywhere)
// are added by the HTTP layer of the document (openapi-http-layer.ts), never repeated here.

type Declared = Record<number, z.ZodType | ReturnType<typeof jsonOrCsv>>;

/** An error answer a route gives beyond the derived ones, with what it means there. */
export const errorResponse = (description: string) => errorBodySchema.describe(description);

/** A route's success responses, and any error response only its own logic gives. */
export function responses<T extends Declared>(declared: T): T {
  return declared;
}

/** What a route that needs ClickHouse answers when the API runs without it. */
export const analyticsUnavailable = errorResponse('analytics are unavailable: the API runs without ClickHouse');

const analyticsReadErrors = {
  422: errorResponse('the query would pass its memory, time or row limits: narrow it'),
  503: analyticsUnavailable,
};

/** A route's responses, plus the errors of a ClickHouse read. */
export function analyticsResponses<T extends Declared>(declared: T): T & typeof analyticsReadErrors {
  return { ...analyticsReadErrors, ...declared };
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
