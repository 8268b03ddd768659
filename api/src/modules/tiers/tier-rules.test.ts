import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  basisPoints,
  currentTier,
  mergeBenefits,
  nextTier,
  tierConflict,
  tierFor,
  tierMove,
  type TierStep,
} from './tier-rules.ts';

const bronze = { id: 'b', name: 'Bronze', threshold: 0 };
const silver = { id: 's', name: 'Silver', threshold: 500 };
const gold = { id: 'g', name: 'Gold', threshold: 2000 };
const ladder = [bronze, silver, gold];

/** Tiers with distinct thresholds (the database's unique index guarantees that), in any order. */
const tiersArb = fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 20 }).chain((thresholds) =>
  fc.shuffledSubarray(
    thresholds.map((threshold, i): TierStep => ({ id: `t${i}`, name: `T${i}`, threshold })),
    { minLength: thresholds.length },
  ),
);
const pointsArb = fc.integer({ min: 0, max: 1_200_000 });

describe('tierFor', () => {
  it('picks the highest threshold the basis reaches, exactly at the threshold too', () => {
    expect(tierFor(ladder, 0)).toBe(bronze);
    expect(tierFor(ladder, 499)).toBe(bronze);
    expect(tierFor(ladder, 500)).toBe(silver);
    expect(tierFor(ladder, 1999)).toBe(silver);
    expect(tierFor(ladder, 2000)).toBe(gold);
    expect(tierFor(ladder, 10_000_000)).toBe(gold);
  });

  it('gives no tier below every threshold, or when the program has none', () => {
    expect(tierFor([silver, gold], 100)).toBeNull();
    expect(tierFor([], 1_000)).toBeNull();
  });

  it('does not depend on the order it is given', () => {
    expect(tierFor([gold, bronze, silver], 750)).toBe(silver);
  });

  it('is monotonic: more points never give a lower tier', () => {
    fc.assert(
      fc.property(tiersArb, pointsArb, pointsArb, (tiers, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(tierFor(tiers, lo)?.threshold ?? -1).toBeLessThanOrEqual(tierFor(tiers, hi)?.threshold ?? -1);
      }),
    );
  });

  it('returns a reached tier with no other reached tier above it', () => {
    fc.assert(
      fc.property(tiersArb, pointsArb, (tiers, points) => {
        const t = tierFor(tiers, points);
        const reached = tiers.filter((x) => x.threshold <= points);
        if (t === null) expect(reached).toEqual([]);
        else {
          expect(t.threshold).toBeLessThanOrEqual(points);
          expect(reached.every((x) => x.threshold <= t.threshold)).toBe(true);
        }
      }),
    );
  });
});

describe('nextTier', () => {
  it('names the next tier and the points missing', () => {
    expect(nextTier(ladder, 120)).toEqual({ tier: silver, pointsNeeded: 380 });
    expect(nextTier(ladder, 500)).toEqual({ tier: gold, pointsNeeded: 1500 });
    expect(nextTier(ladder, 2000)).toBeNull();
    expect(nextTier([], 0)).toBeNull();
  });

  it('is the tier the basis reaches once the missing points are added', () => {
    fc.assert(
      fc.property(tiersArb, pointsArb, (tiers, points) => {
        const next = nextTier(tiers, points);
        if (next === null) {
          expect(tiers.every((t) => t.threshold <= points)).toBe(true);
          return;
        }
        expect(next.pointsNeeded).toBeGreaterThan(0);
        expect(tierFor(tiers, points + next.pointsNeeded)).toBe(next.tier);
        expect(tierFor(tiers, points + next.pointsNeeded - 1)).toBe(tierFor(tiers, points));
      }),
    );
  });
});

describe('basisPoints', () => {
  it('measures lifetime earned or the spendable balance', () => {
    expect(basisPoints('lifetime_earned', { available: 10, lifetimeEarned: 900 })).toBe(900);
    expect(basisPoints('balance', { available: 10, lifetimeEarned: 900 })).toBe(10);
  });
});

describe('currentTier', () => {
  it('keeps a live stored tier even if the basis has moved (until recalculation)', () => {
    expect(currentTier('s', ladder, 5_000)).toBe(silver);
  });

  it('places a member whose tier was deleted where the basis puts them', () => {
    expect(currentTier('deleted', ladder, 700)).toBe(silver);
    expect(currentTier(null, ladder, 700)).toBeNull();
  });
});

describe('tierMove', () => {
  it('is null when the tier stays', () => {
    expect(tierMove('s', ladder, 900)).toBeNull();
    expect(tierMove(null, [], 900)).toBeNull();
    expect(tierMove(null, [silver], 100)).toBeNull();
  });

  it('moves up, down, out of every tier, and out of a deleted tier', () => {
    expect(tierMove('b', ladder, 2500)).toEqual({ fromId: 'b', to: gold });
    expect(tierMove('g', ladder, 10)).toEqual({ fromId: 'g', to: bronze });
    expect(tierMove(null, ladder, 600)).toEqual({ fromId: null, to: silver });
    expect(tierMove('s', [silver], 10)).toEqual({ fromId: 's', to: null });
    expect(tierMove('deleted', ladder, 600)).toEqual({ fromId: 'deleted', to: silver });
  });
});

describe('tierConflict', () => {
  it('finds a name taken (ignoring case) or a threshold taken, never the tier itself', () => {
    expect(tierConflict(ladder, { name: 'GOLD', threshold: 9000 })).toEqual({
      field: 'name',
      tier: { id: 'g', name: 'Gold' },
    });
    expect(tierConflict(ladder, { name: 'Platinum', threshold: 500 })).toEqual({
      field: 'threshold',
      tier: { id: 's', name: 'Silver' },
    });
    expect(tierConflict(ladder, { name: 'Silver', threshold: 500 }, 's')).toBeNull();
    expect(tierConflict(ladder, { name: 'Platinum', threshold: 9000 })).toBeNull();
  });
});

describe('mergeBenefits', () => {
  const before = { multiplier: 1.5, description: 'Silver perks', perks: ['free coffee'] };
  it('keeps what the patch does not name', () => {
    expect(mergeBenefits(before, undefined)).toEqual(before);
    expect(mergeBenefits(before, {})).toEqual(before);
    expect(mergeBenefits(before, { multiplier: 2 })).toEqual({ ...before, multiplier: 2 });
  });
  it('replaces named fields and clears nulls', () => {
    expect(mergeBenefits(before, { description: null, perks: ['a', 'b'] })).toEqual({
      multiplier: 1.5,
      perks: ['a', 'b'],
    });
    expect(mergeBenefits(before, { perks: null })).toEqual({ multiplier: 1.5, description: 'Silver perks' });
  });
});
