// Idempotency-Key retention: keys older than IDEMPOTENCY_TTL_HOURS are deleted, tenant by
// tenant, in pages of one transaction each. The schedule `idempotency-retention` runs it.

export const IDEMPOTENCY_RETENTION_ID = 'idempotency-retention';

export interface RetentionInput {
  /** Tenants still to visit when a run continued as new; absent: every tenant. */
  remainingTenantIds?: string[];
  purgedSoFar?: number;
  visitedSoFar?: number;
}

export interface RetentionResult {
  tenantsVisited: number;
  keysDeleted: number;
}
