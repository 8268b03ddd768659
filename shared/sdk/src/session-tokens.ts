import type { TokenPair } from './api-types.ts';

// What a user session keeps between runs: the API's TokenPair with the access token's expiry as
// a date (the pair says "expires in N seconds", which means nothing once stored).

export type SessionTokens = Pick<TokenPair, 'accessToken' | 'refreshToken' | 'refreshExpiresAt'> & {
  /** ISO 8601: when the access token stops being accepted. */
  accessExpiresAt: string;
};

/** Renewal starts this long before the access token expires, so no request carries a dying token. */
export const RENEW_BEFORE_EXPIRY_MS = 15_000;

export function sessionTokensOf(pair: TokenPair, now: number = Date.now()): SessionTokens {
  return {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    refreshExpiresAt: pair.refreshExpiresAt,
    accessExpiresAt: new Date(now + pair.expiresIn * 1000).toISOString(),
  };
}

/** Stored tokens as they are, or a pair just received (from onboarding, say) dated now. */
export function toSessionTokens(tokens: SessionTokens | TokenPair, now: number = Date.now()): SessionTokens {
  return 'expiresIn' in tokens ? sessionTokensOf(tokens, now) : tokens;
}

export function needsRenewal(tokens: SessionTokens, now: number = Date.now()): boolean {
  return now >= Date.parse(tokens.accessExpiresAt) - RENEW_BEFORE_EXPIRY_MS;
}
