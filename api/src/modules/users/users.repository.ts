import type { Db } from '../../db/pool.ts';

export interface UserRow {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  disabled_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, tenant_id, email, name, password_hash, role, disabled_at, created_at';

export async function insertUser(db: Db, u: { tenantId: string; email: string; name: string; passwordHash: string; role: string }): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `INSERT INTO users (tenant_id, email, name, password_hash, role) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [u.tenantId, u.email, u.name, u.passwordHash, u.role],
  );
  return rows[0]!;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [email]);
  return rows[0];
}

export async function findUser(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY created_at, id`);
  return rows;
}

export async function setUserRoleAndStatus(db: Db, id: string, role: string, disabled: boolean): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `UPDATE users SET role = $2, disabled_at = CASE WHEN $3 THEN coalesce(disabled_at, now()) ELSE NULL END, updated_at = now()
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, role, disabled],
  );
  return rows[0]!;
}

export function userView(u: UserRow) {
  return { id: u.id, email: u.email, name: u.name, role: u.role, createdAt: u.created_at.toISOString(), disabled: u.disabled_at !== null };
}
