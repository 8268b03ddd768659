import { describe, expect, it } from 'vitest';
import { campaignAwards } from './campaign-awards.ts';
import type { CampaignForCalculation } from './campaign-bonus.ts';
import { calc, campaign, purchase, rule } from './testing/rule-fixtures.ts';

const base100 = [rule({ kind: { type: 'fixed', points: 100 } })];
const SEGMENT = '3f1b0c9e-8c7a-4d2e-9b1a-2c3d4e5f6a7b';

describe('tier bonus', () => {
  it.each([
    [1.5, 50],
    [1.25, 25],
    [1, 0],
    [1.333, 33],
    [0.5, 0],
  ])('multiplier %d on 100 base points gives %d', (multiplier, bonus) => {
    const b = calc(base100, purchase(), { tier: { id: 't1', name: 'Gold', multiplier } });
    expect(b.tierBonus).toBe(bonus);
    expect(b.points).toBe(100 + bonus);
    expect(b.lines.filter((l) => l.source === 'tier')).toEqual(
      bonus ? [{ source: 'tier', tierId: 't1', name: 'Gold', multiplier, points: bonus }] : [],
    );
  });

  it('is floored', () => {
    const b = calc([rule({ kind: { type: 'fixed', points: 3 } })], purchase(), {
      tier: { id: 't', name: 'Silver', multiplier: 1.25 },
    });
    expect(b.tierBonus).toBe(0);
  });
});

describe('campaign bonuses', () => {
  const at = (iso: string) => purchase({ occurredAt: iso });

  it('a multiplier gives base × (multiplier − 1), floored, on the base without the tier bonus', () => {
    const c = campaign({ bonus: { type: 'multiplier', multiplier: 1.55 } });
    const b = calc(base100, purchase(), { campaigns: [c], tier: { id: 't', name: 'Gold', multiplier: 2 } });
    expect(b.lines).toContainEqual({ source: 'campaign', campaignId: c.id, name: c.name, points: 55 });
    expect(b).toMatchObject({ basePoints: 100, tierBonus: 100, campaignBonus: 55, points: 255 });
  });

  it('a fixed bonus applies even when no rule gave points', () => {
    const c = campaign({ bonus: { type: 'fixed', points: 40 } });
    expect(calc([], purchase(), { campaigns: [c] })).toMatchObject({ points: 40, basePoints: 0, campaignBonus: 40 });
  });

  it.each<[string, Partial<CampaignForCalculation>, string, string | null]>([
    ['starts at startsAt', { startsAt: new Date('2026-06-10T12:00:00Z') }, '2026-06-10T12:00:00Z', null],
    ['not yet started', { startsAt: new Date('2026-06-10T12:00:00.001Z') }, '2026-06-10T12:00:00Z', 'not_started'],
    ['ended at endsAt', { endsAt: new Date('2026-06-10T12:00:00Z') }, '2026-06-10T12:00:00Z', 'ended'],
    ['just before its end', { endsAt: new Date('2026-06-10T12:00:00.001Z') }, '2026-06-10T12:00:00Z', null],
    [
      'a segment the member is in (ids compared lower-case)',
      { segmentIds: ['00000000-0000-4000-8000-000000000000', SEGMENT.toUpperCase()] },
      '2026-06-10T12:00:00Z',
      null,
    ],
    [
      'a segment the member is not in',
      { segmentIds: ['00000000-0000-4000-8000-000000000000'] },
      '2026-06-10T12:00:00Z',
      'segment',
    ],
    [
      'participations used up',
      { id: 'limited', maxParticipationsPerMember: 2 },
      '2026-06-10T12:00:00Z',
      'max_participations',
    ],
    ['participations left', { id: 'limited', maxParticipationsPerMember: 3 }, '2026-06-10T12:00:00Z', null],
    ['no budget left', { budgetRemaining: 0 }, '2026-06-10T12:00:00Z', 'budget'],
    [
      'a condition that holds',
      { condition: { field: 'member.birthday_month', op: 'eq', value: 6 } },
      '2026-06-10T12:00:00Z',
      null,
    ],
    [
      'a condition that does not hold',
      { condition: { field: 'transaction.channel', op: 'eq', value: 'web' } },
      '2026-06-10T12:00:00Z',
      'condition',
    ],
  ])('%s', (_name, extra, occurredAt, reason) => {
    const c = campaign({ bonus: { type: 'fixed', points: 10 }, ...extra });
    const b = calc(base100, at(occurredAt), {
      campaigns: [c],
      member: { segments: new Set([SEGMENT]), birthdayMonth: 6 },
      participations: new Map([['limited', 2]]),
    });
    if (reason === null) expect(b.campaignBonus).toBe(10);
    else {
      expect(b.campaignBonus).toBe(0);
      expect(b.skipped).toEqual([{ source: 'campaign', id: c.id, name: c.name, reason }]);
    }
  });

  it('segment targeting works with a member segment list too', () => {
    const c = campaign({ bonus: { type: 'fixed', points: 10 }, segmentIds: [SEGMENT] });
    expect(calc(base100, purchase(), { campaigns: [c], member: { segments: [SEGMENT] } }).campaignBonus).toBe(10);
    expect(calc(base100, purchase(), { campaigns: [c], member: {} }).campaignBonus).toBe(0);
  });

  it('a condition on category holds when one line matches', () => {
    const c = campaign({
      bonus: { type: 'fixed', points: 10 },
      condition: { field: 'transaction.category', op: 'eq', value: 'coffee' },
    });
    const lines = (cat: string) =>
      purchase({
        amount: 300,
        lines: [
          { category: 'tea', quantity: 1, amount: 100 },
          { category: cat, quantity: 1, amount: 200 },
        ],
      });
    expect(calc(base100, lines('coffee'), { campaigns: [c] }).campaignBonus).toBe(10);
    expect(calc(base100, lines('cake'), { campaigns: [c] }).campaignBonus).toBe(0);
  });

  it('a bonus never exceeds the remaining budget, and says it was clipped', () => {
    const c = campaign({ bonus: { type: 'multiplier', multiplier: 2 }, budgetRemaining: 30 });
    const b = calc(base100, purchase(), { campaigns: [c] });
    expect(b.lines).toContainEqual({
      source: 'campaign',
      campaignId: c.id,
      name: c.name,
      points: 30,
      clippedByBudget: true,
    });
    expect(b.points).toBe(130);
  });

  it('a multiplier on zero base points gives nothing', () => {
    const c = campaign({ bonus: { type: 'multiplier', multiplier: 3 } });
    expect(calc([], purchase(), { campaigns: [c] }).skipped).toEqual([
      { source: 'campaign', id: c.id, name: c.name, reason: 'zero_points' },
    ]);
  });
});

describe('program cap', () => {
  const campaigns = () => [
    campaign({ bonus: { type: 'fixed', points: 40 } }),
    campaign({ bonus: { type: 'fixed', points: 20 } }),
  ];
  const tier = { id: 't', name: 'Gold', multiplier: 1.5 };

  it('takes from campaign bonuses first, the last campaign first', () => {
    const cs = campaigns();
    const b = calc(base100, purchase(), { campaigns: cs, tier, maxPointsPerTransaction: 170 });
    expect(b).toMatchObject({ points: 170, basePoints: 100, tierBonus: 50, campaignBonus: 20 });
    expect(b.lines.at(-1)).toEqual({ source: 'cap', points: -40, reason: 'program_max_points_per_transaction' });
    expect(campaignAwards(b)).toEqual([
      { campaignId: cs[0]!.id, points: 20 },
      { campaignId: cs[1]!.id, points: 0 },
    ]);
  });

  it('then from the tier bonus, then from the base', () => {
    expect(calc(base100, purchase(), { campaigns: campaigns(), tier, maxPointsPerTransaction: 120 })).toMatchObject({
      points: 120,
      basePoints: 100,
      tierBonus: 20,
      campaignBonus: 0,
    });
    expect(calc(base100, purchase(), { campaigns: campaigns(), tier, maxPointsPerTransaction: 60 })).toMatchObject({
      points: 60,
      basePoints: 60,
      tierBonus: 0,
      campaignBonus: 0,
    });
  });

  it('adds no cap line when the total fits', () => {
    const b = calc(base100, purchase(), { maxPointsPerTransaction: 100 });
    expect(b.lines.map((l) => l.source)).toEqual(['rule']);
  });

  it('the platform limit caps even without a program cap', () => {
    const rules = [
      rule({ kind: { type: 'fixed', points: 900_000_000_000 } }),
      rule({ kind: { type: 'fixed', points: 900_000_000_000 } }),
    ];
    const b = calc(rules, purchase());
    expect(b.points).toBe(1_000_000_000_000);
    expect(b.lines.at(-1)).toEqual({ source: 'cap', points: -800_000_000_000, reason: 'points_limit' });
  });

  it('campaignAwards without a cap is each campaign line', () => {
    const cs = campaigns();
    expect(campaignAwards(calc(base100, purchase(), { campaigns: cs }))).toEqual([
      { campaignId: cs[0]!.id, points: 40 },
      { campaignId: cs[1]!.id, points: 20 },
    ]);
  });
});
