import { campaignStatus, type CampaignBonus, type CampaignState, type CampaignStatus } from '@loyalty/shared';
import { DomainError } from '../../domain-error.ts';

// What may change in a campaign, and when. The rules protect what members were promised and
// what already happened:
// - a draft is freely editable (a start in the past is fine: publishing starts it at once);
// - the end must follow the start (400 when both are in the request, 409 ends_before_start when
//   one of them is the campaign's current date), and a new end must be in the future (400; to stop
//   a campaign now, cancel it); a published campaign's new start must be in the future too (409
//   start_in_past: a draft's may be past);
// - once published, a start that has passed cannot move (409 starts_at_passed);
// - while active, the bonus is locked (409 bonus_locked_while_active): members already earned
//   under it, and a transaction's bonus must not depend on when it was posted; and an unlimited
//   campaign cannot get a budget (409 budget_added_while_active): its earns so far never
//   counted against the campaign row. Name, description, targeting, limits, a budget's amount
//   and the end date stay editable;
// - a budget never drops below what was already awarded (409 budget_below_awarded);
// - an ended or cancelled campaign is read-only (409 campaign_read_only); it can still be deleted,
//   an active one cannot (409 campaign_active: cancel it first).
// 409s carry the reason in details.reason.

export interface CampaignFacts {
  state: CampaignState;
  startsAt: Date;
  endsAt: Date;
  bonus: CampaignBonus;
  budgetPoints: number | null;
  bonusAwarded: number;
}

export interface CampaignEdit {
  startsAt: Date;
  endsAt: Date;
  bonus: CampaignBonus;
  budgetPoints: number | null;
  /** Which dates the request gave (a new campaign gives both); the others are the current ones. */
  given: { startsAt: boolean; endsAt: boolean };
}

const conflict = (reason: string, message: string, extra: Record<string, unknown> = {}) =>
  new DomainError('conflict', message, { reason, ...extra });
const invalid = (field: string, message: string) => new DomainError('validation_failed', message, { field });
const sameBonus = (a: CampaignBonus, b: CampaignBonus) => JSON.stringify(a) === JSON.stringify(b);

function readOnly(status: CampaignStatus) {
  return conflict('campaign_read_only', `an ${status} campaign is read-only`, { status });
}

/** Checks a new or edited campaign (`current` undefined for a new one); throws what the caller must fix. */
export function checkCampaignEdit(current: CampaignFacts | undefined, next: CampaignEdit, now: Date): void {
  const status = current ? campaignStatus(current, now) : 'draft';
  if (status === 'ended' || status === 'cancelled') throw readOnly(status);
  const startMoved = current === undefined || next.startsAt.getTime() !== current.startsAt.getTime();
  const endMoved = current === undefined || next.endsAt.getTime() !== current.endsAt.getTime();

  if (next.endsAt <= next.startsAt) {
    if (next.given.startsAt && next.given.endsAt) throw invalid('endsAt', 'endsAt must be after startsAt');
    const which = next.given.endsAt ? 'start' : 'end';
    throw conflict('ends_before_start', `endsAt must be after startsAt (the campaign's current ${which})`);
  }
  if (endMoved && next.endsAt <= now)
    throw invalid('endsAt', 'endsAt must be in the future (cancel a published campaign to stop it now)');
  if (!current) return;

  if (status !== 'draft' && startMoved) {
    if (current.startsAt <= now)
      throw conflict('starts_at_passed', 'the campaign has started: its start date can no longer move');
    if (next.startsAt < now)
      throw conflict('start_in_past', "a published campaign's startsAt must be in the future (a draft's may be past)");
  }
  if (status === 'active' && !sameBonus(current.bonus, next.bonus)) {
    throw conflict(
      'bonus_locked_while_active',
      'the bonus of an active campaign cannot change; end it and start a new campaign instead',
    );
  }
  if (status === 'active' && current.budgetPoints === null && next.budgetPoints !== null) {
    throw conflict('budget_added_while_active', 'an active campaign without a budget cannot get one');
  }
  if (next.budgetPoints !== null && next.budgetPoints < current.bonusAwarded) {
    throw conflict(
      'budget_below_awarded',
      `the campaign already awarded ${current.bonusAwarded} bonus points: the budget cannot be lower`,
      { bonusAwarded: current.bonusAwarded },
    );
  }
}

export function checkPublish(current: CampaignFacts, now: Date): void {
  const status = campaignStatus(current, now);
  if (status === 'ended' || status === 'cancelled') throw readOnly(status);
  if (status !== 'draft')
    throw conflict('already_published', `the campaign is already published (${status})`, { status });
  if (current.endsAt <= now)
    throw conflict('ends_at_passed', "the campaign's end date has passed: move it before publishing");
}

export function checkCancel(current: CampaignFacts, now: Date): void {
  const status = campaignStatus(current, now);
  if (status === 'ended' || status === 'cancelled') throw readOnly(status);
  if (status === 'draft') throw conflict('not_published', 'a draft is not running: delete it instead of cancelling it');
}

export function checkDelete(current: CampaignFacts, now: Date): void {
  if (campaignStatus(current, now) === 'active')
    throw conflict('campaign_active', 'an active campaign cannot be deleted: cancel it first');
}

/** The stored-state and date bounds that select campaigns of one derived status at `now`. */
export interface StatusBounds {
  state: CampaignState;
  startsAt?: { gt: Date } | { lte: Date };
  endsAt?: { gt: Date } | { lte: Date };
}

export function statusBounds(status: CampaignStatus, now: Date): StatusBounds {
  switch (status) {
    case 'draft':
      return { state: 'draft' };
    case 'cancelled':
      return { state: 'cancelled' };
    case 'scheduled':
      return { state: 'published', startsAt: { gt: now } };
    case 'active':
      return { state: 'published', startsAt: { lte: now }, endsAt: { gt: now } };
    case 'ended':
      return { state: 'published', endsAt: { lte: now } };
  }
}
