import { createLoyaltyClient, type LoyaltyClient } from '@loyalty/sdk';
import type { CliEnvironment } from './cli-config.ts';
import { NotAuthenticatedError, UsageError } from './exit-codes.ts';
import { deleteSession, readSession, writeSession } from './session-store.ts';

// The client a command calls the API with: an API key (--api-key or LOYALTY_API_KEY, with
// --api-url or LOYALTY_API_URL) when one is given, the stored session of `loyalty login`
// otherwise. Renewed session tokens are written back as the SDK hands them over (the old refresh
// token stops working once used), and a session the API ended is deleted.

export interface CredentialOptions {
  apiKey?: string;
  apiUrl?: string;
}

export function apiUrlOf(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--api-url "${value}" is not a URL (such as https://api.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--api-url "${value}" must be an http or https URL`);
  }
  return url.origin;
}

export async function clientFor(options: CredentialOptions, env: CliEnvironment): Promise<LoyaltyClient> {
  const apiKey = options.apiKey ?? env.apiKey;
  const apiUrl = options.apiUrl ?? env.apiUrl;
  if (apiKey !== undefined) {
    if (apiUrl === undefined) throw new UsageError('an API key needs the API URL: --api-url or LOYALTY_API_URL');
    return createLoyaltyClient({ baseUrl: apiUrlOf(apiUrl), apiKey });
  }
  const session = await readSession(env.configDir);
  if (!session) {
    throw new NotAuthenticatedError('not logged in: run loyalty login, or set LOYALTY_API_KEY and LOYALTY_API_URL');
  }
  return createLoyaltyClient({
    baseUrl: session.apiUrl,
    tokens: session.tokens,
    onTokens: (tokens) =>
      tokens ? writeSession(env.configDir, { apiUrl: session.apiUrl, tokens }) : deleteSession(env.configDir),
  });
}
