import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

describe('seededRandom', () => {
  it('repeats its stream for a seed, differs across seeds, and stays in range', () => {
    const draw = (seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: 1_000 }, () => r.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(draw(7).every((x) => x >= 0 && x < 1)).toBe(true);
    const r = seededRandom(1);
    const ints = Array.from({ length: 2_000 }, () => r.int(3, 5));
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]));
  });
});
