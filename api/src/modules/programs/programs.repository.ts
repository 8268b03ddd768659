import type { PrismaTx } from '../../db/prisma.ts';
import type { Db } from '../../db/pool.ts';
import type { Program } from '../../generated/prisma/client.ts';

import type { ProgramSettings } from '@loyalty/shared';

export function programView(p: Program) {
  return {
    id: p.id,
    name: p.name,
    currency: p.currency,
    timezone: p.timezone,
    // Settings added later are absent from older rows: their defaults.
    settings: { analyticsAttributes: [], ...(p.settings as object) } as unknown as ProgramSettings,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
export type ProgramView = ReturnType<typeof programView>;

export const programsRepository = {
  list: (tx: PrismaTx) => tx.program.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  find: (tx: PrismaTx, id: string) => tx.program.findUnique({ where: { id } }),
  /** Serializes concurrent updates of one program, so a settings merge never loses a write. */
  lock: (tx: PrismaTx, id: string) => tx.$executeRaw`SELECT 1 FROM programs WHERE id = ${id}::uuid FOR UPDATE`,
  create: (
    tx: PrismaTx,
    p: { tenantId: string; name: string; currency: string; timezone: string; settings: ProgramSettings },
  ) => tx.program.create({ data: { ...p, settings: { ...p.settings } } }),
  update: (tx: PrismaTx, id: string, p: { name: string; timezone: string; settings: ProgramSettings }) =>
    tx.program.update({ where: { id }, data: { ...p, settings: { ...p.settings }, updatedAt: new Date() } }),
};

/** For other modules (members, the demo seed), which work in plain SQL transactions. */
export async function programExists(db: Db, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM programs WHERE id = $1', [id]);
  return rows.length > 0;
}

/** Every program of the transaction's tenant, oldest first (background chores visit each). */
export async function programIds(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM programs ORDER BY created_at, id');
  return rows.map((r) => r.id);
}

/**
 * The custom attribute keys the program declares free of personal data (the only ones member
 * events carry); undefined when there is no such program. Share-locked: a change of the list
 * (which takes the program's row lock and republishes every member) waits for the member
 * writes that read the old list, and later ones read the new list.
 */
export async function programAnalyticsAttributes(db: Db, id: string): Promise<string[] | undefined> {
  const { rows } = await db.query<{ keys: string[] }>(
    "SELECT coalesce(settings -> 'analyticsAttributes', '[]'::jsonb) AS keys FROM programs WHERE id = $1 FOR SHARE",
    [id],
  );
  return rows[0]?.keys;
}

export async function insertProgramSql(
  db: Db,
  p: { tenantId: string; name: string; currency: string; timezone: string; settings: ProgramSettings },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO programs (tenant_id, name, currency, timezone, settings) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [p.tenantId, p.name, p.currency, p.timezone, JSON.stringify(p.settings)],
  );
  return rows[0]!.id;
}
