import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { TokenPair } from './api-types.ts';
import { LoyaltyApiError } from './loyalty-api-error.ts';
import type { SessionTokens } from './session-tokens.ts';
import { createUserSession, type AuthEndpoints } from './user-session.ts';

// The session's renewals against an in-memory stand-in for the auth endpoints that rotates
// refresh tokens as the API does: each works once, and a second use ends the session.

const NOW = Date.parse('2026-03-01T12:00:00Z');
const credentials = { tenant: 'brew-house', email: 'owner@brew.example', password: 'a long passphrase' };

function authServer() {
  let issued = 0;
  let live: string | undefined;
  const calls: string[] = [];
  const pair = (): TokenPair => {
    issued += 1;
    live = `refresh-${issued}`;
    return {
      accessToken: `access-${issued}`,
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshToken: live,
      refreshExpiresAt: '2026-04-01T00:00:00Z',
    };
  };
  const refused = (message: string) => new LoyaltyApiError({ status: 401, code: 'unauthenticated', message });
  const endpoints: AuthEndpoints = {
    async logIn() {
      calls.push('logIn');
      await delay(5);
      return pair();
    },
    async refresh(token) {
      calls.push(`refresh ${token}`);
      await delay(5);
      if (token !== live) {
        live = undefined;
        throw refused('the session has ended: log in again');
      }
      return pair();
    },
    async logOut(token) {
      calls.push(`logOut ${token}`);
      if (token === live) live = undefined;
    },
  };
  return { endpoints, calls, start: () => pair() };
}

const stored = (pair: TokenPair, accessExpiresAt: string): SessionTokens => ({
  accessToken: pair.accessToken,
  refreshToken: pair.refreshToken,
  refreshExpiresAt: pair.refreshExpiresAt,
  accessExpiresAt,
});

describe('a session with credentials', () => {
  it('logs in once for concurrent first calls, and hands the tokens to onTokens', async () => {
    const server = authServer();
    const seen: (SessionTokens | null)[] = [];
    const session = createUserSession({
      endpoints: server.endpoints,
      credentials,
      onTokens: (t) => void seen.push(t),
      now: () => NOW,
    });
    const headers = await Promise.all([session.authorization(), session.authorization(), session.authorization()]);
    expect(headers).toEqual(Array(3).fill('Bearer access-1'));
    expect(server.calls).toEqual(['logIn']);
    expect(seen).toEqual([
      {
        accessToken: 'access-1',
        refreshToken: 'refresh-1',
        refreshExpiresAt: '2026-04-01T00:00:00Z',
        accessExpiresAt: '2026-03-01T12:15:00.000Z',
      },
    ]);
  });

  it('logs in again when the API ended the session', async () => {
    const server = authServer();
    const old = server.start();
    server.start(); // the stored refresh token was rotated elsewhere: using it ends the session
    const session = createUserSession({
      endpoints: server.endpoints,
      credentials,
      tokens: stored(old, '2026-03-01T11:00:00Z'),
      now: () => NOW,
    });
    expect(await session.authorization()).toBe('Bearer access-3');
    expect(server.calls).toEqual(['refresh refresh-1', 'logIn']);
  });
});

describe('a session resumed from tokens', () => {
  it('renews an expiring access token once for concurrent calls, each refresh token used once', async () => {
    const server = authServer();
    const first = server.start();
    const seen: (SessionTokens | null)[] = [];
    const session = createUserSession({
      endpoints: server.endpoints,
      tokens: stored(first, '2026-03-01T12:00:10Z'), // expires in 10 s: inside the renewal margin
      onTokens: (t) => void seen.push(t),
      now: () => NOW,
    });
    const headers = await Promise.all([session.authorization(), session.authorization()]);
    expect(headers).toEqual(['Bearer access-2', 'Bearer access-2']);
    expect(server.calls).toEqual(['refresh refresh-1']);
    expect(seen.map((t) => t?.refreshToken)).toEqual(['refresh-2']);
  });

  it('keeps a token that is not about to expire', async () => {
    const server = authServer();
    const session = createUserSession({
      endpoints: server.endpoints,
      tokens: stored(server.start(), '2026-03-01T12:00:16Z'),
      now: () => NOW,
    });
    expect(await session.authorization()).toBe('Bearer access-1');
    expect(server.calls).toEqual([]);
  });

  it('renews once for concurrent 401s, and only retries a 401 for a token already replaced', async () => {
    const server = authServer();
    const session = createUserSession({
      endpoints: server.endpoints,
      tokens: stored(server.start(), '2026-03-01T13:00:00Z'),
      now: () => NOW,
    });
    const rejected = await session.authorization();
    expect(await Promise.all([session.renewAfterRejection(rejected!), session.renewAfterRejection(rejected!)])).toEqual(
      [true, true],
    );
    expect(await session.renewAfterRejection(rejected!)).toBe(true);
    expect(server.calls).toEqual(['refresh refresh-1']);
    expect(await session.authorization()).toBe('Bearer access-2');
  });

  it('ends when the API refuses the refresh: onTokens(null), the refusal thrown, no credential after', async () => {
    const server = authServer();
    const old = server.start();
    server.start();
    const seen: (SessionTokens | null)[] = [];
    const session = createUserSession({
      endpoints: server.endpoints,
      tokens: stored(old, '2026-03-01T11:00:00Z'),
      onTokens: (t) => void seen.push(t),
      now: () => NOW,
    });
    await expect(session.authorization()).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(seen).toEqual([null]);
    expect(session.current()).toBeNull();
    expect(await session.authorization()).toBeUndefined();
  });

  it('keeps its tokens when a refresh fails for another reason', async () => {
    const server = authServer();
    const tokens = stored(server.start(), '2026-03-01T11:00:00Z');
    const session = createUserSession({
      endpoints: { ...server.endpoints, refresh: () => Promise.reject(new TypeError('fetch failed')) },
      tokens,
      now: () => NOW,
    });
    await expect(session.authorization()).rejects.toThrow('fetch failed');
    expect(session.current()).toEqual(tokens);
  });

  it('logs out on the API with its refresh token and forgets the tokens', async () => {
    const server = authServer();
    const seen: (SessionTokens | null)[] = [];
    const session = createUserSession({
      endpoints: server.endpoints,
      tokens: stored(server.start(), '2026-03-01T13:00:00Z'),
      onTokens: (t) => void seen.push(t),
      now: () => NOW,
    });
    await session.logOut();
    expect(server.calls).toEqual(['logOut refresh-1']);
    expect(seen).toEqual([null]);
    expect(await session.authorization()).toBeUndefined();
  });
});
