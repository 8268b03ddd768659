import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoyaltyClient } from './loyalty-client.ts';
import { LoyaltyApiError } from './loyalty-api-error.ts';
import { startDroppingProxy, type DroppingProxy } from './testing/dropping-proxy.ts';
import { recordingFetch, startListeningApi, type ListeningApi } from './testing/listening-api.ts';

// Calls through the SDK against the real API over HTTP: idempotency keys, typed errors and
// pagination.

let api: ListeningApi;
let proxy: DroppingProxy;
beforeAll(async () => {
  api = await startListeningApi();
  proxy = await startDroppingProxy(api.baseUrl);
});
afterAll(async () => {
  await proxy?.close();
  await api?.close();
});

const client = () => createLoyaltyClient({ baseUrl: api.baseUrl, apiKey: api.apiKey });

async function newMember(c = client()) {
  return c.call(
    c.api.POST('/v1/programs/{programId}/members', {
      params: { path: { programId: api.programId } },
      body: { externalId: `c-${crypto.randomUUID()}` },
    }),
  );
}

async function postingsOf(memberId: string) {
  const { rows } = await api.t.ownerPool.query('SELECT kind, points FROM postings WHERE member_id = $1', [memberId]);
  return rows.map((r) => `${r.kind} ${r.points}`);
}

describe('idempotency keys', () => {
  it('make a POST whose answer was lost and that the SDK retried post once', async () => {
    const recorded = recordingFetch();
    const c = createLoyaltyClient({ baseUrl: proxy.baseUrl, apiKey: api.apiKey, fetch: recorded.fetch });
    const member = await newMember(c);

    proxy.dropNextAnswers(1);
    const earned = await c.api.POST('/v1/members/{memberId}/points/earn', {
      params: { path: { memberId: member.id } },
      body: { points: 120, orderId: 'order-1001' },
    });

    expect(proxy.dropped()).toBe(1);
    expect(earned.response.status).toBe(201);
    // The API had done the work the first time: the retry, with the same key, got that answer.
    expect(earned.response.headers.get('idempotent-replayed')).toBe('true');
    expect(earned.data?.balance.available).toBe(120);
    expect(await postingsOf(member.id)).toEqual(['earn 120']);
  });

  it('keep a key the caller chose: the same call again answers the first response', async () => {
    const c = client();
    const member = await newMember(c);
    const earn = () =>
      c.api.POST('/v1/members/{memberId}/points/earn', {
        params: { path: { memberId: member.id }, header: { 'Idempotency-Key': `order-${member.id}` } },
        body: { points: 40 },
      });
    const first = await earn();
    const again = await earn();
    expect(first.response.headers.get('idempotent-replayed')).toBeNull();
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(again.data).toEqual(first.data);
    expect(await postingsOf(member.id)).toEqual(['earn 40']);
  });

  it('are new for each call the SDK makes', async () => {
    const c = client();
    const member = await newMember(c);
    for (let i = 0; i < 2; i++) {
      const earned = await c.api.POST('/v1/members/{memberId}/points/earn', {
        params: { path: { memberId: member.id } },
        body: { points: 10 },
      });
      expect(earned.response.headers.get('idempotent-replayed')).toBeNull();
    }
    expect(await postingsOf(member.id)).toEqual(['earn 10', 'earn 10']);
  });
});

describe('errors', () => {
  it('are LoyaltyApiErrors with status, code, message and the request id', async () => {
    const c = client();
    const missing = crypto.randomUUID();
    const recorded = recordingFetch();
    const raw = createLoyaltyClient({ baseUrl: api.baseUrl, apiKey: api.apiKey, fetch: recorded.fetch });
    const answer = await raw.api.GET('/v1/members/{memberId}', { params: { path: { memberId: missing } } });
    const error = await c.call(Promise.resolve(answer)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LoyaltyApiError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', message: expect.stringContaining('not found') });
    expect((error as LoyaltyApiError).requestId).toBe(answer.response.headers.get('x-request-id'));
    expect((error as LoyaltyApiError).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(recorded.answers).toHaveLength(1);
  });

  it('carry the details of a 400, which is not retried', async () => {
    const recorded = recordingFetch();
    const c = createLoyaltyClient({ baseUrl: api.baseUrl, apiKey: api.apiKey, fetch: recorded.fetch });
    const member = await newMember(c);
    const error = await c
      .call(
        c.api.POST('/v1/members/{memberId}/points/earn', {
          params: { path: { memberId: member.id } },
          body: { points: -5 },
        }),
      )
      .catch((err: unknown) => err);
    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      details: { issues: [expect.objectContaining({ in: 'body', path: 'points' })] },
    });
    expect(recorded.answers.filter((r) => r.path.endsWith('/points/earn'))).toHaveLength(1);
  });
});

describe('paginate', () => {
  it('walks every member of a program over several pages', async () => {
    const recorded = recordingFetch();
    const c = createLoyaltyClient({ baseUrl: api.baseUrl, apiKey: api.apiKey, fetch: recorded.fetch });
    const created = new Set<string>();
    for (let i = 0; i < 5; i++) created.add((await newMember(c)).id);
    const before = recorded.answers.length;

    const seen: string[] = [];
    for await (const member of c.paginate('/v1/programs/{programId}/members', {
      params: { path: { programId: api.programId }, query: { limit: 2 } },
    })) {
      seen.push(member.id);
    }

    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => created.has(id)).sort()).toEqual([...created].sort());
    const { rows } = await api.t.ownerPool.query('SELECT count(*)::int AS n FROM members WHERE program_id = $1', [
      api.programId,
    ]);
    expect(seen).toHaveLength(rows[0].n);
    // The API reads one row more than the page to know another follows: no empty last page.
    const pages = recorded.answers.length - before;
    expect(pages).toBe(Math.ceil(rows[0].n / 2));
    expect(pages).toBeGreaterThan(2);
  });
});
