import type pg from 'pg';
import { allTenantIds, withTenant } from './db/tenant-tx.ts';
import { SYSTEM_ACTOR, type Principal } from './modules/auth/principal.ts';
import {
  campaignLifecycleFacts,
  emitLifecycleEvent,
  liveCampaignIds,
  type LifecycleEvent,
} from './modules/campaigns/campaign-lifecycle.ts';
import { purgeExpiredKeys } from './modules/idempotency/idempotency.ts';
import { createLedgerService, type LedgerService } from './modules/ledger/ledger.service.ts';
import { programIds } from './modules/programs/programs.repository.ts';

// What the background worker (workflows/) may ask of the API's modules: the same services the
// routes call, each call one tenant-scoped transaction with row-level security on (the pool logs
// in as loyalty_app). The worker imports this surface only, never a repository.

export interface BackgroundJobsOptions {
  /** Idempotency-Keys older than this are deleted (the API's IDEMPOTENCY_TTL_HOURS). */
  idempotencyTtlHours: number;
  ledger?: LedgerService;
}

export interface ExpiryResult {
  membersAffected: number;
  pointsExpired: number;
  holdsVoided: number;
  holdsConfirmed: number;
}

const systemPrincipal = (tenantId: string): Principal => ({ tenantId, actor: SYSTEM_ACTOR, permissions: new Set() });

export function createBackgroundJobs(pool: pg.Pool, options: BackgroundJobsOptions) {
  const ledger = options.ledger ?? createLedgerService();
  const ttlSeconds = options.idempotencyTtlHours * 3600;
  return {
    tenantIds: () => allTenantIds(pool),

    programIds: (tenantId: string) => withTenant(pool, tenantId, (tx) => programIds(tx)),

    /**
     * Expires due points and resolves overdue holds of one program, one batch (as the
     * expire-due route does). Safe to repeat: what was done is not due any more.
     */
    expireDue: (tenantId: string, programId: string): Promise<ExpiryResult> =>
      withTenant(pool, tenantId, (tx) => ledger.expireProgram(tx, systemPrincipal(tenantId), programId)),

    campaignFacts: (tenantId: string, campaignId: string) =>
      withTenant(pool, tenantId, (tx) => campaignLifecycleFacts(tx, campaignId)),

    /** Published campaigns of the tenant whose lifecycle workflow should be running. */
    liveCampaignIds: (tenantId: string) => withTenant(pool, tenantId, (tx) => liveCampaignIds(tx)),

    /** Writes `campaign_started` / `campaign_ended` through the outbox, once per campaign and type. */
    emitCampaignEvent: (event: LifecycleEvent) =>
      withTenant(pool, event.tenantId, (tx) => emitLifecycleEvent(tx, event)),

    /** Deletes one page of the tenant's expired Idempotency-Keys, in its own transaction. */
    purgeIdempotencyKeys: (tenantId: string, pageSize: number): Promise<number> =>
      withTenant(pool, tenantId, (tx) => purgeExpiredKeys(tx, ttlSeconds, pageSize)),
  };
}
export type BackgroundJobs = ReturnType<typeof createBackgroundJobs>;
export { createPool } from './db/pool.ts';
export type { CampaignLifecycleFacts, LifecycleEvent } from './modules/campaigns/campaign-lifecycle.ts';
