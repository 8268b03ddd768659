import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { entriesFor, expiryFor, planSpend, preferBucket, reversible, type Movement } from './posting-rules.ts';

const ids = { memberId: 'm', programId: 'p' };
const MOVEMENTS: Movement[] = [
  'earn',
  'hold',
  'confirm_hold',
  'void_hold',
  'redeem',
  'adjust_credit',
  'adjust_debit',
  'claw_back_earn',
  'refund_redeem',
  'expire',
];

describe('entriesFor', () => {
  it.each([
    ['earn', 'member_available', 10],
    ['redeem', 'member_available', -10],
    ['hold', 'member_pending', 10],
    ['expire', 'member_available', -10],
    ['refund_redeem', 'member_available', 10],
    ['claw_back_earn', 'member_available', -10],
  ] as const)('%s moves the member side of %s by %d', (movement, account, amount) => {
    expect(entriesFor(movement, 10, ids)).toContainEqual({ account, accountId: 'm', amount });
  });

  it('confirming a hold moves points from pending to available', () => {
    expect(entriesFor('confirm_hold', 5, ids)).toEqual([
      { account: 'member_available', accountId: 'm', amount: 5 },
      { account: 'member_pending', accountId: 'm', amount: -5 },
    ]);
  });

  it('every movement balances to zero for any amount', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MOVEMENTS), fc.integer({ min: 1, max: 1e12 }), (movement, points) => {
        const [a, b] = entriesFor(movement, points, ids);
        expect(a.amount + b.amount).toBe(0);
      }),
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %d points', (points) => {
    expect(() => entriesFor('earn', points, ids)).toThrow(RangeError);
  });
});

describe('planSpend', () => {
  it('draws from buckets in order and reports no shortfall when covered', () => {
    expect(
      planSpend(
        [
          { id: 'a', remaining: 3 },
          { id: 'b', remaining: 10 },
        ],
        5,
      ),
    ).toEqual({
      takes: [
        { id: 'a', take: 3 },
        { id: 'b', take: 2 },
      ],
      shortfall: 0,
    });
  });

  it('skips empty buckets and reports a shortfall', () => {
    expect(
      planSpend(
        [
          { id: 'a', remaining: 0 },
          { id: 'b', remaining: 2 },
        ],
        5,
      ),
    ).toEqual({ takes: [{ id: 'b', take: 2 }], shortfall: 3 });
  });

  it('never takes more than a bucket holds, and takes exactly what is asked when covered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 20 }),
        fc.integer({ min: 1, max: 20_000 }),
        (sizes, points) => {
          const buckets = sizes.map((remaining, i) => ({ id: String(i), remaining }));
          const { takes, shortfall } = planSpend(buckets, points);
          for (const t of takes) expect(t.take).toBeLessThanOrEqual(buckets[Number(t.id)]!.remaining);
          const taken = takes.reduce((s, t) => s + t.take, 0);
          const held = sizes.reduce((s, n) => s + n, 0);
          expect(taken + shortfall).toBe(points);
          expect(shortfall).toBe(Math.max(0, points - held));
        },
      ),
    );
  });
});

describe('preferBucket', () => {
  it("moves the named posting's buckets to the front, keeping the rest in order", () => {
    const buckets = [{ postingId: 'x' }, { postingId: 'y' }, { postingId: 'z' }];
    expect(preferBucket(buckets, 'y').map((b) => b.postingId)).toEqual(['y', 'x', 'z']);
  });
});

describe('expiryFor', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('uses the explicit date first', () =>
    expect(expiryFor(now, 30, '2027-01-01T00:00:00Z')?.toISOString()).toBe('2027-01-01T00:00:00.000Z'));
  it('applies the policy in days', () =>
    expect(expiryFor(now, 30, undefined)?.toISOString()).toBe('2026-03-31T12:00:00.000Z'));
  it('never expires without a policy', () => expect(expiryFor(now, null)).toBeNull());
});

describe('reversible', () => {
  it('is what the earlier reversals left', () => expect(reversible(100, 30)).toBe(70));
  it('works for a redemption (negative posting)', () => expect(reversible(-100, 100)).toBe(0));
  it('is never negative', () => expect(reversible(10, 50)).toBe(0));
});
