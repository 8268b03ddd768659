import { describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs, retryDelay, type AttemptOutcome, type RetryOptions } from './retry-policy.ts';

const options: RetryOptions = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5_000 };
const NOW = Date.parse('2026-03-01T12:00:00Z');
const answer = (status: number, retryAfter: string | null = null): AttemptOutcome => ({
  kind: 'response',
  status,
  retryAfter,
});

describe('retryDelay', () => {
  it('retries 429 and 503 with a backoff when the server names no wait', () => {
    expect(retryDelay(answer(429), 1, options, NOW, 0.5)).toBe(50);
    expect(retryDelay(answer(503), 2, options, NOW, 0.5)).toBe(100);
  });

  it('waits what retry-after asks, in seconds or as a date', () => {
    expect(retryDelay(answer(429, '2'), 1, options, NOW, 0.5)).toBe(2_000);
    expect(retryDelay(answer(503, 'Sun, 01 Mar 2026 12:00:03 GMT'), 1, options, NOW, 0.5)).toBe(3_000);
  });

  it('does not wait out a retry-after longer than the longest wait allowed', () => {
    expect(retryDelay(answer(429, '6'), 1, options, NOW, 0.5)).toBeUndefined();
  });

  it('never retries other answers', () => {
    for (const status of [200, 201, 400, 401, 403, 404, 409, 422, 500, 502]) {
      expect(retryDelay(answer(status, '1'), 1, options, NOW, 0.5), `status ${status}`).toBeUndefined();
    }
  });

  it('retries a network failure only for a request that is safe to repeat', () => {
    expect(retryDelay({ kind: 'network-error', repeatable: true }, 1, options, NOW, 0.5)).toBe(50);
    expect(retryDelay({ kind: 'network-error', repeatable: false }, 1, options, NOW, 0.5)).toBeUndefined();
  });

  it('stops after maxAttempts tries in all', () => {
    expect(retryDelay(answer(503), 3, options, NOW, 0.5)).toBeDefined();
    expect(retryDelay(answer(503), 4, options, NOW, 0.5)).toBeUndefined();
    expect(retryDelay(answer(503), 1, { ...options, maxAttempts: 1 }, NOW, 0.5)).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('doubles its ceiling per attempt up to the longest wait, with full jitter below it', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, options, 0.999))).toEqual([99, 199, 399, 799]);
    expect(backoffMs(20, options, 0.999)).toBe(4_995);
    expect(backoffMs(3, options, 0)).toBe(0);
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds and HTTP dates, and ignores anything else', () => {
    expect(retryAfterMs(' 7 ', NOW)).toBe(7_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 11:59:00 GMT', NOW)).toBe(0);
    expect(retryAfterMs('soon', NOW)).toBeUndefined();
    expect(retryAfterMs('-1', NOW)).toBeUndefined();
    expect(retryAfterMs(null, NOW)).toBeUndefined();
  });
});
