import createClient from 'openapi-fetch';
import { unwrap } from './api-result.ts';
import type { paths } from './api-types.ts';
import type { RetryOptions } from './retry-policy.ts';
import { sendWithRetries, type Fetch } from './retrying-fetch.ts';
import type { AuthEndpoints } from './user-session.ts';

// The session calls, sent without credentials or Idempotency-Key. They are retried on 429 and
// 503 only: after a network failure a refresh may have rotated the token already, and sending the
// old one again would end the session.

export function createAuthEndpoints(baseUrl: string, fetch: Fetch, retry: RetryOptions): AuthEndpoints {
  const auth = createClient<paths>({
    baseUrl,
    fetch: (request) => sendWithRetries(request, { fetch, retry, repeatable: false }),
  });
  return {
    logIn: (credentials) => unwrap(auth.POST('/v1/auth/login', { body: credentials })),
    refresh: (refreshToken) => unwrap(auth.POST('/v1/auth/refresh', { body: { refreshToken } })),
    logOut: (refreshToken) => unwrap(auth.POST('/v1/auth/logout', { body: { refreshToken } })),
  };
}
