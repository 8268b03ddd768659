import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { createClient } from '@clickhouse/client';
import pg from 'pg';
import { loadStackConfig } from '../stack-config.ts';
import { createStack, stackDown, stackUp, StackUpError } from '../stack.ts';
import { withClient } from '../services/postgres.ts';

// Starts the real stack once per test run (or uses the services named by env URLs), gives the
// run its own fresh Postgres and ClickHouse databases, and afterwards stops only what it started.

export type StackEnv = Record<string, string>;

declare module 'vitest' {
  export interface ProvidedContext {
    stackEnv: StackEnv;
  }
}

// One database per run, so two runs on one machine (a developer and CI, parallel agents) never
// drop each other's data; each run drops its own at the end.
const TEST_DATABASE = `loyalty_test_${process.pid}`;

export default async function setup(project: TestProject) {
  const config = loadStackConfig();
  const stack = createStack(config);
  const { started } = await stackUp(stack, config).catch(async (err: unknown) => {
    // Leave nothing half-started behind a failed run.
    if (err instanceof StackUpError) await stackDown(stack, err.started);
    throw err;
  });
  const env: StackEnv = {
    ...stack.env,
    // Fresh per run, never stored: tests must not depend on any particular secret.
    AUTH_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    MEMBER_PII_KEY: randomBytes(32).toString('base64'),
    DATABASE_URL: await freshPostgresDatabase(stack.env.DATABASE_URL!, config.postgres.external !== undefined),
    CLICKHOUSE_DATABASE: await freshClickHouseDatabase(stack.env.CLICKHOUSE_URL!),
  };
  Object.assign(process.env, env);
  project.provide('stackEnv', env);
  return async () => {
    await dropTestDatabases(stack.env, config.postgres.external !== undefined).catch(() => undefined);
    if (started.length > 0) await stackDown(stack, started);
  };
}

/** A private cluster gets a fresh test database; an external DATABASE_URL is used as given. */
async function freshPostgresDatabase(url: string, external: boolean): Promise<string> {
  if (external) return url;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  await withClient(admin.toString(), async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(TEST_DATABASE)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${pg.escapeIdentifier(TEST_DATABASE)}`);
  });
  const test = new URL(url);
  test.pathname = `/${TEST_DATABASE}`;
  return test.toString();
}

async function dropTestDatabases(env: StackEnv, externalPostgres: boolean): Promise<void> {
  if (!externalPostgres) {
    const admin = new URL(env.DATABASE_URL!);
    admin.pathname = '/postgres';
    await withClient(admin.toString(), (c) =>
      c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(TEST_DATABASE)} WITH (FORCE)`),
    );
  }
  const ch = createClient({ url: env.CLICKHOUSE_URL });
  try {
    await ch.command({ query: `DROP DATABASE IF EXISTS ${TEST_DATABASE}` });
  } finally {
    await ch.close();
  }
}

async function freshClickHouseDatabase(url: string): Promise<string> {
  const ch = createClient({ url });
  try {
    await ch.command({ query: `DROP DATABASE IF EXISTS ${TEST_DATABASE}` });
    await ch.command({ query: `CREATE DATABASE ${TEST_DATABASE}` });
  } finally {
    await ch.close();
  }
  return TEST_DATABASE;
}
