import { LoyaltyApiError, type LoyaltyErrorCode } from '@loyalty/sdk';
import { describe, expect, it } from 'vitest';
import { loginFailureOf } from './login-failure.ts';

const apiError = (status: number, code: string, message: string, details?: unknown) =>
  new LoyaltyApiError({ status, code: code as LoyaltyErrorCode, message, details, requestId: 'req-1' });

describe('loginFailureOf', () => {
  it('puts a refused log-in under the password without saying which part was wrong', () => {
    expect(loginFailureOf(apiError(401, 'unauthenticated', 'bad login'), 'http://api')).toEqual([
      { field: 'password', message: 'Wrong workspace, e-mail or password.' },
    ]);
  });

  it("puts the API's validation messages next to their fields", () => {
    const err = apiError(400, 'validation_failed', 'invalid body', {
      issues: [{ in: 'body', path: 'email', message: 'must be an email address' }],
    });
    expect(loginFailureOf(err, 'http://api')).toEqual([{ field: 'email', message: 'must be an email address' }]);
  });

  it('says when to try again after too many attempts, and when the API is out of reach', () => {
    expect(loginFailureOf(apiError(429, 'rate_limited', 'slow down'), 'http://api')[0]?.field).toBe('form');
    expect(loginFailureOf(new TypeError('Failed to fetch'), 'http://api')).toEqual([
      { field: 'form', message: 'The API at http://api cannot be reached. Check your connection.' },
    ]);
  });
});
