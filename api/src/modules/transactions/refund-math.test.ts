import { describe, expect, it } from 'vitest';
import { seededRandom } from '@loyalty/shared';
import { pointsToReverse, reversalTarget } from './refund-math.ts';

describe('reversalTarget', () => {
  it.each([
    [100, 10_000, 0, 0],
    [100, 10_000, 2_500, 25],
    [100, 10_000, 3_333, 33],
    [100, 10_000, 10_000, 100],
    [100, 10_000, 12_000, 100],
    [0, 10_000, 5_000, 0],
    [7, 0, 0, 0],
    [100_000_000, 100_000_000_000, 99_999_999_999, 99_999_999],
  ])('%i points on %i, %i refunded → %i', (points, amount, refunded, expected) => {
    expect(reversalTarget(points, amount, refunded)).toBe(expected);
  });
});

describe('pointsToReverse', () => {
  it('takes back exactly the earned points over any split into partial refunds, never negative', () => {
    // Seeded: the property test is repeatable.
    const rnd = seededRandom(42);
    for (let run = 0; run < 2_000; run += 1) {
      const amount = 1 + rnd.int(0, 999_999);
      const points = rnd.int(0, 49_999);
      let refunded = 0;
      let reversed = 0;
      while (refunded < amount) {
        const refund = Math.min(amount - refunded, 1 + rnd.int(0, Math.ceil(amount / 2) - 1));
        const take = pointsToReverse({ points, amount, refundedBefore: refunded, refund, reversedBefore: reversed });
        expect(take).toBeGreaterThanOrEqual(0);
        refunded += refund;
        reversed += take;
        expect(reversed).toBeLessThanOrEqual(points);
      }
      expect(reversed).toBe(points);
    }
  });
});
