import type pg from 'pg';
import { segmentEvaluationEventDataSchema } from '@loyalty/shared';
import type { Analytics } from './db/clickhouse.ts';
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
import { appendEvents } from './modules/outbox/outbox.repository.ts';
import { programExists, programIds } from './modules/programs/programs.repository.ts';
import { evaluateSegment, segmentsOfProgram } from './modules/segments/segment-evaluation.ts';
import { recalculateTiers, type RecalculationPage } from './modules/tiers/tier-recalculation.ts';

// What the background worker (workflows/) may ask of the API's modules: the same services the
// routes call, each call one tenant-scoped transaction with row-level security on (the pool logs
// in as loyalty_app). The worker imports this surface only, never a repository.

export interface BackgroundJobsOptions {
  /** Idempotency-Keys older than this are deleted (the API's IDEMPOTENCY_TTL_HOURS). */
  idempotencyTtlHours: number;
  ledger?: LedgerService;
  /** Segment evaluation reads ClickHouse; without it segment refresh is not available. */
  analytics?: Analytics;
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

    /**
     * One page of the program's tier recalculation (as the recalculate route does): members in
     * `seq` order after `afterSeq`. Null for a program that does not exist (any more).
     */
    recalculateTiers: (
      tenantId: string,
      programId: string,
      page: { afterSeq: string | null; limit: number },
    ): Promise<RecalculationPage | null> =>
      withTenant(pool, tenantId, async (tx) =>
        (await programExists(tx, programId))
          ? recalculateTiers(tx, tenantId, programId, { afterSeq: page.afterSeq ?? undefined, limit: page.limit })
          : null,
      ),

    /** Whether segments can be evaluated: ClickHouse is configured. */
    segmentRefreshAvailable: options.analytics !== undefined,

    /** The program's segments, oldest first (what the program-wide evaluate route walks). */
    segmentIds: (tenantId: string, programId: string) =>
      withTenant(pool, tenantId, (tx) => segmentsOfProgram(tx, programId)),

    /**
     * Evaluates one segment as the evaluate route does, and when its membership changed writes
     * `segment_updated` (change `evaluated`, with the counts) in the same transaction. Safe to
     * repeat: a second run finds nothing to add or remove and writes no event.
     */
    refreshSegment: (tenantId: string, segmentId: string) =>
      withTenant(pool, tenantId, async (tx) => {
        const analytics = options.analytics;
        if (!analytics) throw new Error('segment refresh needs ClickHouse: CLICKHOUSE_URL is not configured');
        const result = await evaluateSegment(tx, analytics, tenantId, segmentId);
        if (result.added + result.removed > 0) {
          const programId = (
            await tx.query<{ program_id: string }>('SELECT program_id FROM segments WHERE id = $1', [segmentId])
          ).rows[0]!.program_id;
          const data = segmentEvaluationEventDataSchema.parse({
            segmentId,
            change: 'evaluated',
            matched: result.matched,
            added: result.added,
            removed: result.removed,
            members: result.members,
            evaluatedAt: result.evaluatedAt,
          });
          await appendEvents(tx, [{ type: 'segment_updated', tenantId, programId, data }]);
        }
        return result;
      }),

    /** Deletes one page of the tenant's expired Idempotency-Keys, in its own transaction. */
    purgeIdempotencyKeys: (tenantId: string, pageSize: number): Promise<number> =>
      withTenant(pool, tenantId, (tx) => purgeExpiredKeys(tx, ttlSeconds, pageSize)),
  };
}
export type BackgroundJobs = ReturnType<typeof createBackgroundJobs>;
export { createPool } from './db/pool.ts';
export { DomainError } from './domain-error.ts';
export { createAnalytics, type Analytics, type AnalyticsConfig } from './db/clickhouse.ts';
export type { RecalculationPage } from './modules/tiers/tier-recalculation.ts';
export type { SegmentEvaluation } from '@loyalty/shared';
export type { CampaignLifecycleFacts, LifecycleEvent } from './modules/campaigns/campaign-lifecycle.ts';
