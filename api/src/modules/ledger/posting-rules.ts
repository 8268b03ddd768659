// The ledger's rules as pure functions: which accounts a posting moves points between, and
// which buckets a spend draws from. No I/O; the service applies what these decide.

export type Account =
  | 'member_available'
  | 'member_pending'
  | 'program_issued'
  | 'program_redeemed'
  | 'program_expired'
  | 'program_adjusted';

export interface Entry {
  account: Account;
  accountId: string;
  amount: number;
}

export type Movement =
  | 'earn'
  | 'hold'
  | 'confirm_hold'
  | 'void_hold'
  | 'redeem'
  | 'adjust_credit'
  | 'adjust_debit'
  | 'claw_back_earn'
  | 'refund_redeem'
  | 'expire';

/** Double entry: points leave one account and enter another; the pair always sums to zero. */
export function entriesFor(
  movement: Movement,
  points: number,
  ids: { memberId: string; programId: string },
): [Entry, Entry] {
  if (!Number.isSafeInteger(points) || points <= 0)
    throw new RangeError(`a movement moves a positive whole number of points, not ${points}`);
  const m = (account: Account, amount: number): Entry => ({ account, accountId: ids.memberId, amount });
  const p = (account: Account, amount: number): Entry => ({ account, accountId: ids.programId, amount });
  switch (movement) {
    case 'earn':
      return [m('member_available', points), p('program_issued', -points)];
    case 'hold':
      return [m('member_pending', points), p('program_issued', -points)];
    case 'confirm_hold':
      return [m('member_available', points), m('member_pending', -points)];
    case 'void_hold':
      return [p('program_issued', points), m('member_pending', -points)];
    case 'redeem':
      return [p('program_redeemed', points), m('member_available', -points)];
    case 'adjust_credit':
      return [m('member_available', points), p('program_adjusted', -points)];
    case 'adjust_debit':
      return [p('program_adjusted', points), m('member_available', -points)];
    case 'claw_back_earn':
      return [p('program_issued', points), m('member_available', -points)];
    case 'refund_redeem':
      return [m('member_available', points), p('program_redeemed', -points)];
    case 'expire':
      return [p('program_expired', points), m('member_available', -points)];
  }
}

export interface Bucket {
  id: string;
  remaining: number;
}

export interface BucketTake {
  id: string;
  take: number;
}

/**
 * Draws `points` from buckets in the order given (the caller orders them: the one that expires
 * first, first). Returns the takes, or the shortfall when the buckets do not cover it.
 */
export function planSpend(buckets: readonly Bucket[], points: number): { takes: BucketTake[]; shortfall: number } {
  const takes: BucketTake[] = [];
  let left = points;
  for (const b of buckets) {
    if (left === 0) break;
    const take = Math.min(b.remaining, left);
    if (take > 0) takes.push({ id: b.id, take });
    left -= take;
  }
  return { takes, shortfall: left };
}

/** Puts the preferred bucket (a clawed-back earn's own) first, keeping the others' order. */
export function preferBucket<T extends { postingId: string }>(buckets: readonly T[], postingId: string): T[] {
  return [...buckets.filter((b) => b.postingId === postingId), ...buckets.filter((b) => b.postingId !== postingId)];
}

/** When newly earned points expire: the caller's explicit date, else the program's policy, else never. */
export function expiryFor(now: Date, policyDays: number | null, explicit?: string): Date | null {
  if (explicit) return new Date(explicit);
  if (policyDays === null) return null;
  return new Date(now.getTime() + policyDays * 86_400_000);
}

/** How much of a posting can still be reversed, given what its earlier reversals took. */
export function reversible(originalPoints: number, alreadyReversed: number): number {
  return Math.max(0, Math.abs(originalPoints) - alreadyReversed);
}
