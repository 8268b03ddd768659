import type { TierBenefits, TierView } from '@loyalty/shared';
import type { PrismaTx } from '../../db/prisma.ts';
import type { Tier } from '../../generated/prisma/client.ts';

// Tier configuration through Prisma. Deleted tiers stay (history and rewards refer to them)
// with deleted_at set; every read here sees live tiers only.

/** Benefits as stored (validated by the API on the way in) to their response shape. */
export function benefitsView(raw: unknown): TierBenefits {
  const b = (raw ?? {}) as { multiplier?: unknown; description?: unknown; perks?: unknown };
  return {
    multiplier: typeof b.multiplier === 'number' ? b.multiplier : 1,
    ...(typeof b.description === 'string' ? { description: b.description } : {}),
    ...(Array.isArray(b.perks) ? { perks: b.perks as string[] } : {}),
  };
}

export function tierView(t: Tier): TierView {
  return {
    id: t.id,
    programId: t.programId,
    name: t.name,
    threshold: Number(t.threshold),
    benefits: benefitsView(t.benefits),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export interface TierFields {
  name: string;
  threshold: number;
  benefits: TierBenefits;
}

export const tiersRepository = {
  list: (tx: PrismaTx, programId: string) =>
    tx.tier.findMany({ where: { programId, deletedAt: null }, orderBy: [{ threshold: 'asc' }] }),
  find: (tx: PrismaTx, id: string) => tx.tier.findFirst({ where: { id, deletedAt: null } }),
  /**
   * Serializes tier writes of one program, so the name, threshold and count checks hold at
   * commit. NO KEY UPDATE: members being enrolled (key-share locks on the program) never wait.
   */
  async lockProgram(tx: PrismaTx, programId: string): Promise<boolean> {
    const rows = await tx.$queryRaw<unknown[]>`SELECT 1 FROM programs WHERE id = ${programId}::uuid FOR NO KEY UPDATE`;
    return rows.length > 0;
  },
  create: (tx: PrismaTx, t: TierFields & { tenantId: string; programId: string }) =>
    tx.tier.create({ data: { ...t, threshold: BigInt(t.threshold), benefits: { ...t.benefits } } }),
  update: (tx: PrismaTx, id: string, t: TierFields) =>
    tx.tier.update({
      where: { id },
      data: { ...t, threshold: BigInt(t.threshold), benefits: { ...t.benefits }, updatedAt: new Date() },
    }),
  softDelete: (tx: PrismaTx, id: string) =>
    tx.tier.update({ where: { id }, data: { deletedAt: new Date(), updatedAt: new Date() } }),
};
