import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { onboard, type TenantSession } from '../../../api/src/testing/test-app.ts';
import { createTemporalFixture, type TemporalFixture } from '../testing/temporal-fixture.ts';
import { idempotencyRetentionWorkflow } from './workflows.ts';

// Idempotency-Key retention on Temporal: keys past IDEMPOTENCY_TTL_HOURS go, in every tenant,
// page by page; keys still inside it stay and still replay.

let f: TemporalFixture;
let tenants: TenantSession[];

beforeAll(async () => {
  f = await createTemporalFixture();
  tenants = [await onboard(f.t.app), await onboard(f.t.app)];
});
afterAll(() => f?.close());

const createProgram = (session: TenantSession, key: string) =>
  f.t.app.inject({
    method: 'POST',
    url: '/v1/programs',
    headers: { ...session.auth, 'idempotency-key': key },
    payload: { name: 'Kept', currency: 'EUR', timezone: 'UTC' },
  });

async function keysLeft(keys: string[]): Promise<string[]> {
  const { rows } = await f.t.ownerPool.query('SELECT key FROM idempotency_keys WHERE key = ANY($1) ORDER BY key', [
    keys,
  ]);
  return rows.map((r) => r.key as string);
}

it('deletes the keys past their time to live in every tenant, in pages, and keeps the others', async () => {
  const expired = [...Array(5)].map((_, i) => `old-${i}-${randomUUID()}`);
  const live = [`live-a-${randomUUID()}`, `live-b-${randomUUID()}`];
  for (const [i, key] of [...expired, ...live].entries()) {
    expect((await createProgram(tenants[i % 2]!, key)).statusCode).toBe(201);
  }
  const ttlHours = f.t.config.IDEMPOTENCY_TTL_HOURS;
  await f.t.ownerPool.query(
    'UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $2::int, mins => 1) WHERE key = ANY($1)',
    [expired, ttlHours],
  );
  // Just inside the time to live: must stay.
  await f.t.ownerPool.query(
    "UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $2::int) + interval '5 minutes' WHERE key = $1",
    [live[0], ttlHours],
  );

  const worker = await f.worker({}, 2);
  const result = await worker.runUntil(
    f.client.workflow.execute(idempotencyRetentionWorkflow, {
      taskQueue: f.taskQueue,
      workflowId: `idempotency-retention-${randomUUID()}`,
      args: [{}],
    }),
  );

  expect(result.keysDeleted).toBeGreaterThanOrEqual(expired.length);
  expect(result.tenantsVisited).toBeGreaterThanOrEqual(2);
  expect(await keysLeft([...expired, ...live])).toEqual([...live].sort());
  const replay = await createProgram(tenants[1]!, live[0]!); // the 6th key: the second tenant's
  expect(replay.headers['idempotent-replayed']).toBe('true');
});
