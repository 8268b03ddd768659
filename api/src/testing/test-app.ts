import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type pg from 'pg';
import { buildApp } from '../app.ts';
import { appDatabaseUrl, loadApiConfig, type ApiConfig } from '../config.ts';
import { runMigrations } from '../db/migrate.ts';
import { createPool } from '../db/pool.ts';
import { createPrisma, type Prisma } from '../db/prisma.ts';

// Integration tests drive the real app through HTTP (inject) against the run's Postgres.

export interface TestApp {
  app: FastifyInstance;
  pool: pg.Pool;
  /** Connects as the database owner, bypassing row-level security, to check what was written. */
  ownerPool: pg.Pool;
  prisma: Prisma;
  config: ApiConfig;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const config = loadApiConfig({ ...inject('stackEnv'), LOG_LEVEL: 'silent', ...overrides });
  await runMigrations(config.DATABASE_URL);
  const pool = createPool(appDatabaseUrl(config), 20);
  const ownerPool = createPool(config.DATABASE_URL, 4);
  const app = await buildApp({ config, pool });
  await app.ready();
  const prisma = await createPrisma(pool);
  return {
    app,
    pool,
    ownerPool,
    prisma,
    config,
    async close() {
      await app.close();
      await prisma.$disconnect();
      await pool.end();
      await ownerPool.end();
    },
  };
}

export interface TenantSession {
  tenantId: string;
  slug: string;
  ownerId: string;
  accessToken: string;
  refreshToken: string;
  auth: { authorization: string };
}

export const OWNER_PASSWORD = 'correct horse battery staple';

export async function onboard(app: FastifyInstance, slug = `t-${randomUUID().slice(0, 8)}`): Promise<TenantSession> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/onboarding',
    payload: {
      tenant: { slug, name: `Tenant ${slug}` },
      owner: { email: `owner@${slug}.example`, name: 'Owner', password: OWNER_PASSWORD },
    },
  });
  if (res.statusCode !== 201) throw new Error(`onboarding failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return {
    tenantId: body.tenant.id,
    slug,
    ownerId: body.ownerId,
    accessToken: body.tokens.accessToken,
    refreshToken: body.tokens.refreshToken,
    auth: { authorization: `Bearer ${body.tokens.accessToken}` },
  };
}

export async function apiKey(
  app: FastifyInstance,
  session: TenantSession,
  scopes: string[],
  extra: Record<string, unknown> = {},
): Promise<{ id: string; key: string; auth: { authorization: string } }> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/api-keys',
    headers: session.auth,
    payload: { name: 'test key', scopes, ...extra },
  });
  if (res.statusCode !== 201) throw new Error(`api key creation failed: ${res.statusCode} ${res.body}`);
  const body = res.json();
  return { id: body.id, key: body.secret, auth: { authorization: `Bearer ${body.secret}` } };
}

export async function program(
  app: FastifyInstance,
  auth: Record<string, string>,
  settings: Record<string, unknown> = {},
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/programs',
    headers: auth,
    payload: { name: 'Coffee Club', currency: 'EUR', timezone: 'Europe/Paris', settings },
  });
  if (res.statusCode !== 201) throw new Error(`program creation failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export async function member(
  app: FastifyInstance,
  auth: Record<string, string>,
  programId: string,
  body: Record<string, unknown> = {},
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: `/v1/programs/${programId}/members`,
    headers: auth,
    payload: { externalId: `c-${randomUUID()}`, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`member creation failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

/** Asserts the error shape and returns its code. */
export function errorCode(res: LightMyRequestResponse): string {
  const body = res.json();
  if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string')
    throw new Error(`not the error shape: ${res.body}`);
  return body.error.code;
}

/**
 * The usual start of a module's integration tests: an app, a tenant, a program, and (when
 * scopes are given) an API key holding them.
 */
export async function tenantWithProgram(scopes: string[] = []) {
  const t = await createTestApp();
  const tenant = await onboard(t.app);
  const auth: Record<string, string> = scopes.length > 0 ? (await apiKey(t.app, tenant, scopes)).auth : tenant.auth;
  const programId = await program(t.app, tenant.auth);
  return { t, tenant, auth, programId };
}
