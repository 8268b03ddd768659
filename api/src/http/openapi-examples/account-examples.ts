import {
  createApiKeyBodySchema,
  createdApiKeySchema,
  loginBodySchema,
  onboardingBodySchema,
  onboardingResponseSchema,
  tokenPairSchema,
} from '@loyalty/shared';
import { requestExample, responseExample, type OperationExamples } from '../openapi-examples.ts';
import { API_KEY_ID, OWNER_ID, SESSION_ID, TENANT_ID } from './example-ids.ts';

// Signing up, logging in and making an API key for the shop's checkout.

const owner = { email: 'camille@beanthere.example', password: 'correct-horse-battery-staple' };

// The shape of our tokens; the signature and secrets are made up.
const tokens = {
  accessToken:
    'eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0.eyJ0aWQiOiJiN2UyYzFhNC01ZDNmLTRlOGEtOWM2MS0yZjBkOGU0YTdiMTMiLCJyb2xlIjoib3duZXIiLCJzdWIiOiIwZjZhMmQ5ZS0zYzQxLTRiN2UtOGE1Mi1kMTljNmUzZjRhMDgifQ.ZXhhbXBsZS1zaWduYXR1cmUtbm90LWEtcmVhbC1vbmU',
  tokenType: 'Bearer' as const,
  expiresIn: 900,
  refreshToken: `${TENANT_ID}.${SESSION_ID}.ZXhhbXBsZS1yZWZyZXNoLXNlY3JldC1ub3QtcmVhbA`,
  refreshExpiresAt: '2026-10-01T09:00:00.000Z',
};

const scopes = [
  'members:read',
  'members:write',
  'points:read',
  'points:earn',
  'points:redeem',
  'points:reverse',
  'rewards:read',
  'rewards:redeem',
] as const;

export const accountExamples: OperationExamples = {
  onboardTenant: {
    request: requestExample(onboardingBodySchema, {
      tenant: {
        slug: 'bean-there',
        name: 'Bean There Coffee',
        legalName: 'Bean There Coffee SAS',
        contactEmail: 'hello@beanthere.example',
        website: 'https://beanthere.example',
      },
      owner: { email: owner.email, name: 'Camille Martin', password: owner.password },
    }),
    response: {
      status: 201,
      json: responseExample(onboardingResponseSchema, {
        tenant: {
          id: TENANT_ID,
          slug: 'bean-there',
          name: 'Bean There Coffee',
          legalName: 'Bean There Coffee SAS',
          contactEmail: 'hello@beanthere.example',
          website: 'https://beanthere.example',
          settings: {},
          subdomain: 'bean-there.loyaltystudio.ai',
          createdAt: '2026-09-01T09:00:00.000Z',
        },
        ownerId: OWNER_ID,
        tokens,
      }),
    },
  },

  logIn: {
    request: requestExample(loginBodySchema, { tenant: 'bean-there', ...owner }),
    response: { status: 200, json: responseExample(tokenPairSchema, tokens) },
  },

  createApiKey: {
    request: requestExample(createApiKeyBodySchema, { name: 'Checkout integration', scopes: [...scopes] }),
    response: {
      status: 201,
      json: responseExample(createdApiKeySchema, {
        id: API_KEY_ID,
        name: 'Checkout integration',
        prefix: 'lsk_3f9a1c7e5b20',
        scopes: [...scopes],
        createdAt: '2026-09-01T09:20:00.000Z',
        lastUsedAt: null,
        expiresAt: null,
        revokedAt: null,
        secret: 'lsk_3f9a1c7e5b20_EXAMPLEexampleEXAMPLEexampleEXAMPLEexample1',
      }),
    },
  },
};
