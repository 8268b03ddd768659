import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divRound,
  hasAtMostTwoDecimals,
  hundredths,
  mulDivRound,
  ROUNDING_MODES,
  type RoundingMode,
} from './exact-arithmetic.ts';

/** The reference: BigInt only, written the textbook way. */
function reference(a: bigint, b: bigint, den: bigint, mode: RoundingMode): bigint {
  const num = a * b;
  const q = num / den;
  const r = num % den;
  if (r === 0n) return q;
  switch (mode) {
    case 'floor':
      return q;
    case 'ceil':
      return q + 1n;
    case 'half_up':
      return 2n * r >= den ? q + 1n : q;
    case 'half_even':
      return 2n * r > den || (2n * r === den && q % 2n === 1n) ? q + 1n : q;
  }
}

describe('exact rounding', () => {
  it.each<[number, number, RoundingMode, number]>([
    // 10% of EUR 123.45 = 12.345 points
    [12_345, 1_000, 'floor', 12],
    [12_345, 1_000, 'ceil', 13],
    [12_345, 1_000, 'half_up', 12],
    [12_345, 1_000, 'half_even', 12],
    [12_500, 1_000, 'half_up', 13],
    [12_500, 1_000, 'half_even', 12],
    [13_500, 1_000, 'half_even', 14],
    [11_500, 1_000, 'half_even', 12],
    [12_000, 1_000, 'ceil', 12],
    [0, 7, 'ceil', 0],
    [6, 4, 'half_up', 2],
    [5, 10, 'half_up', 1],
    [5, 10, 'half_even', 0],
    [15, 10, 'half_even', 2],
  ])('%d / %d rounded %s is %d', (num, den, mode, expected) => {
    expect(divRound(num, den, mode)).toBe(expected);
    expect(mulDivRound(num, 1, den, mode)).toBe(expected);
  });

  it('agrees with a BigInt reference, on both sides of the 2^52 switch', () => {
    const amount = fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 100_000_000_000 }));
    const factor = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 10_000_000 }));
    const den = fc.constantFrom(1, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 7, 3);
    fc.assert(
      fc.property(amount, factor, den, fc.constantFrom(...ROUNDING_MODES), (a, b, d, mode) => {
        const expected = reference(BigInt(a), BigInt(b), BigInt(d), mode);
        // Beyond 2^53 a result is not a safe integer; the engine clamps far below that.
        fc.pre(expected <= BigInt(Number.MAX_SAFE_INTEGER));
        expect(mulDivRound(a, b, d, mode)).toBe(Number(expected));
      }),
      { numRuns: 5_000 },
    );
  });

  it('agrees with the reference right around exact halves of big quotients', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: -2, max: 2 }),
        fc.constantFrom(...ROUNDING_MODES),
        (q, delta, mode) => {
          const den = 1_000;
          const num = Math.max(0, q * den + den / 2 + delta);
          expect(divRound(num, den, mode)).toBe(Number(reference(BigInt(num), 1n, BigInt(den), mode)));
        },
      ),
    );
  });

  it('reads two-decimal numbers exactly', () => {
    expect(hundredths(0.07)).toBe(7);
    expect(hundredths(12.34)).toBe(1234);
    expect(hundredths(1000)).toBe(100_000);
    expect(hasAtMostTwoDecimals(0.07)).toBe(true);
    expect(hasAtMostTwoDecimals(1.005)).toBe(false);
    expect(hasAtMostTwoDecimals(0.125)).toBe(false);
    expect(hasAtMostTwoDecimals(Number.NaN)).toBe(false);
  });
});
