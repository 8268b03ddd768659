import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Schemas } from './api-types.ts';
import { createLoyaltyClient } from './loyalty-client.ts';
import { LoyaltyApiError } from './loyalty-api-error.ts';
import type { ListPath } from './pagination.ts';

// Walking list pages over a scripted transport (the real API's lists are walked in
// pagination.int.test.ts); what paginate accepts is checked by the type checker.

const member = (n: number) => ({ id: `m${n}` }) as Schemas['Member'];

function pages(...answers: [status: number, body: unknown][]) {
  const urls: string[] = [];
  const fetch = async (request: Request) => {
    urls.push(request.url.replace('http://api.test', ''));
    const [status, body] = answers.shift() ?? [500, { error: { code: 'internal_error', message: 'no more pages' } }];
    return Response.json(body, { status, headers: { 'x-request-id': `req-${urls.length}` } });
  };
  return { client: createLoyaltyClient({ baseUrl: 'http://api.test', apiKey: 'k', fetch, retry: false }), urls };
}

const collect = async <T>(items: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};

describe('paginate', () => {
  it('follows nextCursor while hasMore is true, keeping the query it was given', async () => {
    const { client, urls } = pages(
      [200, { data: [member(1), member(2)], nextCursor: 'c1', hasMore: true }],
      [200, { data: [member(3)], nextCursor: null, hasMore: false }],
    );
    const items = client.paginate('/v1/programs/{programId}/members', {
      params: { path: { programId: 'p1' }, query: { limit: 2 } },
    });
    expect((await collect(items)).map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(urls).toEqual(['/v1/programs/p1/members?limit=2', '/v1/programs/p1/members?limit=2&cursor=c1']);
  });

  it('stops when hasMore is false whatever the cursor says', async () => {
    const { client, urls } = pages([200, { data: [member(1)], nextCursor: 'c1', hasMore: false }]);
    const items = await collect(
      client.paginate('/v1/members/{memberId}/postings', { params: { path: { memberId: 'm1' } } }),
    );
    expect(items).toHaveLength(1);
    expect(urls).toHaveLength(1);
  });

  it('throws the LoyaltyApiError of a page that fails, after the items before it', async () => {
    const { client } = pages(
      [200, { data: [member(1)], nextCursor: 'c1', hasMore: true }],
      [400, { error: { code: 'validation_failed', message: 'invalid cursor' } }],
    );
    const seen: string[] = [];
    const walk = async () => {
      for await (const m of client.paginate('/v1/programs/{programId}/members', {
        params: { path: { programId: 'p' } },
      }))
        seen.push(m.id);
    };
    const error = await walk().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LoyaltyApiError);
    expect(error).toMatchObject({ status: 400, code: 'validation_failed', requestId: 'req-2' });
    expect(seen).toEqual(['m1']);
  });

  it('refuses to loop on a server that answers the cursor it was given', async () => {
    const { client } = pages(
      [200, { data: [member(1)], nextCursor: 'c1', hasMore: true }],
      [200, { data: [member(2)], nextCursor: 'c1', hasMore: true }],
    );
    await expect(
      collect(client.paginate('/v1/programs/{programId}/members', { params: { path: { programId: 'p' } } })),
    ).rejects.toThrow('answered the cursor it was given');
  });

  it('yields the typed items of list operations, and takes nothing else', () => {
    const { client } = pages();
    expectTypeOf(
      client.paginate('/v1/programs/{programId}/members', { params: { path: { programId: 'p' } } }),
    ).toEqualTypeOf<AsyncGenerator<Schemas['Member'], void, undefined>>();
    expectTypeOf<'/v1/members/{memberId}/postings'>().toExtend<ListPath>();
    expectTypeOf<'/v1/programs/{programId}'>().not.toExtend<ListPath>();
    // Never run: what the type checker refuses.
    const refused = () => [
      // @ts-expect-error not a list
      client.paginate('/v1/programs/{programId}', { params: { path: { programId: 'p' } } }),
      // @ts-expect-error the program id is required
      client.paginate('/v1/programs/{programId}/members'),
    ];
    expect(refused).toBeTypeOf('function');
  });
});
