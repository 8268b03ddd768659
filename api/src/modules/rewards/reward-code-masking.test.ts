import { describe, expect, it } from 'vitest';
import type { Permission } from '@loyalty/shared';
import { maskRewardCode, redemptionFor } from './reward-code-masking.ts';

describe('reward code masking', () => {
  it('keeps only the last four characters of a long code', () => {
    expect(maskRewardCode('WELCOME-7Q2X9K')).toBe('••••••••••2X9K');
  });

  it('hides a short code entirely, and never reveals its length below four', () => {
    expect(maskRewardCode('AB12')).toBe('••••');
    expect(maskRewardCode('ABCDEFGH')).toBe('••••••••');
    expect(maskRewardCode('X')).toBe('••••');
  });

  it('shows the whole code only to holders of reward_codes:read', () => {
    const redemption = { id: 'r', code: 'GIFT-1234-5678' };
    expect(redemptionFor(new Set<Permission>(['reward_codes:read']), redemption)).toBe(redemption);
    expect(redemptionFor(new Set<Permission>(['rewards:read']), redemption).code).toBe('••••••••••5678');
    expect(redemptionFor(new Set<Permission>(), { id: 'r', code: null }).code).toBe(null);
  });
});
