// Which outbox rows may be published now, in id order.
//
// Outbox ids come from a sequence, taken when the INSERT runs, not when its transaction commits:
// transaction A can take id 10, B id 11, and B commit first. A relay that published 11 and moved
// on would publish 10 after it (or, with a cursor, never). So the relay keeps a cursor (the
// highest id settled) and publishes only the contiguous run above it. A hole stops the run
// until it is known to be final: every transaction that could still own a missing id has ended
// (see outbox-store.ts, `outboxWriters`), after which a still-missing id was rolled back.
//
// Why not snapshot xmin: transaction ids are assigned at a transaction's first write, sequence
// values at the INSERT; a posting transaction takes its xid early (member lock) and its outbox
// id late, so "xid below the oldest running xid" does not imply "no smaller id is in flight".
// Ordering by xid instead would break per-member order (a transaction that got its xid first
// may take the member's lock second).

export interface GapWait {
  /** The cursor at which the run stopped. */
  after: number;
  /** The largest id seen when the hole was found: missing ids below it were allocated by then. */
  horizon: number;
  /** Transactions (virtual xids) writing to the outbox when the hole was found. */
  writers: string[];
  since: number;
}

export interface OrderPlan<R> {
  ready: R[];
  cursor: number;
  /** Rows below the cursor that committed after the relay had passed them (see below). */
  late: number;
  /** Set when the run stopped at a hole not yet known to be final. */
  gapAfter: number | null;
  horizon: number;
}

/**
 * `rows` are unpublished rows in ascending id order. Missing ids below `settledBelow` are final
 * (their transactions ended without committing them). Rows at or below the cursor are late:
 * their hole was given up on after the maximum wait; they go out at once rather than never.
 */
export function takeInOrder<R extends { id: number }>(
  rows: readonly R[],
  cursor: number,
  settledBelow: number,
): OrderPlan<R> {
  const ready: R[] = [];
  let c = cursor;
  let late = 0;
  let gapAfter: number | null = null;
  for (const row of rows) {
    if (row.id <= c) {
      ready.push(row);
      late += 1;
    } else if (row.id === c + 1 || row.id <= settledBelow) {
      ready.push(row);
      c = row.id;
    } else {
      gapAfter = c;
      break;
    }
  }
  const horizon = rows.length > 0 ? rows[rows.length - 1]!.id : cursor;
  return { ready, cursor: c, late, gapAfter, horizon };
}

/**
 * Decides how far holes are settled before the next read. Call it before reading the rows:
 * writers observed as ended now are ended before that read's snapshot.
 */
export function settledHorizon(
  gap: GapWait | null,
  writersAlive: boolean,
  now: number,
  maxWaitMs: number,
): { settledBelow: number; timedOut: boolean } {
  if (!gap) return { settledBelow: 0, timedOut: false };
  if (!writersAlive) return { settledBelow: gap.horizon, timedOut: false };
  if (now - gap.since >= maxWaitMs) return { settledBelow: gap.horizon, timedOut: true };
  return { settledBelow: 0, timedOut: false };
}

/** Keeps waiting on the same hole with its original writers, or starts a new wait. */
export function nextGap(
  previous: GapWait | null,
  plan: OrderPlan<unknown>,
): { keep: GapWait } | { capture: { after: number; horizon: number } } | null {
  if (plan.gapAfter === null) return null;
  if (previous && previous.after === plan.gapAfter) return { keep: previous };
  return { capture: { after: plan.gapAfter, horizon: plan.horizon } };
}
