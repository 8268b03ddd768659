import { describe, expect, it } from 'vitest';
import { CAMPAIGN_STATUSES, campaignStatus, type CampaignState } from '@loyalty/shared';
import { DomainError } from '../../domain-error.ts';
import {
  checkCampaignEdit,
  checkCancel,
  checkDelete,
  checkPublish,
  statusBounds,
  type CampaignFacts,
  type StatusBounds,
} from './campaign-editing.ts';

const now = new Date('2026-12-10T12:00:00Z');
const day = (d: number) => new Date(now.getTime() + d * 86_400_000);
const double = { type: 'multiplier', multiplier: 2 } as const;

function campaign(
  state: CampaignState,
  startDay: number,
  endDay: number,
  extra: Partial<CampaignFacts> = {},
): CampaignFacts {
  return {
    state,
    startsAt: day(startDay),
    endsAt: day(endDay),
    bonus: double,
    budgetPoints: null,
    bonusAwarded: 0,
    ...extra,
  };
}
const both = { startsAt: true, endsAt: true };
const editOf = (c: CampaignFacts) => ({
  startsAt: c.startsAt,
  endsAt: c.endsAt,
  bonus: c.bonus,
  budgetPoints: c.budgetPoints,
  given: both,
});

/** The error a check throws, as code and details.reason (or field). */
function refusal(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const details = err.details as { reason?: string; field?: string };
    return `${err.code}:${details.reason ?? details.field}`;
  }
}

describe('checkCampaignEdit', () => {
  it('accepts a new campaign that ends in the future, even if it starts in the past', () => {
    expect(
      refusal(() =>
        checkCampaignEdit(
          undefined,
          { startsAt: day(-3), endsAt: day(3), bonus: double, budgetPoints: null, given: both },
          now,
        ),
      ),
    ).toBeUndefined();
  });

  it.each([
    ['ends before it starts', { startsAt: day(3), endsAt: day(2) }, 'validation_failed:endsAt'],
    ['ends when it starts', { startsAt: day(3), endsAt: day(3) }, 'validation_failed:endsAt'],
    ['has already ended', { startsAt: day(-3), endsAt: day(-1) }, 'validation_failed:endsAt'],
  ])('refuses a new campaign that %s', (_name, dates, expected) => {
    expect(
      refusal(() => checkCampaignEdit(undefined, { ...dates, bonus: double, budgetPoints: null, given: both }, now)),
    ).toBe(expected);
  });

  it('tells a bad pair of dates in the request (400) from a date that clashes with the current one (409)', () => {
    const c = campaign('draft', 2, 5);
    const endOnly = { ...editOf(c), endsAt: day(1), given: { startsAt: false, endsAt: true } };
    expect(refusal(() => checkCampaignEdit(c, endOnly, now))).toBe('conflict:ends_before_start');
    const startOnly = { ...editOf(c), startsAt: day(6), given: { startsAt: true, endsAt: false } };
    expect(refusal(() => checkCampaignEdit(c, startOnly, now))).toBe('conflict:ends_before_start');
    expect(refusal(() => checkCampaignEdit(c, { ...editOf(c), startsAt: day(6) }, now))).toBe(
      'validation_failed:endsAt',
    );
  });

  it('lets a draft change anything', () => {
    const c = campaign('draft', -5, 5);
    expect(
      refusal(() =>
        checkCampaignEdit(
          c,
          { startsAt: day(-10), endsAt: day(1), bonus: { type: 'fixed', points: 5 }, budgetPoints: 100, given: both },
          now,
        ),
      ),
    ).toBeUndefined();
  });

  it('lets a scheduled campaign move its dates into the future and change its bonus', () => {
    const c = campaign('published', 2, 5);
    expect(
      refusal(() =>
        checkCampaignEdit(
          c,
          { startsAt: day(1), endsAt: day(9), bonus: { type: 'fixed', points: 5 }, budgetPoints: 10, given: both },
          now,
        ),
      ),
    ).toBeUndefined();
    expect(refusal(() => checkCampaignEdit(c, { ...editOf(c), startsAt: day(-1) }, now))).toBe(
      'conflict:start_in_past',
    );
  });

  it('locks the start, the bonus and the budget mode of an active campaign', () => {
    const c = campaign('published', -2, 5);
    expect(refusal(() => checkCampaignEdit(c, { ...editOf(c), startsAt: day(1) }, now))).toBe(
      'conflict:starts_at_passed',
    );
    expect(
      refusal(() => checkCampaignEdit(c, { ...editOf(c), bonus: { type: 'multiplier', multiplier: 3 } }, now)),
    ).toBe('conflict:bonus_locked_while_active');
    expect(refusal(() => checkCampaignEdit(c, { ...editOf(c), budgetPoints: 1000 }, now))).toBe(
      'conflict:budget_added_while_active',
    );
    // Repeating the current values (a form sending everything back) is no change.
    expect(
      refusal(() => checkCampaignEdit(c, { ...editOf(c), bonus: { type: 'multiplier', multiplier: 2 } }, now)),
    ).toBeUndefined();
  });

  it('lets an active campaign move its end (not into the past) and resize its budget', () => {
    const c = campaign('published', -2, 5, { budgetPoints: 500, bonusAwarded: 200 });
    expect(
      refusal(() => checkCampaignEdit(c, { ...editOf(c), endsAt: day(20), budgetPoints: 300 }, now)),
    ).toBeUndefined();
    expect(refusal(() => checkCampaignEdit(c, { ...editOf(c), endsAt: day(-1) }, now))).toBe(
      'validation_failed:endsAt',
    );
    expect(refusal(() => checkCampaignEdit(c, { ...editOf(c), budgetPoints: 199 }, now))).toBe(
      'conflict:budget_below_awarded',
    );
    expect(refusal(() => checkCampaignEdit(c, { ...editOf(c), budgetPoints: null }, now))).toBeUndefined();
  });

  it.each([
    ['ended', campaign('published', -9, -1)],
    ['cancelled', campaign('cancelled', -2, 5)],
  ])('keeps an %s campaign read-only', (_name, c) => {
    expect(refusal(() => checkCampaignEdit(c, editOf(c), now))).toBe('conflict:campaign_read_only');
  });
});

describe('publish, cancel, delete', () => {
  it('publishes drafts that have not ended', () => {
    expect(refusal(() => checkPublish(campaign('draft', -1, 3), now))).toBeUndefined();
    expect(refusal(() => checkPublish(campaign('draft', -5, -1), now))).toBe('conflict:ends_at_passed');
    expect(refusal(() => checkPublish(campaign('published', 1, 3), now))).toBe('conflict:already_published');
    expect(refusal(() => checkPublish(campaign('cancelled', 1, 3), now))).toBe('conflict:campaign_read_only');
  });

  it('cancels scheduled and active campaigns only', () => {
    expect(refusal(() => checkCancel(campaign('published', 1, 3), now))).toBeUndefined();
    expect(refusal(() => checkCancel(campaign('published', -1, 3), now))).toBeUndefined();
    expect(refusal(() => checkCancel(campaign('draft', 1, 3), now))).toBe('conflict:not_published');
    expect(refusal(() => checkCancel(campaign('published', -3, -1), now))).toBe('conflict:campaign_read_only');
  });

  it('deletes anything but an active campaign', () => {
    expect(refusal(() => checkDelete(campaign('published', -1, 3), now))).toBe('conflict:campaign_active');
    for (const c of [
      campaign('draft', -1, 3),
      campaign('published', 1, 3),
      campaign('published', -3, -1),
      campaign('cancelled', -1, 3),
    ]) {
      expect(refusal(() => checkDelete(c, now))).toBeUndefined();
    }
  });
});

describe('statusBounds', () => {
  const holds = (b: StatusBounds, c: CampaignFacts) => {
    const cmp = (v: Date, r?: { gt: Date } | { lte: Date }) => !r || ('gt' in r ? v > r.gt : v <= r.lte);
    return c.state === b.state && cmp(c.startsAt, b.startsAt) && cmp(c.endsAt, b.endsAt);
  };

  it('selects exactly the campaigns campaignStatus gives that status, at the boundaries too', () => {
    const samples: CampaignFacts[] = [];
    for (const state of ['draft', 'published', 'cancelled'] as const) {
      for (const [s, e] of [
        [-2, -1],
        [-1, 0],
        [-1, 1],
        [0, 1],
        [1, 2],
      ] as const)
        samples.push(campaign(state, s, e));
    }
    for (const status of CAMPAIGN_STATUSES) {
      for (const c of samples) expect(holds(statusBounds(status, now), c)).toBe(campaignStatus(c, now) === status);
    }
  });
});
