import type { Db } from '../../db/pool.ts';
import type { Actor } from '../auth/principal.ts';

export interface AuditRecord {
  tenantId: string;
  actor: Actor;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

/** Written in the same transaction as the change it describes. */
export async function recordAudit(tx: Db, r: AuditRecord): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (tenant_id, actor_type, actor_id, action, entity_type, entity_id, before, after, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [r.tenantId, r.actor.type, r.actor.id, r.action, r.entityType, r.entityId,
      r.before === undefined ? null : JSON.stringify(r.before), r.after === undefined ? null : JSON.stringify(r.after), r.requestId ?? null],
  );
}

export interface AuditRow {
  id: string;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
  created_at: Date;
}

export async function listAudit(
  tx: Db,
  q: { beforeId?: string; limit: number; action?: string; entityType?: string; entityId?: string },
): Promise<AuditRow[]> {
  const { rows } = await tx.query<AuditRow>(
    `SELECT id, actor_type, actor_id, action, entity_type, entity_id, before, after, request_id, created_at
       FROM audit_log
      WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR action = $2)
        AND ($3::text IS NULL OR entity_type = $3) AND ($4::text IS NULL OR entity_id = $4)
      ORDER BY id DESC LIMIT $5`,
    [q.beforeId ?? null, q.action ?? null, q.entityType ?? null, q.entityId ?? null, q.limit],
  );
  return rows;
}
