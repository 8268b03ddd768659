import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, member, onboard, program, type TestApp } from '../../testing/test-app.ts';
import { demoHistoryStatus, markDemoHistory, tryLockDemoHistory } from './demo-history-status.ts';

// What `npm start` reads before it fills in the demo history behind the running platform.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function tenantWithProgram() {
  const tenant = await onboard(t.app);
  return { tenant, tenantId: tenant.tenantId, programId: await program(t.app, tenant.auth) };
}

describe('demo history status', () => {
  it('is none, then interrupted once started, then completed; the marks are in the audit log', async () => {
    const { tenant, tenantId, programId } = await tenantWithProgram();
    expect(await demoHistoryStatus(t.pool, tenantId, programId)).toEqual({ state: 'none' });

    await markDemoHistory(t.pool, tenantId, programId, 'started', { members: 10, days: 5, seed: 1 });
    expect(await demoHistoryStatus(t.pool, tenantId, programId)).toEqual({
      state: 'interrupted',
      startedAt: expect.any(Date),
    });

    await markDemoHistory(t.pool, tenantId, programId, 'completed', { purchases: 3 });
    expect(await demoHistoryStatus(t.pool, tenantId, programId)).toEqual({
      state: 'completed',
      at: expect.any(Date),
      totals: { purchases: 3 },
    });
    const audit = await t.app.inject({ method: 'GET', url: '/v1/audit-log', headers: tenant.auth });
    expect(audit.json().data.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['demo_history.started', 'demo_history.completed']),
    );
  });

  it('calls orders written without marks (an earlier version) present', async () => {
    const { tenant, tenantId, programId } = await tenantWithProgram();
    const memberId = await member(t.app, tenant.auth, programId);
    const purchase = { amount: 100, currency: 'EUR', occurredAt: new Date().toISOString() };
    const res = await t.app.inject({
      method: 'POST',
      url: `/v1/programs/${programId}/transactions`,
      headers: tenant.auth,
      payload: { memberId, orderId: 'o-1', purchase },
    });
    expect(res.statusCode).toBe(201);
    expect(await demoHistoryStatus(t.pool, tenantId, programId)).toEqual({ state: 'present' });
  });

  it('lets one run at a time hold the lock, until it releases it', async () => {
    const { programId } = await tenantWithProgram();
    const first = await tryLockDemoHistory(t.pool, programId);
    expect(first).toBeDefined();
    expect(await tryLockDemoHistory(t.pool, programId)).toBeUndefined();
    await first!.release();
    const again = await tryLockDemoHistory(t.pool, programId);
    expect(again).toBeDefined();
    await again!.release();
  });
});
