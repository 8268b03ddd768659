import type { PrismaTx } from '../../db/prisma.ts';
import type { Db } from '../../db/pool.ts';

export const tenantsRepository = {
  create: (
    tx: PrismaTx,
    t: { id: string; slug: string; name: string; legalName?: string; contactEmail?: string; website?: string },
  ) => tx.tenant.create({ data: t }),
  find: (tx: PrismaTx, id: string) => tx.tenant.findUnique({ where: { id } }),
  lock: (tx: PrismaTx, id: string) => tx.$executeRaw`SELECT 1 FROM tenants WHERE id = ${id}::uuid FOR UPDATE`,
  update: (
    tx: PrismaTx,
    id: string,
    data: {
      name: string;
      legalName: string | null;
      contactEmail: string | null;
      website: string | null;
      settings: object;
    },
  ) => tx.tenant.update({ where: { id }, data: { ...data, updatedAt: new Date() } }),
};

/** Login and the demo seed find a tenant by its subdomain before any tenant context exists. */
export async function findTenantIdBySlug(db: Db, slug: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string | null }>('SELECT tenant_id_by_slug($1) AS id', [slug]);
  return rows[0]?.id ?? undefined;
}
