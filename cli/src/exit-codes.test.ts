import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from 'commander';
import { LoyaltyApiError } from '@loyalty/sdk';
import { currencyCode, minorAmount, points, timestamp, collect, wholeNumber } from './argument-parsers.ts';
import { errorMessageOf, EXIT, exitCodeOf, NotAuthenticatedError, UsageError } from './exit-codes.ts';

const apiError = (status: number, code = 'x') =>
  new LoyaltyApiError({ status, code, message: 'm', requestId: 'req-1' });

describe('exitCodeOf', () => {
  it('maps each kind of failure to its documented code', () => {
    expect(exitCodeOf(new UsageError('u'))).toBe(EXIT.usage);
    expect(exitCodeOf(new NotAuthenticatedError('n'))).toBe(EXIT.notAuthenticated);
    expect(exitCodeOf(apiError(401, 'unauthorized'))).toBe(3);
    expect(exitCodeOf(apiError(403, 'forbidden'))).toBe(4);
    expect(exitCodeOf(apiError(404, 'not_found'))).toBe(4);
    expect(exitCodeOf(apiError(409, 'insufficient_points'))).toBe(4);
    expect(exitCodeOf(apiError(429, 'rate_limited'))).toBe(4);
    expect(exitCodeOf(apiError(500))).toBe(5);
    expect(exitCodeOf(apiError(503))).toBe(5);
    expect(exitCodeOf(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe(5);
    expect(exitCodeOf(new TypeError('x is not a function'))).toBe(1);
    expect(exitCodeOf(new Error('disk full'))).toBe(1);
  });
});

describe('errorMessageOf', () => {
  it("names the API's code, message and request id", () => {
    expect(errorMessageOf(apiError(404, 'not_found'))).toBe('error: not_found: m (request id req-1)');
    expect(
      errorMessageOf(
        new LoyaltyApiError({ status: 400, code: 'validation_failed', message: 'bad', details: [{ path: 'a' }] }),
      ),
    ).toBe('error: validation_failed: bad\n  details: [{"path":"a"}]');
    expect(errorMessageOf(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe(
      'error: the API is unavailable: ECONNREFUSED',
    );
  });
});

describe('argument parsers', () => {
  it('take whole numbers in range only', () => {
    expect(points('120')).toBe(120);
    expect(() => points('0')).toThrow(InvalidArgumentError);
    expect(() => points('1e3')).toThrow(/not a whole number/);
    expect(() => points('12.5')).toThrow(/not a whole number/);
    expect(() => wholeNumber('201', 1, 200)).toThrow(/between 1 and 200/);
  });

  it('want amounts in minor units', () => {
    expect(minorAmount('1250')).toBe(1250);
    expect(() => minorAmount('12.50')).toThrow(/1250/);
    expect(() => minorAmount('-1')).toThrow(InvalidArgumentError);
  });

  it('normalise currencies and timestamps', () => {
    expect(currencyCode('eur')).toBe('EUR');
    expect(() => currencyCode('euro')).toThrow(/ISO 4217/);
    expect(() => currencyCode('XYZ')).toThrow(/ISO 4217/);
    expect(timestamp('2025-01-31T13:00:00+01:00')).toBe('2025-01-31T12:00:00.000Z');
    expect(() => timestamp('yesterday')).toThrow(/ISO 8601/);
    expect(() => timestamp('2025-01-31')).toThrow(/ISO 8601/);
  });

  it('collect repeated and comma-separated values', () => {
    expect(collect('points:earn', collect('members:read,members:write', undefined))).toEqual([
      'members:read',
      'members:write',
      'points:earn',
    ]);
  });
});
