// @loyalty/sdk: the TypeScript client of the Loyalty Studio API, for Node >= 22 and browsers.

export { createLoyaltyClient } from './loyalty-client.ts';
export type {
  ApiKeyAuth,
  LoyaltyClient,
  LoyaltyClientBaseOptions,
  LoyaltyClientOptions,
  PasswordAuth,
  TokensAuth,
} from './loyalty-client.ts';
export { LoyaltyApiError } from './loyalty-api-error.ts';
export type { LoyaltyApiErrorInit, LoyaltyErrorCode } from './loyalty-api-error.ts';
export type { ApiResult, ResultData } from './api-result.ts';
export type { ListItem, ListPath } from './pagination.ts';
export { DEFAULT_RETRY } from './retry-policy.ts';
export type { RetryOptions } from './retry-policy.ts';
export type { SessionTokens } from './session-tokens.ts';
export type { LoginCredentials, OnTokens } from './user-session.ts';
export { verifyWebhook, WebhookVerificationError } from './webhook-verification.ts';
export type {
  VerifiedWebhook,
  VerifyWebhookOptions,
  WebhookHeaders,
  WebhookVerificationFailure,
} from './webhook-verification.ts';
export type { components, ErrorBody, ErrorCode, operations, paths, Schemas, TokenPair } from './api-types.ts';
