import { describe, expect, it } from 'vitest';
import { createAuthorizedFetch } from './authorized-fetch.ts';
import { apiKeyAuthorizer, type Authorizer } from './authorizer.ts';
import type { RetryOptions } from './retry-policy.ts';

// The fetch the client runs on, over a scripted transport: what each attempt carried, and what
// the caller gets back.

const retry: RetryOptions = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1_000 };

type Step = number | [number, Record<string, string>] | Error;

/** A transport answering the scripted steps in order, remembering what each attempt sent. */
function scripted(...steps: Step[]) {
  const sent: { method: string; key: string | null; authorization: string | null; body: string }[] = [];
  const fetch = async (request: Request) => {
    sent.push({
      method: request.method,
      key: request.headers.get('idempotency-key'),
      authorization: request.headers.get('authorization'),
      body: await request.text(),
    });
    const step = steps.shift();
    if (step === undefined) throw new Error('more attempts than scripted');
    if (step instanceof Error) throw step;
    const [status, headers] = typeof step === 'number' ? [step, {}] : step;
    return new Response(status === 204 ? null : JSON.stringify({ status }), { status, headers });
  };
  return { fetch, sent };
}

const post = (headers: Record<string, string> = {}) =>
  new Request('http://api.test/v1/things', { method: 'POST', body: '{"points":5}', headers });

describe('idempotency keys', () => {
  it('gives a mutating call a random key and sends the same key and body on every retry', async () => {
    const transport = scripted(503, [429, { 'retry-after': '0' }], 201);
    const send = createAuthorizedFetch({ fetch: transport.fetch, retry, authorizer: apiKeyAuthorizer('k') });
    expect((await send(post())).status).toBe(201);
    const keys = transport.sent.map((s) => s.key);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(1);
    expect(transport.sent.map((s) => s.body)).toEqual(Array(3).fill('{"points":5}'));
  });

  it('keeps the key the caller chose', async () => {
    const transport = scripted(201);
    const send = createAuthorizedFetch({ fetch: transport.fetch, retry, authorizer: apiKeyAuthorizer('k') });
    await send(post({ 'Idempotency-Key': 'order-1001' }));
    expect(transport.sent[0]!.key).toBe('order-1001');
  });

  it('gives every call its own key, and none to a read', async () => {
    const transport = scripted(201, 201, 200);
    const send = createAuthorizedFetch({ fetch: transport.fetch, retry, authorizer: apiKeyAuthorizer('k') });
    await send(post());
    await send(post());
    await send(new Request('http://api.test/v1/things'));
    const [a, b, read] = transport.sent.map((s) => s.key);
    expect(a).not.toBe(b);
    expect(read).toBeNull();
  });
});

describe('retries', () => {
  it('answers a final refusal without retrying it', async () => {
    for (const status of [400, 404, 409, 500]) {
      const transport = scripted(status);
      const send = createAuthorizedFetch({ fetch: transport.fetch, retry, authorizer: apiKeyAuthorizer('k') });
      expect((await send(post())).status).toBe(status);
      expect(transport.sent).toHaveLength(1);
    }
  });

  it('answers the last 503 once the attempts are spent', async () => {
    const transport = scripted(503, 503, 503);
    const send = createAuthorizedFetch({ fetch: transport.fetch, retry, authorizer: apiKeyAuthorizer('k') });
    expect((await send(post())).status).toBe(503);
    expect(transport.sent).toHaveLength(3);
  });

  it('retries a network failure of a call with a key, and throws the last one when they are spent', async () => {
    const ok = scripted(new TypeError('fetch failed'), 201);
    const send = createAuthorizedFetch({ fetch: ok.fetch, retry, authorizer: apiKeyAuthorizer('k') });
    expect((await send(post())).status).toBe(201);
    expect(new Set(ok.sent.map((s) => s.key)).size).toBe(1);

    const down = scripted(new TypeError('one'), new TypeError('two'), new TypeError('three'));
    const sendDown = createAuthorizedFetch({ fetch: down.fetch, retry, authorizer: apiKeyAuthorizer('k') });
    await expect(sendDown(post())).rejects.toThrow('three');
  });

  it('stops waiting as soon as the caller aborts', async () => {
    const transport = scripted([503, { 'retry-after': '1' }], 201);
    const send = createAuthorizedFetch({ fetch: transport.fetch, retry, authorizer: apiKeyAuthorizer('k') });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('caller gave up')), 20);
    await expect(send(new Request(post(), { signal: controller.signal }))).rejects.toThrow('caller gave up');
    expect(Date.now() - started).toBeLessThan(900);
    expect(transport.sent).toHaveLength(1);
  });
});

describe('authorization', () => {
  it('sends the API key as a bearer token on every attempt, and answers its 401 as is', async () => {
    const transport = scripted(503, 401);
    const send = createAuthorizedFetch({ fetch: transport.fetch, retry, authorizer: apiKeyAuthorizer('sk_live') });
    expect((await send(post())).status).toBe(401);
    expect(transport.sent.map((s) => s.authorization)).toEqual(['Bearer sk_live', 'Bearer sk_live']);
  });

  it('tries once more, with the same key, after a 401 when the credential was renewed', async () => {
    let token = 'old';
    const authorizer: Authorizer = {
      authorization: async () => `Bearer ${token}`,
      renewAfterRejection: async () => {
        token = 'new';
        return true;
      },
    };
    const transport = scripted(401, 401);
    const send = createAuthorizedFetch({ fetch: transport.fetch, retry, authorizer });
    expect((await send(post())).status).toBe(401);
    expect(transport.sent.map((s) => s.authorization)).toEqual(['Bearer old', 'Bearer new']);
    expect(transport.sent[0]!.key).toBe(transport.sent[1]!.key);
  });
});
