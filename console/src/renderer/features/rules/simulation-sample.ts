import type { SkipReason } from '@loyalty/shared';

// The sample purchase of the simulate pane, as typed (text boxes, a local date-time) and as the
// simulate body the API takes: blank optional fields left out, the time as an instant.

export interface SimulationSample {
  memberExternalId: string;
  amount: number | undefined;
  currency: string;
  /** A `datetime-local` value, read in the user's time zone. */
  occurredAt: string;
  category: string;
  channel: string;
  store: string;
  sku: string;
}

export function simulateBodyOf(sample: SimulationSample) {
  const occurred = new Date(sample.occurredAt);
  const optional = (key: 'category' | 'channel' | 'store' | 'sku') =>
    sample[key].trim() ? { [key]: sample[key].trim() } : {};
  return {
    memberExternalId: sample.memberExternalId.trim(),
    purchase: {
      amount: sample.amount as number,
      currency: sample.currency.trim().toUpperCase(),
      occurredAt: Number.isNaN(occurred.getTime()) ? sample.occurredAt : occurred.toISOString(),
      ...optional('category'),
      ...optional('channel'),
      ...optional('store'),
      ...optional('sku'),
    },
  };
}

/** `now` as a `datetime-local` value (minutes), in the user's time zone. */
export function localDateTimeOf(now: Date): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  inactive: 'inactive',
  condition: 'its condition does not hold',
  schedule: 'outside its schedule',
  min_amount: 'below its minimum amount',
  currency: 'another currency',
  best_of: 'a better best-of rule won',
  exclusive: 'an exclusive rule applied first',
  not_started: 'not started yet',
  ended: 'ended',
  segment: 'the member is not in its segment',
  max_participations: 'the member reached its participation limit',
  budget: 'its budget is spent',
  zero_points: 'it would give 0 points',
};
