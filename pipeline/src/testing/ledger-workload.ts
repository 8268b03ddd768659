import { apiKey, member, onboard, program, type TestApp } from '../../../api/src/testing/test-app.ts';

// Real ledger traffic through the API (inject), so the outbox holds exactly what production
// writes: member_created, transaction_created + points_* per posting, program events.

export interface Tenant {
  tenantId: string;
  programId: string;
  members: string[];
  auth: Record<string, string>;
}

export async function seedTenant(t: TestApp, members: number): Promise<Tenant> {
  const session = await onboard(t.app);
  const key = await apiKey(t.app, session, [
    'programs:write',
    'members:read',
    'members:write',
    'points:read',
    'points:earn',
    'points:redeem',
  ]);
  const programId = await program(t.app, key.auth);
  const ids = await Promise.all(Array.from({ length: members }, () => member(t.app, key.auth, programId)));
  return { tenantId: session.tenantId, programId, members: ids, auth: key.auth };
}

async function post(t: TestApp, tenant: Tenant, url: string, points: number): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url, headers: tenant.auth, payload: { points } });
  if (res.statusCode !== 201) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`);
}

/**
 * `rounds` rounds; each earns for every member at once (concurrent transactions, so outbox ids
 * interleave and commit out of order), then redeems a little from every other member.
 */
export async function postActivity(t: TestApp, tenant: Tenant, rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      tenant.members.map((m, i) => post(t, tenant, `/v1/members/${m}/points/earn`, 10 + ((round * 7 + i * 13) % 90))),
    );
    await Promise.all(
      tenant.members
        .filter((_, i) => i % 2 === round % 2)
        .map((m) => post(t, tenant, `/v1/members/${m}/points/redeem`, 3 + (round % 5))),
    );
  }
}

export interface PostgresTotals {
  outbox: number;
  unpublished: number;
  postings: number;
  points: number;
}

export async function postgresTotals(t: TestApp, tenantId: string): Promise<PostgresTotals> {
  const { rows } = await t.ownerPool.query<{ outbox: number; unpublished: number; postings: number; points: string }>(
    `SELECT (SELECT count(*)::int FROM outbox WHERE tenant_id = $1) AS outbox,
            (SELECT count(*)::int FROM outbox WHERE tenant_id = $1 AND published_at IS NULL) AS unpublished,
            (SELECT count(*)::int FROM postings WHERE tenant_id = $1) AS postings,
            (SELECT coalesce(sum(points), 0) FROM postings WHERE tenant_id = $1) AS points`,
    [tenantId],
  );
  const r = rows[0]!;
  return { outbox: r.outbox, unpublished: r.unpublished, postings: r.postings, points: Number(r.points) };
}

/** A tenant's outbox in id order: the order the relay must keep per member. */
export async function outboxOrder(
  t: TestApp,
  tenantId: string,
): Promise<{ id: number; eventId: string; memberId: string | null }[]> {
  const { rows } = await t.ownerPool.query<{ id: string; event_id: string; member_id: string | null }>(
    'SELECT id, event_id, member_id FROM outbox WHERE tenant_id = $1 ORDER BY id',
    [tenantId],
  );
  return rows.map((r) => ({ id: Number(r.id), eventId: r.event_id, memberId: r.member_id }));
}
