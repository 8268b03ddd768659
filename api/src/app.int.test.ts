import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { createPool } from './db/pool.ts';
import { runMigrations } from './db/migrate.ts';
import { seedDemoTenant } from './modules/tenants/demo-tenant.ts';
import { createTestApp, type TestApp } from './testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('migrations and demo tenant', () => {
  it('re-running migrations applies nothing', async () => {
    const again = await runMigrations(t.config.DATABASE_URL);
    expect(again.applied).toEqual([]);
    expect(again.version).toBeGreaterThanOrEqual(2);
  });

  it('seeding the demo tenant twice leaves exactly one', async () => {
    const first = await seedDemoTenant(t.pool, t.prisma, t.config, 'a demo password');
    const second = await seedDemoTenant(t.pool, t.prisma, t.config, 'a demo password');
    expect(first.created).toBe(true);
    expect(second).toEqual({ tenantId: first.tenantId, programId: first.programId, created: false });
    const { rows } = await t.ownerPool.query("SELECT count(*)::int AS n FROM tenants WHERE slug = 'demo'");
    expect(rows[0].n).toBe(1);
  });

  it('the database refuses a slug that is not a DNS label', async () => {
    await expect(t.ownerPool.query("INSERT INTO tenants (slug, name) VALUES ('Not A Slug', 'x')")).rejects.toThrow(
      /check constraint/,
    );
  });
});

describe('health endpoints', () => {
  it('answers liveness', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness after checking Postgres', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json().checks.postgres.ok).toBe(true);
  });

  it('reports readiness failure as 503 with the error shape when Postgres is unreachable', async () => {
    const deadPool = createPool('postgres://nobody@127.0.0.1:1/none', 1);
    const deadApp = await buildApp({ config: t.config, pool: deadPool });
    try {
      const res = await deadApp.inject({ method: 'GET', url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('not_ready');
    } finally {
      await deadApp.close();
      await deadPool.end();
    }
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /nope' } });
  });
});
