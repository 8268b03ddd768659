import type pg from 'pg';
import type { FastifyBaseLogger } from 'fastify';
import { allTenantIds, withTenant } from '../../db/tenant-tx.ts';
import { startRepeatingTask } from '../../scheduling/repeating-task.ts';
import { SYSTEM_ACTOR } from '../auth/principal.ts';
import type { LedgerService } from './ledger.service.ts';

// Expires due points and voids overdue holds on a timer, so balances stay exact without a
// caller asking. (The workflows package will schedule this with Temporal; until then the API
// process runs it.) One sweeper per tenant at a time: an advisory lock keeps API instances apart.

export interface SweeperDeps {
  pool: pg.Pool;
  ledger: LedgerService;
  log: FastifyBaseLogger;
}

export async function sweepAllTenants(deps: SweeperDeps): Promise<void> {
  for (const tenantId of await allTenantIds(deps.pool)) await sweepTenant(deps, tenantId);
}

export function startExpirySweeper(deps: SweeperDeps, intervalSeconds: number): () => void {
  return startRepeatingTask('expiry sweep', () => sweepAllTenants(deps), intervalSeconds, deps.log);
}

async function sweepTenant(deps: SweeperDeps, tenantId: string): Promise<void> {
  await withTenant(deps.pool, tenantId, async (tx) => {
    const { rows } = await tx.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_xact_lock(hashtext('expiry-sweep:' || $1)) AS locked",
      [tenantId],
    );
    if (!rows[0]?.locked) return;
    const programs = await tx.query<{ id: string }>('SELECT id FROM programs');
    const principal = { tenantId, actor: SYSTEM_ACTOR, permissions: new Set<never>() };
    for (const { id } of programs.rows) {
      const result = await deps.ledger.expireProgram(tx, principal, id);
      if (result.pointsExpired > 0 || result.holdsVoided > 0 || result.holdsConfirmed > 0)
        deps.log.info({ tenantId, programId: id, ...result }, 'expiry sweep');
    }
  });
}
