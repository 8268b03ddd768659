import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';

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
