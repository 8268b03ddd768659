// When to try a request again, and after how long: a pure decision, so it is tested without a
// network. Only answers that say "not now" (429, 503) are retried, and network failures of
// requests that are safe to repeat; other 4xx and 5xx answers are final. A wait the server asks
// for (retry-after) is honoured; one longer than `maxDelayMs` is not waited out, the answer is
// returned as it is. Otherwise the wait is exponential with full jitter, so clients that failed
// together do not come back together.

export interface RetryOptions {
  /** Tries in all, the first included (1: never retry). */
  maxAttempts: number;
  /** The first backoff's upper bound; it doubles with each attempt. */
  baseDelayMs: number;
  /** No wait is longer: neither a backoff nor a retry-after. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 3, baseDelayMs: 250, maxDelayMs: 30_000 };

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

export type AttemptOutcome =
  { kind: 'response'; status: number; retryAfter: string | null } | { kind: 'network-error'; repeatable: boolean };

/**
 * Milliseconds to wait before the next attempt, or undefined to stop (answer or throw what
 * `attempt`, counted from 1, gave). `random` is in [0, 1).
 */
export function retryDelay(
  outcome: AttemptOutcome,
  attempt: number,
  options: RetryOptions,
  now: number = Date.now(),
  random: number = Math.random(),
): number | undefined {
  if (attempt >= options.maxAttempts) return undefined;
  if (outcome.kind === 'network-error') return outcome.repeatable ? backoffMs(attempt, options, random) : undefined;
  if (!RETRYABLE_STATUSES.has(outcome.status)) return undefined;
  const asked = retryAfterMs(outcome.retryAfter, now);
  if (asked === undefined) return backoffMs(attempt, options, random);
  return asked <= options.maxDelayMs ? asked : undefined;
}

/** Full jitter: uniform in [0, min(max, base * 2^(attempt - 1))). */
export function backoffMs(attempt: number, options: RetryOptions, random: number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(random * ceiling);
}

/** A retry-after header (delay in seconds, or an HTTP date) in milliseconds from `now`. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date names its day and month; Date.parse alone would read '-1' as a year.
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
