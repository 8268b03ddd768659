import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  digitRangePattern,
  isoDateOnlyPattern,
  isoTimestampPattern,
  NO_URL_CONTROLS_PATTERN,
  TEXT_PATTERN,
  URL_TEXT_PATTERN,
} from './string-patterns.ts';

// Date.UTC maps years 0-99 to 1900-1999: set the full year explicitly.
function monthLength(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

describe('digitRangePattern', () => {
  it('matches exactly the zero-padded numbers of its range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 }), (a, b) => {
        const [min, max] = a <= b ? [a, b] : [b, a];
        const re = new RegExp(`^(?:${digitRangePattern(min, max, 3)})$`);
        for (let n = 0; n <= 999; n++)
          expect(re.test(String(n).padStart(3, '0')), `${n} in ${min}..${max}`).toBe(n >= min && n <= max);
      }),
      { numRuns: 200 },
    );
  });
});

describe('isoDateOnlyPattern', () => {
  it.each([
    [1, 9999],
    [1900, 9999],
    [1900, 2299],
    [1970, 2299],
    [2000, 2999],
  ])(
    'matches the dates that exist from %i to %i, and no others',
    (min, max) => {
      const re = isoDateOnlyPattern(min, max);
      const wrong: string[] = [];
      for (let year = 0; year <= 9999; year++) {
        for (let month = 1; month <= 12; month++) {
          const length = monthLength(year, month);
          for (const day of [0, 1, 28, 29, 30, 31, 32]) {
            const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
            const valid = year >= Math.max(min, 1) && year <= max && day >= 1 && day <= length;
            if (re.test(text) !== valid) wrong.push(text);
          }
        }
      }
      expect(wrong.slice(0, 10)).toEqual([]);
    },
    30_000,
  );
});

describe('isoTimestampPattern', () => {
  const re = isoTimestampPattern(1, 9999);
  it.each([
    ['2026-01-01T00:00:00Z', true],
    ['2026-01-01T23:59:59.123456+14:00', true],
    ['2026-01-01T00:00:00-13:59', true],
    ['0001-01-01T00:00:00Z', true],
    ['0000-01-01T00:00:00Z', false],
    ['2026-01-01T00:00:00+14:01', false],
    ['2026-01-01T00:00:00+18:28', false],
    ['2026-01-01T24:00:00Z', false],
    ['2026-01-01T00:00:60Z', false],
    ['2026-01-01T00:00Z', false],
    ['2026-01-01T00:00:00', false],
    ['2026-02-29T00:00:00Z', false],
    ['2028-02-29T00:00:00Z', true],
  ])('%s: %s', (text, ok) => expect(re.test(text)).toBe(ok));
});

describe('text patterns', () => {
  it.each([
    ['Gold', true, true],
    ['  Gold\t', true, false],
    ['  Gold ', true, true],
    ['two\nlines', true, false],
    ['', false, false],
    [' \t\n\u00a0\u3000\ufeff', false, false],
    ['a\u0000b', false, false],
    ['a\u0007b', false, false],
    ['a\u007fb', false, false],
    ['\u0085', true, true],
    ['é 😀', true, true],
  ])('%j: text %s, URL text %s', (text, asText, inUrl) => {
    expect(TEXT_PATTERN.test(text)).toBe(asText);
    expect(URL_TEXT_PATTERN.test(text)).toBe(inUrl);
  });

  it('are what trim() leaves non-empty, in linear time', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (s) => {
        // eslint-disable-next-line no-control-regex -- the rule under test
        const expected = s.trim().length > 0 && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);
        expect(TEXT_PATTERN.test(s)).toBe(expected);
      }),
    );
    const hostile = 'a '.repeat(200_000) + '\u0001';
    const started = performance.now();
    expect(TEXT_PATTERN.test(hostile)).toBe(false);
    expect(URL_TEXT_PATTERN.test(hostile)).toBe(false);
    expect(NO_URL_CONTROLS_PATTERN.test(hostile)).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
