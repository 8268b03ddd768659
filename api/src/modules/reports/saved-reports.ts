import type { PrismaTx } from '../../db/prisma.ts';
import type { SavedReport } from '../../generated/prisma/client.ts';
import type { Principal } from '../auth/principal.ts';
import { DomainError, notFound } from '../../domain-error.ts';

// Saved reports belong to their author; shared ones are visible to the whole tenant, and only
// the author changes or deletes them.

export const ownerOf = (p: Principal) => `${p.actor.type}:${p.actor.id}`;

export function savedReportView(r: SavedReport, p: Principal) {
  return {
    id: r.id,
    name: r.name,
    definition: r.definition as Record<string, unknown>,
    shared: r.shared,
    mine: r.owner === ownerOf(p),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export const savedReports = {
  list: (tx: PrismaTx, p: Principal) =>
    tx.savedReport.findMany({
      where: { OR: [{ shared: true }, { owner: ownerOf(p) }] },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    }),

  /** A report the caller may see: theirs, or shared. */
  async visible(tx: PrismaTx, p: Principal, id: string): Promise<SavedReport> {
    const r = await tx.savedReport.findUnique({ where: { id } });
    if (!r || (!r.shared && r.owner !== ownerOf(p))) throw notFound('saved report');
    return r;
  },

  /** A report the caller may change: only their own. */
  async owned(tx: PrismaTx, p: Principal, id: string): Promise<SavedReport> {
    await tx.$executeRaw`SELECT 1 FROM saved_reports WHERE id = ${id}::uuid FOR UPDATE`;
    const r = await this.visible(tx, p, id);
    if (r.owner !== ownerOf(p)) throw new DomainError('forbidden', 'only the author of a report changes or deletes it');
    return r;
  },
};
