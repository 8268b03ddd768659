import { describe, expect, it } from 'vitest';
import { nextGap, settledHorizon, takeInOrder, type GapWait } from './ordering.ts';

const rows = (...ids: number[]) => ids.map((id) => ({ id }));
const ids = (plan: { ready: { id: number }[] }) => plan.ready.map((r) => r.id);

describe('takeInOrder', () => {
  it('takes the contiguous run above the cursor', () => {
    const plan = takeInOrder(rows(5, 6, 7), 4, 0);
    expect(ids(plan)).toEqual([5, 6, 7]);
    expect(plan).toMatchObject({ cursor: 7, gapAfter: null, late: 0, horizon: 7 });
  });

  it('stops at a hole: a smaller id may still commit', () => {
    const plan = takeInOrder(rows(5, 6, 9, 10), 4, 0);
    expect(ids(plan)).toEqual([5, 6]);
    expect(plan).toMatchObject({ cursor: 6, gapAfter: 6, horizon: 10 });
  });

  it('holds everything when the first id is already past a hole', () => {
    const plan = takeInOrder(rows(8), 4, 0);
    expect(ids(plan)).toEqual([]);
    expect(plan).toMatchObject({ cursor: 4, gapAfter: 4 });
  });

  it('steps over holes below the settled horizon, not above it', () => {
    const plan = takeInOrder(rows(5, 8, 9, 12, 20), 4, 12);
    expect(ids(plan)).toEqual([5, 8, 9, 12]);
    expect(plan).toMatchObject({ cursor: 12, gapAfter: 12 });
  });

  it('publishes rows below the cursor at once (late commits after a timed-out hole)', () => {
    const plan = takeInOrder(rows(3, 11, 12), 10, 0);
    expect(ids(plan)).toEqual([3, 11, 12]);
    expect(plan).toMatchObject({ cursor: 12, late: 1, gapAfter: null });
  });

  it('does nothing on an empty read', () => {
    expect(takeInOrder([], 7, 0)).toEqual({ ready: [], cursor: 7, late: 0, gapAfter: null, horizon: 7 });
  });
});

describe('settledHorizon', () => {
  const gap: GapWait = { after: 6, horizon: 10, writers: ['3/17'], since: 1_000 };

  it('settles nothing without a hole, or while its writers run within the wait', () => {
    expect(settledHorizon(null, false, 5_000, 10_000)).toEqual({ settledBelow: 0, timedOut: false });
    expect(settledHorizon(gap, true, 5_000, 10_000)).toEqual({ settledBelow: 0, timedOut: false });
  });

  it('settles up to the horizon once the writers have ended', () => {
    expect(settledHorizon(gap, false, 1_001, 10_000)).toEqual({ settledBelow: 10, timedOut: false });
  });

  it('gives up after the maximum wait', () => {
    expect(settledHorizon(gap, true, 11_000, 10_000)).toEqual({ settledBelow: 10, timedOut: true });
  });
});

describe('nextGap', () => {
  const plan = (gapAfter: number | null) => ({ ready: [], cursor: 6, late: 0, gapAfter, horizon: 10 });
  const gap: GapWait = { after: 6, horizon: 9, writers: ['3/17'], since: 1_000 };

  it('clears when the run did not stop', () => {
    expect(nextGap(gap, plan(null))).toBeNull();
  });

  it('keeps the original writers for the same hole, so new writers cannot prolong the wait', () => {
    expect(nextGap(gap, plan(6))).toEqual({ keep: gap });
  });

  it('captures a new wait for a new hole', () => {
    expect(nextGap(gap, plan(8))).toEqual({ capture: { after: 8, horizon: 10 } });
    expect(nextGap(null, plan(6))).toEqual({ capture: { after: 6, horizon: 10 } });
  });
});
