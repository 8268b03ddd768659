import { describe, expect, it } from 'vitest';
import { createRewardBodySchema, rewardConditionSchema, updateRewardBodySchema } from './rewards.ts';

const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  r.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('reward contracts', () => {
  it('takes member fields only in conditions, naming the offending node', () => {
    expect(rewardConditionSchema.safeParse({ field: 'member.balance', op: 'gte', value: 10 }).success).toBe(true);
    const r = rewardConditionSchema.safeParse({
      any: [
        { field: 'member.tier', op: 'eq', value: 'Gold' },
        { not: { field: 'transaction.channel', op: 'eq', value: 'web' } },
      ],
    });
    expect(paths(r)).toEqual(['any.1.not.field']);
  });

  it('refuses NUL characters, which Postgres cannot store in jsonb (the condition language itself does)', () => {
    expect(
      paths(rewardConditionSchema.safeParse({ field: 'member.tier', op: 'in', value: ['Gold', 'a\u0000'] })),
    ).toEqual(['value.1']);
  });

  it('keeps the language validation and its paths', () => {
    expect(paths(rewardConditionSchema.safeParse({ all: [{ field: 'member.nope', op: 'eq', value: 1 }] }))).toEqual([
      'all.0.field',
    ]);
  });

  it('fills in defaults per type', () => {
    const coupon = createRewardBodySchema.parse({ name: 'C', type: 'coupon', pointsCost: 5 });
    expect(coupon).toMatchObject({
      stock: null,
      tierIds: [],
      active: true,
      condition: null,
      details: { codePrefix: '', codeLength: 10 },
    });
    expect(createRewardBodySchema.parse({ name: 'D', type: 'digital', pointsCost: 5 }).details).toEqual({
      codePool: true,
    });
    expect(createRewardBodySchema.parse({ name: 'P', type: 'physical', pointsCost: 5 }).details).toEqual({
      requiresShipping: true,
    });
  });

  it("refuses another type's details and out-of-order windows", () => {
    expect(
      createRewardBodySchema.safeParse({ name: 'P', type: 'physical', pointsCost: 5, details: { codePool: true } })
        .success,
    ).toBe(false);
    expect(
      paths(
        createRewardBodySchema.safeParse({
          name: 'P',
          type: 'experience',
          pointsCost: 5,
          details: { startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' },
        }),
      ),
    ).toEqual(['details.endsAt']);
    expect(
      paths(
        createRewardBodySchema.safeParse({
          name: 'P',
          type: 'physical',
          pointsCost: 5,
          validFrom: '2030-01-02T00:00:00Z',
          validUntil: '2030-01-02T00:00:00Z',
        }),
      ),
    ).toEqual(['validUntil']);
  });

  it('patches only what is given, and stock one way at a time', () => {
    expect(updateRewardBodySchema.parse({})).toEqual({});
    expect(updateRewardBodySchema.safeParse({ stock: 1, addStock: 1 }).success).toBe(false);
    expect(updateRewardBodySchema.safeParse({ type: 'coupon' }).success).toBe(false);
  });
});
