import type { z } from 'zod';
import {
  MAX_TIERS_PER_PROGRAM,
  type createTierBodySchema,
  type TierView,
  type updateTierBodySchema,
} from '@loyalty/shared';
import { DomainError, notFound } from '../../domain-error.ts';
import { prismaSql, type PrismaTx } from '../../db/prisma.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import type { Principal } from '../auth/principal.ts';
import { appendEvents } from '../outbox/outbox.repository.ts';
import { mergeBenefits, tierConflict } from './tier-rules.ts';
import { tiersRepository as repo, tierView, type TierFields } from './tiers.repository.ts';

// Tier configuration. Writes of one program's tiers are serialized on the program row, so
// the checks below see every committed tier; the unique indexes remain the last word.
// Members are not moved here: postings and recalculation place them (thresholds may change
// many at a time, and a recalculation pages through a program's members).

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === 'P2002';

async function assertFits(tx: PrismaTx, programId: string, candidate: TierFields, selfId?: string): Promise<void> {
  const live = (await repo.list(tx, programId)).map(tierView);
  if (selfId === undefined && live.length >= MAX_TIERS_PER_PROGRAM) {
    throw new DomainError('conflict', `a program has at most ${MAX_TIERS_PER_PROGRAM} tiers`, {
      limit: MAX_TIERS_PER_PROGRAM,
    });
  }
  const clash = tierConflict(live, candidate, selfId);
  if (clash?.field === 'name') {
    throw new DomainError('conflict', `a tier named "${clash.tier.name}" exists in this program`, {
      field: 'name',
      tierId: clash.tier.id,
    });
  }
  if (clash?.field === 'threshold') {
    throw new DomainError('conflict', `tier "${clash.tier.name}" already has threshold ${candidate.threshold}`, {
      field: 'threshold',
      tierId: clash.tier.id,
    });
  }
}

function conflictOnRace(err: unknown): never {
  if (isUniqueViolation(err))
    throw new DomainError('conflict', 'another tier of this program has this name or threshold');
  throw err;
}

/** The audit entry and the tier_* event of a change; `tier` is the tier as it now stands (or stood). */
async function publish(
  tx: PrismaTx,
  principal: Principal,
  requestId: string,
  action: 'created' | 'updated' | 'deleted',
  tier: TierView,
  before?: TierView,
) {
  const sql = prismaSql(tx);
  const after = action === 'deleted' ? undefined : tier;
  await recordAudit(sql, {
    tenantId: principal.tenantId,
    actor: principal.actor,
    action: `tier.${action}`,
    entityType: 'tier',
    entityId: tier.id,
    before,
    after,
    requestId,
  });
  await appendEvents(sql, [
    { type: `tier_${action}`, tenantId: principal.tenantId, programId: tier.programId, data: { tier } },
  ]);
}

async function lockedTier(tx: PrismaTx, id: string) {
  const found = await repo.find(tx, id);
  if (!found) throw notFound('tier');
  await repo.lockProgram(tx, found.programId);
  // Re-read under the lock: a concurrent write may have changed or deleted it meanwhile.
  const tier = await repo.find(tx, id);
  if (!tier) throw notFound('tier');
  return tierView(tier);
}

export const tiersService = {
  async list(tx: PrismaTx, programId: string): Promise<TierView[]> {
    const program = await tx.program.findUnique({ where: { id: programId }, select: { id: true } });
    if (!program) throw notFound('program');
    return (await repo.list(tx, programId)).map(tierView);
  },

  async get(tx: PrismaTx, id: string): Promise<TierView> {
    const tier = await repo.find(tx, id);
    if (!tier) throw notFound('tier');
    return tierView(tier);
  },

  async create(
    tx: PrismaTx,
    principal: Principal,
    programId: string,
    input: z.output<typeof createTierBodySchema>,
    requestId: string,
  ): Promise<TierView> {
    if (!(await repo.lockProgram(tx, programId))) throw notFound('program');
    await assertFits(tx, programId, input);
    const tier = tierView(
      await repo.create(tx, { tenantId: principal.tenantId, programId, ...input }).catch(conflictOnRace),
    );
    await publish(tx, principal, requestId, 'created', tier);
    return tier;
  },

  async update(
    tx: PrismaTx,
    principal: Principal,
    id: string,
    patch: z.output<typeof updateTierBodySchema>,
    requestId: string,
  ): Promise<TierView> {
    const before = await lockedTier(tx, id);
    const fields: TierFields = {
      name: patch.name ?? before.name,
      threshold: patch.threshold ?? before.threshold,
      benefits: mergeBenefits(before.benefits, patch.benefits),
    };
    await assertFits(tx, before.programId, fields, id);
    const after = tierView(await repo.update(tx, id, fields).catch(conflictOnRace));
    await publish(tx, principal, requestId, 'updated', after, before);
    return after;
  },

  async remove(tx: PrismaTx, principal: Principal, id: string, requestId: string): Promise<void> {
    const before = await lockedTier(tx, id);
    await repo.softDelete(tx, id);
    await publish(tx, principal, requestId, 'deleted', before, before);
  },
};
