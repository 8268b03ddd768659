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
