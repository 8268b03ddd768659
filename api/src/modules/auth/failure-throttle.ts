import { createHmac, randomBytes } from 'node:crypto';

// Slows guessing down: after `freeFailures` failures within `windowMs`, each further failure
// blocks the key for twice as long as the one before (from `baseBlockMs` up to `maxBlockMs`);
// a success clears it. Keys are HMACs under a per-process secret, so the map holds no e-mail or
// address in clear, and the map is bounded, oldest entries going first.

export interface ThrottleOptions {
  freeFailures: number;
  windowMs: number;
  baseBlockMs: number;
  maxBlockMs: number;
  maxEntries: number;
}

interface Entry {
  failures: number;
  windowStart: number;
  blockedUntil: number;
}

export interface FailureThrottle {
  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfterMs(key: string): number;
  fail(key: string): void;
  succeed(key: string): void;
}

export function createFailureThrottle(options: ThrottleOptions, now: () => number = Date.now): FailureThrottle {
  const secret = randomBytes(32);
  const entries = new Map<string, Entry>();
  const id = (key: string) => createHmac('sha256', secret).update(key).digest('base64url');

  function current(key: string): Entry | undefined {
    const entry = entries.get(id(key));
    if (!entry) return undefined;
    const expired = now() - entry.windowStart > options.windowMs && entry.blockedUntil <= now();
    if (!expired) return entry;
    entries.delete(id(key));
    return undefined;
  }

  return {
    retryAfterMs(key) {
      const entry = current(key);
      return entry ? Math.max(0, entry.blockedUntil - now()) : 0;
    },
    fail(key) {
      const entry = current(key) ?? { failures: 0, windowStart: now(), blockedUntil: 0 };
      entry.failures += 1;
      const over = entry.failures - options.freeFailures;
      if (over > 0) {
        const block = Math.min(options.maxBlockMs, options.baseBlockMs * 2 ** (over - 1));
        entry.blockedUntil = now() + block;
        // A blocked key stays remembered until its block ends, whatever the window.
        entry.windowStart = now();
      }
      entries.delete(id(key));
      entries.set(id(key), entry);
      if (entries.size > options.maxEntries) entries.delete(entries.keys().next().value!);
    },
    succeed(key) {
      entries.delete(id(key));
    },
  };
}
