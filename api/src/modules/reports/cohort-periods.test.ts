import { describe, expect, it } from 'vitest';
import { cohortPeriodEnd, isPartialPeriod } from './cohort-periods.ts';

describe('cohortPeriodEnd', () => {
  it.each([
    ['2026-01-01', 0, 'month', '2026-02-01T00:00:00.000Z'],
    ['2026-01-01', 2, 'month', '2026-04-01T00:00:00.000Z'],
    ['2026-11-01', 1, 'month', '2027-01-01T00:00:00.000Z'],
    ['2026-02-01', 0, 'month', '2026-03-01T00:00:00.000Z'],
    ['2026-01-05', 0, 'week', '2026-01-12T00:00:00.000Z'],
    ['2026-12-28', 1, 'week', '2027-01-11T00:00:00.000Z'],
  ] as const)('%s + %d %ss ends at %s', (cohort, offset, grain, end) => {
    expect(cohortPeriodEnd(cohort, offset, grain).toISOString()).toBe(end);
  });

  it('refuses a cohort that is not a day', () => {
    expect(() => cohortPeriodEnd('2026-01', 0, 'month')).toThrow('is not a YYYY-MM-DD day');
  });
});

describe('isPartialPeriod', () => {
  const now = new Date('2026-03-15T10:00:00Z');

  it('marks the period that contains now, whatever the cohort', () => {
    expect(isPartialPeriod('2026-03-01', 0, 'month', now)).toBe(true);
    expect(isPartialPeriod('2026-01-01', 2, 'month', now)).toBe(true);
    expect(isPartialPeriod('2026-03-09', 0, 'week', now)).toBe(true);
  });

  it('leaves ended periods alone', () => {
    expect(isPartialPeriod('2026-01-01', 1, 'month', now)).toBe(false);
    expect(isPartialPeriod('2026-03-02', 0, 'week', now)).toBe(false);
  });

  it('ends a period exactly at the first instant of the next one', () => {
    expect(isPartialPeriod('2026-02-01', 0, 'month', new Date('2026-02-28T23:59:59.999Z'))).toBe(true);
    expect(isPartialPeriod('2026-02-01', 0, 'month', new Date('2026-03-01T00:00:00.000Z'))).toBe(false);
  });
});
