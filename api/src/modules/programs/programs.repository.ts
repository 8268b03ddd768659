import type { Db } from '../../db/pool.ts';

export interface ProgramSettings {
  pointsExpiryDays: number | null;
  maxHoldDays: number;
}

export interface ProgramRow {
  id: string;
  tenant_id: string;
  name: string;
  currency: string;
  timezone: string;
  settings: ProgramSettings;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, tenant_id, name, currency, timezone, settings, created_at, updated_at';

export async function insertProgram(db: Db, p: { tenantId: string; name: string; currency: string; timezone: string; settings: ProgramSettings }): Promise<ProgramRow> {
  const { rows } = await db.query<ProgramRow>(
    `INSERT INTO programs (tenant_id, name, currency, timezone, settings) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [p.tenantId, p.name, p.currency, p.timezone, JSON.stringify(p.settings)],
  );
  return rows[0]!;
}

export async function findProgram(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<ProgramRow | undefined> {
  const { rows } = await db.query<ProgramRow>(`SELECT ${COLUMNS} FROM programs WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export async function listPrograms(db: Db): Promise<ProgramRow[]> {
  const { rows } = await db.query<ProgramRow>(`SELECT ${COLUMNS} FROM programs ORDER BY created_at, id`);
  return rows;
}

export async function updateProgram(db: Db, p: ProgramRow): Promise<ProgramRow> {
  const { rows } = await db.query<ProgramRow>(
    `UPDATE programs SET name = $2, timezone = $3, settings = $4, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
    [p.id, p.name, p.timezone, JSON.stringify(p.settings)],
  );
  return rows[0]!;
}

export function programView(p: ProgramRow) {
  return {
    id: p.id, name: p.name, currency: p.currency, timezone: p.timezone, settings: p.settings,
    createdAt: p.created_at.toISOString(), updatedAt: p.updated_at.toISOString(),
  };
}
