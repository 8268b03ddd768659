import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { buildApp } from './app.ts';
import { createPool } from './db/pool.ts';
import { runMigrations } from './db/migrate.ts';
import { seedDemoTenant } from './modules/tenants/demo-tenant.ts';

const databaseUrl = inject('stackEnv').DATABASE_URL!;
let pool: pg.Pool;
let app: FastifyInstance;

beforeAll(async () => {
  await runMigrations(databaseUrl);
  pool = createPool(databaseUrl, 4);
  app = await buildApp({ config: { LOG_LEVEL: 'silent' }, pool });
});
afterAll(async () => {
  await app?.close();
  await pool?.end();
});

describe('migrations and demo tenant', () => {
  it('re-running migrations applies nothing', async () => {
    const again = await runMigrations(databaseUrl);
    expect(again.applied).toEqual([]);
    expect(again.version).toBeGreaterThanOrEqual(1);
  });

  it('seeding the demo tenant twice leaves exactly one', async () => {
    const first = await seedDemoTenant(pool);
    const second = await seedDemoTenant(pool);
    expect(second.id).toBe(first.id);
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM tenants WHERE slug = 'demo'");
    expect(rows[0].n).toBe(1);
  });

  it('the database refuses a slug that is not a DNS label', async () => {
    await expect(pool.query("INSERT INTO tenants (slug, name) VALUES ('Not A Slug', 'x')")).rejects.toThrow(/check constraint/);
  });
});

describe('health endpoints', () => {
  it('answers liveness', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness after checking Postgres', async () => {
    const res = await app.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json().checks.postgres.ok).toBe(true);
  });

  it('reports readiness failure as 503 with the error shape when Postgres is unreachable', async () => {
    const deadPool = createPool('postgres://nobody@127.0.0.1:1/none', 1);
    const deadApp = await buildApp({ config: { LOG_LEVEL: 'silent' }, pool: deadPool });
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
    const res = await app.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /nope' } });
  });
});
