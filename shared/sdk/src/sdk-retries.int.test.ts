import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey } from '../../../api/src/testing/test-app.ts';
import { createLoyaltyClient } from './loyalty-client.ts';
import { LoyaltyApiError } from './loyalty-api-error.ts';
import { INTEGRATION_SCOPES, recordingFetch, startListeningApi, type ListeningApi } from './testing/listening-api.ts';

// The API's own limits answer 429 with retry-after. Here they are tight: a client address is
// blocked for 1 s after a second failed authentication, and a credential may make 3 requests a
// minute.

let api: ListeningApi;
let secondKey: string;
beforeAll(async () => {
  // The owner's three requests of the minute: an API key, a program, another API key.
  api = await startListeningApi({ AUTH_FAILURES_PER_ADDRESS: '1', RATE_LIMIT_PER_MINUTE: '3' });
  secondKey = (await apiKey(api.t.app, api.tenant, INTEGRATION_SCOPES)).key;
});
afterAll(() => api?.close());

const getProgram = (client: ReturnType<typeof createLoyaltyClient>) =>
  client.call(client.api.GET('/v1/programs/{programId}', { params: { path: { programId: api.programId } } }));

describe('a 429', () => {
  it('is retried after the retry-after the API asked for', async () => {
    const key = api.apiKey;
    // Two failed authentications from this address: the second blocks it for 1 s.
    const stranger = createLoyaltyClient({ baseUrl: api.baseUrl, apiKey: 'lk_not_a_key' });
    for (let i = 0; i < 2; i++) await expect(getProgram(stranger)).rejects.toMatchObject({ status: 401 });

    const recorded = recordingFetch();
    const client = createLoyaltyClient({ baseUrl: api.baseUrl, apiKey: key, fetch: recorded.fetch });
    expect((await getProgram(client)).id).toBe(api.programId);

    expect(recorded.answers.map((a) => a.status)).toEqual([429, 200]);
    const [refused, retried] = recorded.answers;
    expect(retried!.at - refused!.at).toBeGreaterThanOrEqual(1_000);
  });

  it('that asks for a longer wait than the client allows is thrown at once, as rate_limited', async () => {
    const key = secondKey;
    const recorded = recordingFetch();
    const client = createLoyaltyClient({
      baseUrl: api.baseUrl,
      apiKey: key,
      fetch: recorded.fetch,
      retry: { maxDelayMs: 5_000 },
    });
    for (let i = 0; i < 3; i++) await getProgram(client);

    const started = Date.now();
    const error = await getProgram(client).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LoyaltyApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', requestId: expect.any(String) });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(recorded.answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
  });
});
