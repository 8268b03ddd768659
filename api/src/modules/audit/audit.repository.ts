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
    [
      r.tenantId,
      r.actor.type,
      r.actor.id,
      r.action,
      r.entityType,
      r.entityId,
      r.before === undefined ? null : JSON.stringify(r.before),
      r.after === undefined ? null : JSON.stringify(r.after),
      r.requestId ?? null,
    ],
  );
}

export interface AuditEntry {
  action: string;
  after: unknown;
  createdAt: Date;
}

/** The entity's entries with one of these actions, oldest first (in the tenant of the transaction). */
export async function findAuditEntries(
  tx: Db,
  q: { entityType: string; entityId: string; actions: string[] },
): Promise<AuditEntry[]> {
  const { rows } = await tx.query<{ action: string; after: unknown; created_at: Date }>(
    `SELECT action, after, created_at FROM audit_log
      WHERE entity_type = $1 AND entity_id = $2 AND action = ANY($3::text[]) ORDER BY id`,
    [q.entityType, q.entityId, q.actions],
  );
  return rows.map((r) => ({ action: r.action, after: r.after, createdAt: r.created_at }));
}
