import { describe, expect, it } from 'vitest';
import { decideRedemption, type RedemptionSituation, type RewardTerms } from './redemption-decision.ts';

const NOW = new Date('2025-06-01T12:00:00Z');
const GOLD = '11111111-1111-4111-8111-111111111111';
const SILVER = '22222222-2222-4222-8222-222222222222';

const terms = (over: Partial<RewardTerms> = {}): RewardTerms => ({
  active: true,
  validFrom: null,
  validUntil: null,
  campaignId: null,
  tierIds: [],
  condition: null,
  perMemberLimit: null,
  stock: null,
  pointsCost: 100,
  usesCodePool: false,
  ...over,
});
const situation = (over: Partial<RedemptionSituation> = {}): RedemptionSituation => ({
  now: NOW,
  member: { tierId: GOLD, tier: 'Gold', balance: 500, attributes: { vip: true } },
  campaignActive: true,
  redeemedCount: 0,
  codeAvailable: true,
  checkPoints: true,
  ...over,
});
const code = (t: Partial<RewardTerms>, s: Partial<RedemptionSituation> = {}) => {
  const d = decideRedemption(terms(t), situation(s));
  return d.ok ? 'ok' : d.code;
};

describe('decideRedemption', () => {
  it('accepts an unrestricted reward the member can afford', () => {
    expect(code({})).toBe('ok');
  });

  it.each([
    ['reward_inactive', { active: false }, {}],
    ['reward_not_yet_valid', { validFrom: new Date('2025-06-01T12:00:01Z') }, {}],
    ['reward_expired', { validUntil: NOW }, {}],
    ['campaign_not_active', { campaignId: GOLD }, { campaignActive: false }],
    ['tier_required', { tierIds: [SILVER] }, {}],
    ['tier_required', { tierIds: [GOLD] }, { member: { tierId: null, balance: 500 } }],
    ['not_eligible', { condition: { field: 'member.attributes.vip', op: 'eq', value: false } }, {}],
    ['redemption_limit_reached', { perMemberLimit: 2 }, { redeemedCount: 2 }],
    ['out_of_stock', { stock: 0 }, {}],
    ['out_of_stock', { usesCodePool: true }, { codeAvailable: false }],
    ['insufficient_points', { pointsCost: 501 }, {}],
  ] as const)('refuses with %s', (expected, t, s) => {
    expect(code(t as Partial<RewardTerms>, s as Partial<RedemptionSituation>)).toBe(expected);
  });

  it('accepts on the boundaries: from validFrom, before validUntil, under the limit, exactly affordable', () => {
    expect(
      code(
        { validFrom: NOW, validUntil: new Date(NOW.getTime() + 1), perMemberLimit: 3, pointsCost: 500, stock: 1 },
        { redeemedCount: 2 },
      ),
    ).toBe('ok');
    expect(code({ tierIds: [SILVER, GOLD], condition: { field: 'member.tier', op: 'eq', value: 'Gold' } })).toBe('ok');
  });

  it('leaves the points to the ledger when asked', () => {
    expect(code({ pointsCost: 10_000 }, { checkPoints: false })).toBe('ok');
  });

  it('ignores the pool for rewards without one, and the campaign flag without a campaign', () => {
    expect(code({}, { codeAvailable: false, campaignActive: false })).toBe('ok');
  });

  it('gives the reward-side reason before the member-side one', () => {
    expect(code({ active: false, tierIds: [SILVER], stock: 0, pointsCost: 10_000 })).toBe('reward_inactive');
    expect(code({ validUntil: NOW, tierIds: [SILVER] })).toBe('reward_expired');
    expect(code({ tierIds: [SILVER], perMemberLimit: 1, stock: 0 }, { redeemedCount: 1 })).toBe('tier_required');
    expect(code({ perMemberLimit: 1, stock: 0, pointsCost: 10_000 }, { redeemedCount: 1 })).toBe(
      'redemption_limit_reached',
    );
    expect(code({ stock: 0, pointsCost: 10_000 })).toBe('out_of_stock');
  });

  it('evaluates time-relative conditions against the given clock', () => {
    const condition = { field: 'member.last_activity_at', op: 'within_days', value: 30 } as const;
    expect(
      code({ condition }, { member: { tierId: null, balance: 500, lastActivityAt: '2025-05-20T00:00:00Z' } }),
    ).toBe('ok');
    expect(
      code({ condition }, { member: { tierId: null, balance: 500, lastActivityAt: '2025-04-01T00:00:00Z' } }),
    ).toBe('not_eligible');
  });

  it('explains the refusal with details a client can act on', () => {
    const d = decideRedemption(terms({ perMemberLimit: 1 }), situation({ redeemedCount: 1 }));
    expect(d).toEqual({
      ok: false,
      code: 'redemption_limit_reached',
      message: expect.any(String),
      details: { limit: 1, redeemed: 1 },
    });
    expect(decideRedemption(terms({ pointsCost: 600 }), situation())).toMatchObject({
      details: { available: 500, requested: 600 },
    });
  });
});
