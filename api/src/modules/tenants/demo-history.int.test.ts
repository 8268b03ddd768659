import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, onboard, program, type TestApp } from '../../testing/test-app.ts';
import { generateDemoHistory } from './demo-history.ts';

// The demo history generator against the real database: a small run, twice with one seed.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function run() {
  const tenant = await onboard(t.app);
  const programId = await program(t.app, tenant.auth);
  const totals = await generateDemoHistory(t.app, tenant.auth, t.pool, {
    tenantId: tenant.tenantId,
    programId,
    members: 40,
    days: 45,
    seed: 7,
  });
  return { tenant, programId, totals };
}

describe('demo history', () => {
  it('writes months of dated, consistent history, the same for the same seed', async () => {
    const first = await run();
    const second = await run();
    expect(first.totals.purchases).toBeGreaterThan(50);
    expect(first.totals.redemptions).toBeGreaterThan(0);
    expect(second.totals).toEqual(first.totals);

    const q = (sql: string) => t.ownerPool.query(sql, [first.tenant.tenantId]).then((r) => r.rows);
    const [orders] = await q(
      'SELECT count(*)::int AS n, count(DISTINCT created_at::date)::int AS days FROM orders WHERE tenant_id = $1',
    );
    expect(orders.n).toBe(first.totals.purchases);
    // Postings carry the simulated dates, spread over the period, none in the future.
    const [spread] = await q(
      'SELECT count(DISTINCT created_at::date)::int AS days, max(created_at) <= now() AS past FROM postings WHERE tenant_id = $1',
    );
    expect(spread.days).toBeGreaterThan(20);
    expect(spread.past).toBe(true);
    // Every balance equals its ledger.
    const mismatched = await q(`
      SELECT b.member_id FROM member_balances b
        LEFT JOIN (SELECT account_id, sum(amount) AS total FROM ledger_entries WHERE account = 'member_available' GROUP BY account_id) e ON e.account_id = b.member_id
       WHERE b.tenant_id = $1 AND b.available <> coalesce(e.total, 0)`);
    expect(mismatched).toEqual([]);
    const [tiers] = await q('SELECT count(*)::int AS n FROM tier_history WHERE tenant_id = $1');
    expect(tiers.n).toBeGreaterThan(0);
  });
});
