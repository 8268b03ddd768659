import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';

// Test helpers for the rewards integration tests. Tiers and campaigns are written straight to
// the database (as the owner): these tests are about rewards, not the tier or campaign APIs.

type Auth = Record<string, string>;

export async function createReward(
  app: FastifyInstance,
  auth: Auth,
  programId: string,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { id: string }> {
  const res = await app.inject({
    method: 'POST',
    url: `/v1/programs/${programId}/rewards`,
    headers: auth,
    payload: { name: 'Free coffee', type: 'physical', pointsCost: 100, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`reward creation failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

export async function earn(app: FastifyInstance, auth: Auth, memberId: string, points: number): Promise<void> {
  const res = await app.inject({
    method: 'POST',
    url: `/v1/members/${memberId}/points/earn`,
    headers: auth,
    payload: { points },
  });
  if (res.statusCode !== 201) throw new Error(`earn failed: ${res.statusCode} ${res.body}`);
}

export function redeem(
  app: FastifyInstance,
  auth: Auth,
  memberId: string,
  rewardId: string,
  extra: Record<string, unknown> = {},
) {
  return app.inject({
    method: 'POST',
    url: `/v1/members/${memberId}/redemptions`,
    headers: auth,
    payload: { rewardId, ...extra },
  });
}

export async function insertTier(
  owner: pg.Pool,
  tenantId: string,
  programId: string,
  name: string,
  threshold: number,
): Promise<string> {
  const { rows } = await owner.query<{ id: string }>(
    'INSERT INTO tiers (tenant_id, program_id, name, threshold) VALUES ($1, $2, $3, $4) RETURNING id',
    [tenantId, programId, `${name} ${randomUUID().slice(0, 6)}`, threshold],
  );
  return rows[0]!.id;
}

export async function setMemberTier(owner: pg.Pool, memberId: string, tierId: string | null): Promise<void> {
  await owner.query('UPDATE member_balances SET tier_id = $2 WHERE member_id = $1', [memberId, tierId]);
}

export async function insertCampaign(
  owner: pg.Pool,
  tenantId: string,
  programId: string,
  c: { state: 'draft' | 'published' | 'cancelled'; startsAt: Date; endsAt: Date },
): Promise<string> {
  const { rows } = await owner.query<{ id: string }>(
    `INSERT INTO campaigns (tenant_id, program_id, name, state, starts_at, ends_at, definition) VALUES ($1, $2, 'Spring', $3, $4, $5, '{}') RETURNING id`,
    [tenantId, programId, c.state, c.startsAt, c.endsAt],
  );
  return rows[0]!.id;
}

/** The balance projection against the ledger: available, and the sum of the member's entries. */
export async function ledgerTotals(owner: pg.Pool, memberId: string): Promise<{ available: number; entries: number }> {
  const { rows } = await owner.query<{ available: string; entries: string | null }>(
    `SELECT b.available, (SELECT sum(amount) FROM ledger_entries WHERE account = 'member_available' AND account_id = $1) AS entries
       FROM member_balances b WHERE b.member_id = $1`,
    [memberId],
  );
  return { available: Number(rows[0]!.available), entries: Number(rows[0]!.entries ?? 0) };
}

export async function rewardStock(owner: pg.Pool, rewardId: string): Promise<number | null> {
  return (await owner.query<{ stock: number | null }>('SELECT stock FROM rewards WHERE id = $1', [rewardId])).rows[0]!
    .stock;
}

/** The tenant's outbox events, oldest first, as the relay would publish them. */
export async function outboxEvents(
  owner: pg.Pool,
  tenantId: string,
): Promise<{ type: string; memberId: string | null; data: Record<string, unknown> }[]> {
  const { rows } = await owner.query<{
    type: string;
    member_id: string | null;
    payload: { data: Record<string, unknown> };
  }>('SELECT type, member_id, payload FROM outbox WHERE tenant_id = $1 ORDER BY id', [tenantId]);
  return rows.map((r) => ({ type: r.type, memberId: r.member_id, data: r.payload.data }));
}

export async function auditActions(owner: pg.Pool, tenantId: string, entityId: string): Promise<string[]> {
  const { rows } = await owner.query<{ action: string }>(
    'SELECT action FROM audit_log WHERE tenant_id = $1 AND entity_id = $2 ORDER BY id',
    [tenantId, entityId],
  );
  return rows.map((r) => r.action);
}
