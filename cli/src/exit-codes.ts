import { LoyaltyApiError } from '@loyalty/sdk';

// What the process's exit status tells a script, documented in the README and in `loyalty --help`.

export const EXIT = {
  ok: 0,
  other: 1,
  usage: 2,
  notAuthenticated: 3,
  refused: 4,
  unavailable: 5,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  anything else (a bug, a file that cannot be read, some rows of an import failed)
  2  usage error (unknown command or option, a value that is not valid)
  3  not authenticated, or the session expired: run loyalty login again
  4  refused by the API (a 4xx other than 401; its code, message and request id go to stderr)
  5  the API is unavailable (no answer, or a 5xx)`;

/** A mistake in the command line, found before anything is sent. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** No credentials to call the API with. */
export class NotAuthenticatedError extends Error {
  override name = 'NotAuthenticatedError';
}

export function exitCodeOf(err: unknown): ExitCode {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof NotAuthenticatedError) return EXIT.notAuthenticated;
  if (err instanceof LoyaltyApiError) {
    if (err.status === 401) return EXIT.notAuthenticated;
    if (err.status >= 500) return EXIT.unavailable;
    if (err.status >= 400) return EXIT.refused;
    return EXIT.other;
  }
  if (isNetworkFailure(err)) return EXIT.unavailable;
  return EXIT.other;
}

/** fetch's failure to reach the server (refused, reset, DNS): a TypeError whose cause says why. */
export function isNetworkFailure(err: unknown): boolean {
  return err instanceof TypeError && err.message === 'fetch failed';
}

/** The line(s) for stderr: the API's code, message and request id for a refusal. */
export function errorMessageOf(err: unknown): string {
  if (err instanceof LoyaltyApiError) {
    const details = err.details === undefined ? '' : `\n  details: ${JSON.stringify(err.details)}`;
    const request = err.requestId === undefined ? '' : ` (request id ${err.requestId})`;
    return `error: ${err.code}: ${err.message}${request}${details}`;
  }
  if (isNetworkFailure(err)) {
    const cause = (err as TypeError).cause as { code?: string; message?: string } | undefined;
    return `error: the API is unavailable: ${cause?.code ?? cause?.message ?? 'no answer'}`;
  }
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}
