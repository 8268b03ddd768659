import type { ErrorCode } from './api-types.ts';

// Every refusal by the API, as one error type: the `{ error: { code, message, details? } }` body,
// the HTTP status, and the request id to quote to support. An answer that is not the API's error
// shape (a proxy's HTML page, an empty 502) still becomes one, with the code `unexpected_response`.

/** Codes the API documents, plus any newer one it may send. */
export type LoyaltyErrorCode = ErrorCode | 'unexpected_response' | (string & {});

export interface LoyaltyApiErrorInit {
  status: number;
  code: LoyaltyErrorCode;
  message: string;
  details?: unknown;
  requestId?: string;
}

export class LoyaltyApiError extends Error {
  readonly status: number;
  readonly code: LoyaltyErrorCode;
  readonly details: unknown;
  /** The `x-request-id` of the answer, when it had one. */
  readonly requestId: string | undefined;

  constructor(init: LoyaltyApiErrorInit) {
    super(init.message);
    this.name = 'LoyaltyApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.requestId = init.requestId;
  }

  /** The error an unsuccessful answer stands for; `body` is the parsed JSON body, or its text. */
  static fromResponse(response: Response, body: unknown): LoyaltyApiError {
    const requestId = response.headers.get('x-request-id') ?? undefined;
    const error = apiErrorOf(body);
    if (error) return new LoyaltyApiError({ status: response.status, requestId, ...error });
    const what = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    return new LoyaltyApiError({
      status: response.status,
      code: 'unexpected_response',
      message: `the API answered ${what} without an error body`,
      details: typeof body === 'string' && body !== '' ? body.slice(0, 500) : undefined,
      requestId,
    });
  }
}

function apiErrorOf(body: unknown): { code: string; message: string; details?: unknown } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error: unknown = body.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, details } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return undefined;
  return { code, message, details };
}
