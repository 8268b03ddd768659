import { LoyaltyApiError } from '@loyalty/sdk';

// The words a screen shows for a failed call. A 403 says which right is missing and who can
// grant it, rather than a bare "forbidden"; every API error carries its request id, so a support
// ticket can point at the exact request.

export interface ErrorText {
  title: string;
  message: string;
  requestId?: string;
}

export function errorTextOf(err: unknown): ErrorText {
  if (!(err instanceof LoyaltyApiError)) {
    return { title: 'Cannot reach the API', message: err instanceof Error ? err.message : String(err) };
  }
  const requestId = err.requestId;
  if (err.status === 403) {
    return {
      title: 'Your role does not allow this',
      message: `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}. Ask an owner or admin of your workspace for access.`,
      requestId,
    };
  }
  if (err.status === 404) return { title: 'Not found', message: err.message, requestId };
  if (err.status === 401) return { title: 'Your session has ended', message: 'Log in again to continue.', requestId };
  return { title: 'The request failed', message: err.message, requestId };
}
