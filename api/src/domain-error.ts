import type { ErrorCode } from '@loyalty/shared';

/** What services throw for anything the caller can fix; one handler maps codes to statuses. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  unauthenticated: 401,
  token_expired: 401,
  api_key_revoked: 401,
  api_key_expired: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  idempotency_key_reused: 409,
  idempotency_key_in_flight: 409,
  insufficient_points: 409,
  reversal_exceeds_original: 409,
  posting_not_reversible: 409,
  hold_not_pending: 409,
  slug_taken: 409,
  email_taken: 409,
  external_id_taken: 409,
  rule_limit_reached: 409,
  order_conflict: 409,
  refund_exceeds_order: 409,
  reward_not_found: 404,
  reward_inactive: 409,
  reward_not_yet_valid: 409,
  reward_expired: 409,
  campaign_not_active: 409,
  tier_required: 409,
  not_eligible: 409,
  redemption_limit_reached: 409,
  out_of_stock: 409,
  redemption_not_pending: 409,
  rate_limited: 429,
  query_too_expensive: 422,
  not_ready: 503,
  internal_error: 500,
};

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
