import { afterAll, beforeAll, expect, it } from 'vitest';
import pg from 'pg';
import { databaseUrlAs, RELAY_DATABASE_ROLE } from '@loyalty/shared';
import { createTestApp, member, onboard, program, type TestApp } from '../testing/test-app.ts';
import { withTenant } from './tenant-tx.ts';

// The second wall behind the application's own tenant checks, checked over the whole schema:
// any table that holds tenant rows must have row-level security on and the tenant policy, so a
// table added later without them fails here rather than leaking.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

it('has row-level security and the tenant policy on every table with a tenant_id', async () => {
  const { rows } = await t.ownerPool.query<{ table: string; rls: boolean; policy: string | null }>(`
    SELECT c.relname AS table, c.relrowsecurity AS rls,
           (SELECT p.qual FROM pg_policies p WHERE p.schemaname = 'public' AND p.tablename = c.relname AND p.policyname = 'tenant_isolation') AS policy
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r'
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
     ORDER BY 1`);
  expect(rows.length).toBeGreaterThan(20);
  const unguarded = rows.filter((r) => !r.rls || !r.policy?.includes('current_tenant_id()'));
  expect(unguarded).toEqual([]);
});

it('runs the API as a role that row-level security applies to', async () => {
  const { rows } = await t.ownerPool.query("SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = 'loyalty_app'");
  expect(rows).toEqual([{ rolbypassrls: false, rolsuper: false }]);
});

it('guards the tenants table too: a tenant sees only its own row', async () => {
  const { rows: policy } = await t.ownerPool.query(
    "SELECT c.relrowsecurity AS rls, p.qual FROM pg_class c JOIN pg_policies p ON p.tablename = c.relname WHERE c.relname = 'tenants' AND p.policyname = 'tenant_isolation'",
  );
  expect(policy).toEqual([{ rls: true, qual: '(id = current_tenant_id())' }]);
  const a = await onboard(t.app);
  await onboard(t.app);
  const seen = await withTenant(t.pool, a.tenantId, (tx) => tx.query('SELECT id FROM tenants'));
  expect(seen.rows).toEqual([{ id: a.tenantId }]);
  const none = await t.pool.query('SELECT count(*)::int AS n FROM tenants');
  expect(none.rows[0].n).toBe(0);
});

it('logs the API in as loyalty_app itself, not as a superuser that switches role', async () => {
  const { rows } = await t.pool.query('SELECT session_user, current_user');
  expect(rows).toEqual([{ session_user: 'loyalty_app', current_user: 'loyalty_app' }]);
});

it('gives the relay only the outbox: reading every tenant and marking rows published', async () => {
  const tenant = await onboard(t.app);
  await member(t.app, tenant.auth, await program(t.app, tenant.auth));
  const relay = new pg.Client({ connectionString: databaseUrlAs(t.config.DATABASE_URL, RELAY_DATABASE_ROLE) });
  await relay.connect();
  try {
    const outbox = await relay.query('SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1', [tenant.tenantId]);
    expect(outbox.rows[0].n).toBeGreaterThan(0);
    await relay.query('BEGIN');
    await relay.query('UPDATE outbox SET published_at = published_at WHERE tenant_id = $1', [tenant.tenantId]);
    await relay.query('ROLLBACK');
    for (const forbidden of [
      'SELECT 1 FROM members LIMIT 1',
      'SELECT 1 FROM tenants LIMIT 1',
      "UPDATE outbox SET payload = '{}'::jsonb WHERE false",
      'DELETE FROM outbox WHERE false',
    ]) {
      await expect(relay.query(forbidden), forbidden).rejects.toThrow(/permission denied/);
    }
  } finally {
    await relay.end();
  }
});
