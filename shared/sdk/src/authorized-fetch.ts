import type { Authorizer } from './authorizer.ts';
import { withIdempotencyKey } from './idempotency-key.ts';
import type { RetryOptions } from './retry-policy.ts';
import { sendWithRetries, type Fetch } from './retrying-fetch.ts';

// The fetch the API client runs on: an Idempotency-Key fixed once per call, the credential of
// the moment on every attempt, retries, and one more try after a 401 when the session could be
// renewed (with the same Idempotency-Key, so even that try cannot post twice).

export interface AuthorizedFetchOptions {
  fetch: Fetch;
  retry: RetryOptions;
  authorizer: Authorizer;
}

export function createAuthorizedFetch({ fetch, retry, authorizer }: AuthorizedFetchOptions): Fetch {
  return async (input) => {
    const request = withIdempotencyKey(input);
    const authorization = await authorizer.authorization();
    const response = await sendWithRetries(request, { fetch, retry, authorization });
    if (response.status !== 401 || authorization === undefined) return response;
    if (!(await authorizer.renewAfterRejection(authorization))) return response;
    await response.body?.cancel();
    return sendWithRetries(request, { fetch, retry, authorization: await authorizer.authorization() });
  };
}
