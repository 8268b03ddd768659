import { describe, expect, it } from 'vitest';
import { LoyaltyApiError } from './loyalty-api-error.ts';

const headers = { 'x-request-id': 'req-123' };

describe('LoyaltyApiError.fromResponse', () => {
  it('carries the API error body, the status and the request id', () => {
    const body = { error: { code: 'validation_failed', message: 'invalid body', details: { issues: [] } } };
    const error = LoyaltyApiError.fromResponse(new Response(null, { status: 400, headers }), body);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'LoyaltyApiError',
      status: 400,
      code: 'validation_failed',
      message: 'invalid body',
      details: { issues: [] },
      requestId: 'req-123',
    });
  });

  it('names an answer that is not the API error shape unexpected_response, with its text', () => {
    const error = LoyaltyApiError.fromResponse(
      new Response(null, { status: 502, statusText: 'Bad Gateway' }),
      '<html>proxy error</html>',
    );
    expect(error).toMatchObject({
      status: 502,
      code: 'unexpected_response',
      message: 'the API answered 502 Bad Gateway without an error body',
      details: '<html>proxy error</html>',
      requestId: undefined,
    });
  });

  it('does not take a body with a malformed error for the API error shape', () => {
    for (const body of [{ error: 'nope' }, { error: { code: 1, message: 'x' } }, null, undefined]) {
      expect(LoyaltyApiError.fromResponse(new Response(null, { status: 500 }), body).code).toBe('unexpected_response');
    }
  });
});
