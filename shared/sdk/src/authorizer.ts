// How a client authenticates its requests: the Authorization header for the next attempt, and
// what to do when the API answers 401 to a header it was given.

export interface Authorizer {
  /** The Authorization header to send now (renewing a session first when needed). */
  authorization(): Promise<string | undefined>;
  /**
   * The API refused `rejected` with a 401: true when a different credential is now available
   * (renewed, or renewed meanwhile by a concurrent request), so the request is worth one more try.
   */
  renewAfterRejection(rejected: string): Promise<boolean>;
}

export function apiKeyAuthorizer(apiKey: string): Authorizer {
  const header = `Bearer ${apiKey}`;
  return {
    authorization: async () => header,
    renewAfterRejection: async () => false,
  };
}
