import { compileRules, type CampaignForCalculation, type CompiledRules } from '@loyalty/shared';
import type { Db } from '../../db/pool.ts';
import { publishedCampaignsForProgram } from '../campaigns/campaigns.earn.ts';
import { activeRulesForProgram } from '../rules/rules.repository.ts';

// A program's rules and campaigns change rarely and are read on every purchase: they are kept
// per program and reloaded when the program's version of them changes (the versions come with
// the purchase's first query, see transactions.repository.ts). Compiling rules, in particular,
// costs far more than evaluating them.

const DAY_MS = 86_400_000;
/** Campaigns that ended longer ago than this are not cached; older purchases read them directly. */
export const CAMPAIGN_CACHE_DAYS = 90;

export interface VersionedCache<T> {
  get(db: Db, programId: string, version: string): Promise<T>;
}

export function createVersionedCache<T>(
  load: (db: Db, programId: string) => Promise<T>,
  maxPrograms = 1_000,
): VersionedCache<T> {
  const entries = new Map<string, { version: string; value: T }>();
  return {
    async get(db, programId, version) {
      const hit = entries.get(programId);
      if (hit && hit.version === version) return hit.value;
      const value = await load(db, programId);
      if (!hit && entries.size >= maxPrograms) entries.delete(entries.keys().next().value!);
      entries.set(programId, { version, value });
      return value;
    },
  };
}

export const createRulesCache = (): VersionedCache<CompiledRules> =>
  createVersionedCache(async (db, programId) => compileRules(await activeRulesForProgram(db, programId)));

/**
 * Budgets in cached campaigns go stale as bonuses are awarded (awards do not change the
 * version): they are a first guess, re-read under the campaign's lock before any bonus is posted.
 */
export const createCampaignsCache = (now: () => Date): VersionedCache<readonly CampaignForCalculation[]> =>
  createVersionedCache((db, programId) =>
    publishedCampaignsForProgram(db, programId, new Date(now().getTime() - CAMPAIGN_CACHE_DAYS * DAY_MS)),
  );
