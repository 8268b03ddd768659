import { describe, expect, it } from 'vitest';
import { createFailureThrottle } from './failure-throttle.ts';

function throttle() {
  let clock = 1_000_000;
  const t = createFailureThrottle(
    { freeFailures: 3, windowMs: 60_000, baseBlockMs: 1_000, maxBlockMs: 8_000, maxEntries: 3 },
    () => clock,
  );
  return { t, advance: (ms: number) => (clock += ms) };
}

describe('failure throttle', () => {
  it('lets the first failures through, then blocks with a doubling backoff up to the cap', () => {
    const { t } = throttle();
    for (let i = 0; i < 3; i++) t.fail('a');
    expect(t.retryAfterMs('a')).toBe(0);
    const blocks = [1, 2, 3, 4, 5].map(() => {
      t.fail('a');
      return t.retryAfterMs('a');
    });
    expect(blocks).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
  });

  it('unblocks when the block ends, and a success forgets the failures', () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 4; i++) t.fail('a');
    expect(t.retryAfterMs('a')).toBe(1_000);
    advance(1_000);
    expect(t.retryAfterMs('a')).toBe(0);
    t.succeed('a');
    for (let i = 0; i < 3; i++) t.fail('a');
    expect(t.retryAfterMs('a')).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const { t, advance } = throttle();
    for (let i = 0; i < 3; i++) t.fail('a');
    advance(60_001);
    t.fail('a');
    expect(t.retryAfterMs('a')).toBe(0);
  });

  it('keeps keys apart and stays bounded', () => {
    const { t } = throttle();
    for (let i = 0; i < 4; i++) t.fail('a');
    expect(t.retryAfterMs('b')).toBe(0);
    for (const k of ['b', 'c', 'd']) t.fail(k);
    expect(t.retryAfterMs('a')).toBe(0);
  });
});
