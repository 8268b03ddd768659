import { z } from 'zod';
import { errorBodySchema } from '@loyalty/shared';

const errors = {
  400: errorBodySchema.describe('invalid input'),
  401: errorBodySchema.describe('missing, invalid, expired or revoked credentials'),
  403: errorBodySchema.describe('the credential lacks the permission'),
  404: errorBodySchema.describe('no such resource in your tenant'),
  409: errorBodySchema.describe('conflicts with the current state'),
  429: errorBodySchema.describe('rate limited'),
};

/** A route's success responses plus the error responses every route can give. */
export function responses<T extends Record<number, z.ZodType>>(ok: T): T & typeof errors {
  return { ...errors, ...ok };
}

export const noContent = z.undefined().describe('done');
