import { describe, expect, it } from 'vitest';
import { campaignStatus } from './campaign-status.ts';

describe('campaignStatus', () => {
  const startsAt = new Date('2026-12-01T00:00:00Z');
  const endsAt = new Date('2026-12-24T00:00:00Z');
  it.each([
    ['draft', '2026-12-10T00:00:00Z', 'draft'],
    ['cancelled', '2026-12-10T00:00:00Z', 'cancelled'],
    ['published', '2026-11-30T23:59:59Z', 'scheduled'],
    ['published', '2026-12-01T00:00:00Z', 'active'],
    ['published', '2026-12-23T23:59:59Z', 'active'],
    ['published', '2026-12-24T00:00:00Z', 'ended'],
  ] as const)('%s at %s is %s', (state, at, expected) => {
    expect(campaignStatus({ state, startsAt, endsAt }, new Date(at))).toBe(expected);
  });
});
