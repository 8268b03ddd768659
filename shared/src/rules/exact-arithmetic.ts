import { z } from 'zod';

// Points are computed as one exact fraction per rule and rounded once, so 10% of EUR 123.45 is
// 12345/1000 points before rounding, never 12.344999... Numbers are used while every product
// stays below 2^52 (exact in a double, with room for the quotient correction below); bigger
// products (amounts up to 10^11 minor units times rates) take the BigInt path.

export const ROUNDING_MODES = ['floor', 'ceil', 'half_up', 'half_even'] as const;
export const roundingModeSchema = z
  .enum(ROUNDING_MODES)
  .describe('floor: down; ceil: up; half_up: nearest, .5 up; half_even: nearest, .5 to the even number');
export type RoundingMode = z.infer<typeof roundingModeSchema>;

const EXACT_LIMIT = 2 ** 52;

/** A number with at most two decimals, as an integer count of hundredths (12.5 -> 1250). */
export function hundredths(x: number): number {
  return Math.round(x * 100);
}

/** True when `x` has at most two decimals: toFixed(2) round-trips only for those. */
export function hasAtMostTwoDecimals(x: number): boolean {
  return Number.isFinite(x) && Number(x.toFixed(2)) === x;
}

/** A non-negative number at four-decimal precision, as an integer (1.5 -> 15000). */
export function tenThousandths(x: number): number {
  return Math.round(x * 10_000);
}

/** round(a × b / den) for non-negative integers a, b and a positive integer den. */
export function mulDivRound(a: number, b: number, den: number, mode: RoundingMode): number {
  const product = a * b;
  if (product < EXACT_LIMIT) return divRound(product, den, mode);
  return bigDivRound(BigInt(a) * BigInt(b), BigInt(den), mode);
}

/** round(num / den) for a non-negative integer num below 2^52 and a positive integer den. */
export function divRound(num: number, den: number, mode: RoundingMode): number {
  let q = Math.floor(num / den);
  let r = num - q * den;
  // The float quotient can be one off near an integer; the remainder tells which way.
  if (r < 0) {
    q -= 1;
    r += den;
  } else if (r >= den) {
    q += 1;
    r -= den;
  }
  return r === 0 ? q : q + roundsUp(Math.sign(r * 2 - den), q % 2 === 1, mode);
}

function bigDivRound(num: bigint, den: bigint, mode: RoundingMode): number {
  const q = num / den;
  const r = num % den;
  const twice = r * 2n;
  const half = twice === den ? 0 : twice > den ? 1 : -1;
  // Callers clamp rule results far below 2^53, so Number() only blurs values that are clamped anyway.
  return r === 0n ? Number(q) : Number(q) + roundsUp(half, q % 2n === 1n, mode);
}

/** For a non-zero remainder: whether the quotient goes up, given how the remainder compares to half. */
function roundsUp(vsHalf: number, qOdd: boolean, mode: RoundingMode): number {
  switch (mode) {
    case 'floor':
      return 0;
    case 'ceil':
      return 1;
    case 'half_up':
      return vsHalf >= 0 ? 1 : 0;
    case 'half_even':
      return vsHalf > 0 || (vsHalf === 0 && qOdd) ? 1 : 0;
  }
}
