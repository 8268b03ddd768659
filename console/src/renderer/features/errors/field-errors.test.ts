import { LoyaltyApiError } from '@loyalty/sdk';
import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from './field-errors.ts';

const refusal = (details: unknown, message = 'invalid body') =>
  new LoyaltyApiError({ status: 400, code: 'validation_failed', message, details });
const shows = (paths: string[]) => (p: string) => paths.includes(p);

describe('fieldErrorsOf', () => {
  it('places each validation issue at the field its path names', () => {
    const err = refusal({
      issues: [
        { in: 'body', path: 'kind.percent', message: 'must be a percentage from 0.01 to 1000' },
        { in: 'body', path: 'condition.all.0.value', message: 'must be a whole number' },
      ],
    });
    expect(fieldErrorsOf(err, shows(['kind.percent', 'condition.all.0.value']))).toEqual([
      { path: 'kind.percent', message: 'must be a percentage from 0.01 to 1000' },
      { path: 'condition.all.0.value', message: 'must be a whole number' },
    ]);
  });

  it('falls back to the nearest shown ancestor of a path', () => {
    const err = refusal({ issues: [{ path: 'kind.bands.1.fromAmount', message: 'must increase' }] });
    expect(fieldErrorsOf(err, shows(['kind.bands']))).toEqual([{ path: 'kind.bands', message: 'must increase' }]);
  });

  it("uses the API's message for a domain error naming one field", () => {
    const err = refusal({ field: 'expiresAt' }, 'expiresAt must be in the future');
    expect(fieldErrorsOf(err, shows(['expiresAt']))).toEqual([
      { path: 'expiresAt', message: 'expiresAt must be in the future' },
    ]);
  });

  it('reports on the form what no field can show, and nothing for other errors', () => {
    const err = refusal({ issues: [{ path: '(root)', message: 'must change at least one field' }] }, 'nothing to do');
    expect(fieldErrorsOf(err, shows(['name']))).toEqual([{ path: 'root', message: 'nothing to do' }]);
    const conflict = new LoyaltyApiError({ status: 409, code: 'rule_limit_reached', message: 'too many' });
    expect(fieldErrorsOf(conflict, shows(['name']))).toEqual([{ path: 'root', message: 'too many' }]);
    expect(fieldErrorsOf(new Error('offline'), shows(['name']))).toEqual([]);
  });
});
