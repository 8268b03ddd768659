import { abortableSleep } from './abortable-sleep.ts';
import { isRepeatable } from './idempotency-key.ts';
import { retryDelay, type RetryOptions } from './retry-policy.ts';

// Sends one request until retry-policy says stop. Each attempt sends a copy of the same prepared
// request, so headers fixed before the first attempt (the Idempotency-Key) are the same on every
// try; only the Authorization header is set per attempt, since a token may be renewed meanwhile.
// The caller's AbortSignal (on the request) stops the waits as well as the attempts.

export type Fetch = (request: Request) => Promise<Response>;

export interface SendOptions {
  fetch: Fetch;
  retry: RetryOptions;
  /** The Authorization header to send, if any. */
  authorization?: string;
  /** False for a POST that must not be repeated after a network failure whatever its headers (a token refresh). */
  repeatable?: boolean;
}

export async function sendWithRetries(request: Request, options: SendOptions): Promise<Response> {
  const repeatable = options.repeatable ?? isRepeatable(request);
  for (let attempt = 1; ; attempt++) {
    const copy = request.clone();
    if (options.authorization !== undefined) copy.headers.set('authorization', options.authorization);
    let delay: number | undefined;
    try {
      const response = await options.fetch(copy);
      delay = retryDelay(
        { kind: 'response', status: response.status, retryAfter: response.headers.get('retry-after') },
        attempt,
        options.retry,
      );
      if (delay === undefined) return response;
      await response.body?.cancel();
    } catch (err) {
      if (request.signal.aborted) throw err;
      delay = retryDelay({ kind: 'network-error', repeatable }, attempt, options.retry);
      if (delay === undefined) throw err;
    }
    await abortableSleep(delay, request.signal);
  }
}
