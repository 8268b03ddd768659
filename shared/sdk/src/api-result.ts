import { LoyaltyApiError } from './loyalty-api-error.ts';

// openapi-fetch answers `{ data }` or `{ error }` with the response; `unwrap` turns that into the
// data, or a thrown LoyaltyApiError, keeping the data's generated type.

/** What an openapi-fetch call resolves to. */
export interface ApiResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The success data of an openapi-fetch result type (`undefined` for a 204). */
export type ResultData<R> = R extends { data: infer D; error?: never } ? ([D] extends [never] ? undefined : D) : never;

export async function unwrap<R extends ApiResult>(pending: Promise<R>): Promise<ResultData<R>> {
  const { data, error, response } = await pending;
  if (!response.ok || error !== undefined) throw LoyaltyApiError.fromResponse(response, error);
  return data as ResultData<R>;
}
