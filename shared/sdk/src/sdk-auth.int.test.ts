import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../../../api/src/modules/auth/tokens.ts';
import { createLoyaltyClient } from './loyalty-client.ts';
import { LoyaltyApiError } from './loyalty-api-error.ts';
import type { SessionTokens } from './session-tokens.ts';
import { recordingFetch, startListeningApi, type ListeningApi } from './testing/listening-api.ts';

// The SDK's credentials against the real API over HTTP: an integration's API key, and a console
// user's session with rotating refresh tokens.

let api: ListeningApi;
beforeAll(async () => {
  api = await startListeningApi();
});
afterAll(() => api?.close());

/** An access token for the owner that expired a minute ago, as the API would have issued it then. */
function expiredAccessToken(): Promise<string> {
  const { AUTH_TOKEN_SECRET } = api.t.config;
  return createTokenService(AUTH_TOKEN_SECRET, -60).signAccess({
    tenantId: api.tenant.tenantId,
    userId: api.tenant.ownerId,
    role: 'owner',
  });
}

/** A fresh session of the owner, as a console would have stored it. */
async function ownerSession(): Promise<SessionTokens> {
  let tokens: SessionTokens | null = null;
  const client = createLoyaltyClient({ baseUrl: api.baseUrl, ...api.owner, onTokens: (t) => void (tokens = t) });
  await client.call(client.api.GET('/v1/tenant'));
  return tokens!;
}

const getProgram = (client: ReturnType<typeof createLoyaltyClient>) =>
  client.call(client.api.GET('/v1/programs/{programId}', { params: { path: { programId: api.programId } } }));

describe('an API key', () => {
  it('authenticates as Authorization: Bearer <key>', async () => {
    const client = createLoyaltyClient({ baseUrl: api.baseUrl, apiKey: api.apiKey });
    expect(await getProgram(client)).toMatchObject({ id: api.programId, name: 'Coffee Club' });
    expect(client.tokens()).toBeNull();
  });

  it('that is wrong is a 401 LoyaltyApiError, asked once', async () => {
    const recorded = recordingFetch();
    const client = createLoyaltyClient({ baseUrl: api.baseUrl, apiKey: 'lk_not_a_key', fetch: recorded.fetch });
    const error = await getProgram(client).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LoyaltyApiError);
    expect(error).toMatchObject({ status: 401, code: 'unauthenticated', requestId: expect.any(String) });
    expect(recorded.answers).toHaveLength(1);
  });
});

describe('a user session', () => {
  it('logs in on the first call, once for concurrent calls, and hands the tokens to onTokens', async () => {
    const recorded = recordingFetch();
    const stored: (SessionTokens | null)[] = [];
    const client = createLoyaltyClient({
      baseUrl: api.baseUrl,
      ...api.owner,
      fetch: recorded.fetch,
      onTokens: (t) => void stored.push(t),
    });
    const [a, b] = await Promise.all([getProgram(client), getProgram(client)]);
    expect([a.id, b.id]).toEqual([api.programId, api.programId]);
    expect(recorded.answers.filter((r) => r.path === '/v1/auth/login')).toEqual([
      expect.objectContaining({ status: 200 }),
    ]);
    expect(stored).toHaveLength(1);
    expect(client.tokens()).toEqual(stored[0]);
    expect(Date.parse(stored[0]!.accessExpiresAt) - Date.now()).toBeGreaterThan(800_000); // the API's 900 s
  });

  it('refreshes an expired token once for two concurrent calls refused with 401, rotating the refresh token', async () => {
    const session = await ownerSession();
    const recorded = recordingFetch();
    const stored: (SessionTokens | null)[] = [];
    // The access token is past its expiry but the client does not know it: the API says so (401).
    const client = createLoyaltyClient({
      baseUrl: api.baseUrl,
      tokens: { ...session, accessToken: await expiredAccessToken() },
      fetch: recorded.fetch,
      onTokens: (t) => void stored.push(t),
    });

    const [a, b] = await Promise.all([getProgram(client), getProgram(client)]);
    expect([a.id, b.id]).toEqual([api.programId, api.programId]);
    const refreshes = recorded.answers.filter((r) => r.path === '/v1/auth/refresh');
    expect(refreshes).toEqual([expect.objectContaining({ status: 200 })]);
    expect(recorded.answers.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.refreshToken).not.toBe(session.refreshToken);

    // The old refresh token worked once: presented again, the API refuses it and ends the
    // session, which the client learns on its next renewal.
    const reuse = await fetch(`${api.baseUrl}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    expect(reuse.status).toBe(401);
    const ended = createLoyaltyClient({
      baseUrl: api.baseUrl,
      tokens: { ...client.tokens()!, accessExpiresAt: new Date(0).toISOString() },
      onTokens: (t) => void stored.push(t),
    });
    await expect(getProgram(ended)).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(stored.at(-1)).toBeNull();
  });

  it('refreshes before expiry, once for concurrent calls, without a 401', async () => {
    const session = await ownerSession();
    const recorded = recordingFetch();
    const client = createLoyaltyClient({
      baseUrl: api.baseUrl,
      tokens: { ...session, accessExpiresAt: new Date(Date.now() + 5_000).toISOString() },
      fetch: recorded.fetch,
    });
    await Promise.all([getProgram(client), getProgram(client), getProgram(client)]);
    expect(recorded.answers.map((r) => `${r.path} ${r.status}`).sort()).toEqual([
      '/v1/auth/refresh 200',
      `/v1/programs/${api.programId} 200`,
      `/v1/programs/${api.programId} 200`,
      `/v1/programs/${api.programId} 200`,
    ]);
    expect(client.tokens()!.refreshToken).not.toBe(session.refreshToken);
  });

  it('resumes from the TokenPair an onboarding answered', async () => {
    const pair = { ...(await api.t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: api.owner })).json() };
    const client = createLoyaltyClient({ baseUrl: api.baseUrl, tokens: pair });
    expect((await getProgram(client)).id).toBe(api.programId);
    expect(client.tokens()!.accessToken).toBe(pair.accessToken);
  });

  it('logs out: the API ends the session and onTokens hears null', async () => {
    const session = await ownerSession();
    const stored: (SessionTokens | null)[] = [];
    const client = createLoyaltyClient({ baseUrl: api.baseUrl, tokens: session, onTokens: (t) => void stored.push(t) });
    await client.logout();
    expect(stored).toEqual([null]);
    expect(client.tokens()).toBeNull();
    const refresh = await fetch(`${api.baseUrl}/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    expect(refresh.status).toBe(401);
    await expect(getProgram(client)).rejects.toMatchObject({ status: 401 });
  });
});
