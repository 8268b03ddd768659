import type pg from 'pg';

export interface TenantRow {
  id: string;
  slug: string;
  name: string;
  created_at: Date;
}

/** Creates the tenant unless one with that slug exists; either way returns the stored row. */
export async function ensureTenant(db: pg.Pool | pg.PoolClient, slug: string, name: string): Promise<TenantRow> {
  const inserted = await db.query<TenantRow>(
    `INSERT INTO tenants (slug, name) VALUES ($1, $2)
     ON CONFLICT (slug) DO NOTHING
     RETURNING id, slug, name, created_at`,
    [slug, name],
  );
  if (inserted.rows[0]) return inserted.rows[0];
  const existing = await db.query<TenantRow>('SELECT id, slug, name, created_at FROM tenants WHERE slug = $1', [slug]);
  return existing.rows[0]!;
}
