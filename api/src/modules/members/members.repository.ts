import type { Db } from '../../db/pool.ts';

export interface MemberRow {
  id: string;
  seq: string;
  tenant_id: string;
  program_id: string;
  external_id: string;
  pii: Buffer | null;
  birth_month: number | null;
  attributes: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  available: string;
  pending: string;
  lifetime_earned: string;
  lifetime_redeemed: string;
}

const SELECT = `SELECT m.id, m.seq, m.tenant_id, m.program_id, m.external_id, m.pii, m.birth_month, m.attributes, m.created_at, m.updated_at,
                       b.available, b.pending, b.lifetime_earned, b.lifetime_redeemed
                  FROM members m JOIN member_balances b ON b.member_id = m.id`;

export async function insertMember(
  db: Db,
  m: {
    id: string;
    tenantId: string;
    programId: string;
    externalId: string;
    pii: Buffer;
    birthMonth: number | null;
    attributes: Record<string, unknown>;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO members (id, tenant_id, program_id, external_id, pii, birth_month, attributes) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [m.id, m.tenantId, m.programId, m.externalId, m.pii, m.birthMonth, JSON.stringify(m.attributes)],
  );
  await db.query('INSERT INTO member_balances (member_id, tenant_id) VALUES ($1, $2)', [m.id, m.tenantId]);
}

export async function findMember(
  db: Db,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<MemberRow | undefined> {
  const { rows } = await db.query<MemberRow>(
    `${SELECT} WHERE m.id = $1 AND m.deleted_at IS NULL${opts.forUpdate ? ' FOR UPDATE OF m' : ''}`,
    [id],
  );
  return rows[0];
}

export async function findMemberByExternalId(
  db: Db,
  programId: string,
  externalId: string,
): Promise<MemberRow | undefined> {
  const { rows } = await db.query<MemberRow>(
    `${SELECT} WHERE m.program_id = $1 AND m.external_id = $2 AND m.deleted_at IS NULL`,
    [programId, externalId],
  );
  return rows[0];
}

export async function listMembers(
  db: Db,
  programId: string,
  afterSeq: string | undefined,
  limit: number,
): Promise<MemberRow[]> {
  const { rows } = await db.query<MemberRow>(
    `${SELECT} WHERE m.tenant_id = current_tenant_id() AND m.program_id = $1 AND m.deleted_at IS NULL
       AND ($2::bigint IS NULL OR m.seq > $2)
     ORDER BY m.seq LIMIT $3`,
    [programId, afterSeq ?? null, limit],
  );
  return rows;
}

export async function updateMemberProfile(
  db: Db,
  id: string,
  m: { pii: Buffer; birthMonth: number | null; attributes: Record<string, unknown> },
): Promise<void> {
  await db.query('UPDATE members SET pii = $2, birth_month = $3, attributes = $4, updated_at = now() WHERE id = $1', [
    id,
    m.pii,
    m.birthMonth,
    JSON.stringify(m.attributes),
  ]);
}

/**
 * Deletion erases personal data: the profile, the attributes, and the external id (often an
 * e-mail; replaced by a placeholder, which frees it for a new sign-up like the unique index's
 * `deleted_at IS NULL` does). The row and the ledger history stay, as accounting requires; what
 * remains is keyed by the member's UUID, which no longer leads to a person.
 */
export async function softDeleteMember(db: Db, id: string): Promise<void> {
  await db.query(
    `UPDATE members SET deleted_at = now(), external_id = 'erased:' || id::text, pii = NULL, birth_month = NULL,
            attributes = '{}', updated_at = now()
      WHERE id = $1`,
    [id],
  );
}
