import type { paths, TokenPair } from './api-types.ts';
import type { Authorizer } from './authorizer.ts';
import { LoyaltyApiError } from './loyalty-api-error.ts';
import { needsRenewal, sessionTokensOf, type SessionTokens } from './session-tokens.ts';

// A console user's session. Refresh tokens rotate: each works once, and presenting one twice
// ends the session (the API takes it for a stolen token). So every renewal (a log-in or a
// refresh) is single-flight: requests that find the token expiring, or that are refused with a
// 401, all wait for the one renewal under way and then use its tokens; a request refused with a
// token that was already replaced just retries with the new one. Renewal starts shortly before
// the access token expires; a 401 (a token revoked, or a clock off) renews as well. With
// credentials, a session the API ended is opened again by logging in; without, it ends, and
// `onTokens(null)` tells the caller to forget what it stored.

export type LoginCredentials = paths['/v1/auth/login']['post']['requestBody']['content']['application/json'];

export interface AuthEndpoints {
  logIn(credentials: LoginCredentials): Promise<TokenPair>;
  refresh(refreshToken: string): Promise<TokenPair>;
  logOut(refreshToken: string): Promise<void>;
}

export type OnTokens = (tokens: SessionTokens | null) => void | Promise<void>;

export interface UserSessionOptions {
  endpoints: AuthEndpoints;
  credentials?: LoginCredentials;
  tokens?: SessionTokens;
  /** Called with every new pair (store it: the previous refresh token no longer works), and null when the session ends. */
  onTokens?: OnTokens;
  now?: () => number;
}

export interface UserSession extends Authorizer {
  /** The tokens in use, or null before the first log-in and after the session ended. */
  current(): SessionTokens | null;
  /** Ends the session on the API and forgets its tokens. */
  logOut(): Promise<void>;
}

export function createUserSession(options: UserSessionOptions): UserSession {
  const { endpoints, credentials, onTokens } = options;
  const now = options.now ?? Date.now;
  let tokens: SessionTokens | null = options.tokens ?? null;
  let renewing: Promise<SessionTokens> | undefined;

  const bearer = (t: SessionTokens) => `Bearer ${t.accessToken}`;

  async function adopt(next: SessionTokens | null): Promise<void> {
    tokens = next;
    await onTokens?.(next);
  }

  async function obtain(): Promise<SessionTokens> {
    let pair: TokenPair;
    if (tokens) {
      try {
        pair = await endpoints.refresh(tokens.refreshToken);
      } catch (err) {
        const ended = err instanceof LoyaltyApiError && err.status === 401;
        if (!ended) throw err;
        if (!credentials) {
          await adopt(null);
          throw err;
        }
        pair = await endpoints.logIn(credentials);
      }
    } else if (credentials) {
      pair = await endpoints.logIn(credentials);
    } else {
      throw new Error('no session: pass credentials or tokens to createLoyaltyClient');
    }
    const next = sessionTokensOf(pair, now());
    await adopt(next);
    return next;
  }

  function renew(): Promise<SessionTokens> {
    renewing ??= obtain().finally(() => {
      renewing = undefined;
    });
    return renewing;
  }

  return {
    current: () => tokens,

    async authorization() {
      if (renewing) return bearer(await renewing);
      if (tokens && !needsRenewal(tokens, now())) return bearer(tokens);
      if (!tokens && !credentials) return undefined;
      return bearer(await renew());
    },

    async renewAfterRejection(rejected) {
      if (renewing) {
        await renewing;
        return true;
      }
      if (tokens && bearer(tokens) !== rejected) return true;
      if (!tokens && !credentials) return false;
      await renew();
      return true;
    },

    async logOut() {
      await renewing?.catch(() => undefined);
      const ending = tokens;
      await adopt(null);
      if (ending) await endpoints.logOut(ending.refreshToken);
    },
  };
}
