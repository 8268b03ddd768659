import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Schemas } from './api-types.ts';
import { createLoyaltyClient } from './loyalty-client.ts';
import { LoyaltyApiError } from './loyalty-api-error.ts';

// `call` unwraps openapi-fetch results into the data's generated type, or a LoyaltyApiError.

function answering(status: number, body?: unknown) {
  const fetch = async () =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-9' },
    });
  return createLoyaltyClient({ baseUrl: 'http://api.test', apiKey: 'k', fetch, retry: false });
}

describe('call', () => {
  it('answers the data, typed by the operation', async () => {
    const client = answering(200, { data: [], nextCursor: null, hasMore: false });
    const programs = await client.call(client.api.GET('/v1/programs'));
    expectTypeOf(programs).toEqualTypeOf<{ data: Schemas['Program'][]; nextCursor: string | null; hasMore: boolean }>();
    expect(programs).toEqual({ data: [], nextCursor: null, hasMore: false });
  });

  it('answers undefined for a 204', async () => {
    const client = answering(204);
    const deleted = await client.call(client.api.DELETE('/v1/rules/{ruleId}', { params: { path: { ruleId: 'r1' } } }));
    expectTypeOf(deleted).toEqualTypeOf<undefined>();
    expect(deleted).toBeUndefined();
  });

  it('throws the refusal as a LoyaltyApiError', async () => {
    const client = answering(404, { error: { code: 'not_found', message: 'member not found' } });
    const error = await client
      .call(client.api.GET('/v1/members/{memberId}', { params: { path: { memberId: 'm1' } } }))
      .catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LoyaltyApiError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'member not found', requestId: 'req-9' });
  });
});
