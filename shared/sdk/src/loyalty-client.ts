import createClient from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import { unwrap, type ApiResult, type ResultData } from './api-result.ts';
import type { paths, TokenPair } from './api-types.ts';
import { createAuthEndpoints } from './auth-endpoints.ts';
import { createAuthorizedFetch } from './authorized-fetch.ts';
import { apiKeyAuthorizer, type Authorizer } from './authorizer.ts';
import { paginate, type ListInitArg, type ListItem, type ListPath } from './pagination.ts';
import { DEFAULT_RETRY, type RetryOptions } from './retry-policy.ts';
import type { Fetch } from './retrying-fetch.ts';
import { toSessionTokens, type SessionTokens } from './session-tokens.ts';
import { createUserSession, type LoginCredentials, type OnTokens, type UserSession } from './user-session.ts';

// The SDK's entry point: an openapi-fetch client typed by the generated `paths`, running on a
// fetch that authenticates, adds Idempotency-Keys and retries; `call` unwraps its results into
// data or a LoyaltyApiError, and `paginate` walks list pages.

export interface LoyaltyClientBaseOptions {
  /** The API's origin, e.g. https://api.example.com */
  baseUrl: string;
  /** Retries on 429, 503 and network failures of repeatable requests; false to never retry. */
  retry?: Partial<RetryOptions> | false;
  /** The fetch to send with (default: the global one). */
  fetch?: Fetch;
}

/** An integration's API key, sent as `Authorization: Bearer <key>`. */
export interface ApiKeyAuth {
  apiKey: string;
}

/** A console user: logs in on the first call, and again if the session ends. */
export interface PasswordAuth extends LoginCredentials {
  /** Called with each new token pair, and with null when the session ends. */
  onTokens?: OnTokens;
}

/** A session resumed from stored tokens (what onTokens gave), or a pair just received. */
export interface TokensAuth {
  tokens: SessionTokens | TokenPair;
  onTokens?: OnTokens;
}

export type LoyaltyClientOptions = LoyaltyClientBaseOptions & (ApiKeyAuth | PasswordAuth | TokensAuth);

export interface LoyaltyClient {
  /** The typed openapi-fetch client: `api.GET('/v1/programs')`, `api.POST(...)`, ... */
  api: Client<paths>;
  /** The data of a call, or a thrown LoyaltyApiError. */
  call<R extends ApiResult>(pending: Promise<R>): Promise<ResultData<R>>;
  /** The items of a list, page after page. */
  paginate<P extends ListPath>(path: P, ...init: ListInitArg<P>): AsyncGenerator<ListItem<P>, void, undefined>;
  /** The user session's tokens (null with an API key, before log-in and after log-out). */
  tokens(): SessionTokens | null;
  /** Ends the user session on the API and forgets its tokens (nothing to do with an API key). */
  logout(): Promise<void>;
}

export function createLoyaltyClient(options: LoyaltyClientOptions): LoyaltyClient {
  const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const retry: RetryOptions =
    options.retry === false ? { ...DEFAULT_RETRY, maxAttempts: 1 } : { ...DEFAULT_RETRY, ...options.retry };
  const { authorizer, session } = credentialsOf(options, fetch, retry);
  const api = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: createAuthorizedFetch({ fetch, retry, authorizer }),
  });
  const getPage = api.GET as unknown as Parameters<typeof paginate>[0];

  return {
    api,
    call: unwrap,
    paginate: (path, ...init) => paginate(getPage, path, init[0]),
    tokens: () => session?.current() ?? null,
    logout: async () => session?.logOut(),
  };
}

function credentialsOf(
  options: LoyaltyClientOptions,
  fetch: Fetch,
  retry: RetryOptions,
): { authorizer: Authorizer; session?: UserSession } {
  if ('apiKey' in options) return { authorizer: apiKeyAuthorizer(options.apiKey) };
  const endpoints = createAuthEndpoints(options.baseUrl, fetch, retry);
  const { onTokens } = options;
  const session =
    'tokens' in options
      ? createUserSession({ endpoints, tokens: toSessionTokens(options.tokens), onTokens })
      : createUserSession({
          endpoints,
          credentials: { tenant: options.tenant, email: options.email, password: options.password },
          onTokens,
        });
  return { authorizer: session, session };
}
