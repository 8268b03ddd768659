import { z } from 'zod';

// One error shape for every 4xx/5xx the platform answers.

export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'malformed_json',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'unauthenticated',
  'token_expired',
  'api_key_revoked',
  'api_key_expired',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'idempotency_key_reused',
  'idempotency_key_in_flight',
  'insufficient_points',
  'reversal_exceeds_original',
  'posting_not_reversible',
  'hold_not_pending',
  'slug_taken',
  'email_taken',
  'external_id_taken',
  'rule_limit_reached',
  'order_conflict',
  'refund_exceeds_order',
  'reward_not_found',
  'reward_inactive',
  'reward_not_yet_valid',
  'reward_expired',
  'campaign_not_active',
  'tier_required',
  'not_eligible',
  'redemption_limit_reached',
  'out_of_stock',
  'redemption_not_pending',
  'rate_limited',
  'query_too_expensive',
  'not_ready',
  'internal_error',
] as const;

export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const errorBodySchema = z
  .object({
    error: z.object({
      code: errorCodeSchema,
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof errorBodySchema>;
