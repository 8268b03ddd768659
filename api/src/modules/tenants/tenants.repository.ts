import type { Db } from '../../db/pool.ts';

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  legal_name: string | null;
  contact_email: string | null;
  website: string | null;
  settings: Record<string, unknown>;
  created_at: Date;
}

const COLUMNS = 'id, slug, name, legal_name, contact_email, website, settings, created_at';

export async function insertTenant(db: Db, t: { slug: string; name: string; legalName?: string; contactEmail?: string; website?: string }): Promise<TenantRow> {
  const { rows } = await db.query<TenantRow>(
    `INSERT INTO tenants (slug, name, legal_name, contact_email, website) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [t.slug, t.name, t.legalName ?? null, t.contactEmail ?? null, t.website ?? null],
  );
  return rows[0]!;
}

export async function findTenantBySlug(db: Db, slug: string): Promise<TenantRow | undefined> {
  const { rows } = await db.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE slug = $1`, [slug]);
  return rows[0];
}

export async function findTenant(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<TenantRow | undefined> {
  const { rows } = await db.query<TenantRow>(`SELECT ${COLUMNS} FROM tenants WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export async function updateTenant(db: Db, id: string, t: TenantRow): Promise<TenantRow> {
  const { rows } = await db.query<TenantRow>(
    `UPDATE tenants SET name = $2, legal_name = $3, contact_email = $4, website = $5, settings = $6, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, t.name, t.legal_name, t.contact_email, t.website, JSON.stringify(t.settings)],
  );
  return rows[0]!;
}
