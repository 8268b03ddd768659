import type { Permission } from '@loyalty/shared';

// A delivered code is as good as the reward: only those who hand codes to members (and the
// redemption's own answer) see it whole; everyone else sees enough to match it with a member.

const VISIBLE_TAIL = 4;

export function maskRewardCode(code: string): string {
  const visible = code.length > VISIBLE_TAIL * 2 ? code.slice(-VISIBLE_TAIL) : '';
  return '•'.repeat(Math.max(4, code.length - visible.length)) + visible;
}

/** The redemption as this caller may see it. */
export function redemptionFor<T extends { code: string | null }>(
  permissions: ReadonlySet<Permission>,
  redemption: T,
): T {
  if (redemption.code === null || permissions.has('reward_codes:read')) return redemption;
  return { ...redemption, code: maskRewardCode(redemption.code) };
}
