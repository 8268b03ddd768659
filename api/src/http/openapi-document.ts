import { fileURLToPath } from 'node:url';
import type { OpenAPIV3_1 } from 'openapi-types';
import { buildApp } from '../app.ts';
import { loadApiConfig } from '../config.ts';
import { createPool } from '../db/pool.ts';

// The OpenAPI document comes from the routes' declarations alone, so it can be built without a
// running server or database: the committed snapshot is written from here, and a test checks
// that the served document still equals it.

/** The committed snapshot: what clients and reviewers read without starting the API. */
export const OPENAPI_SNAPSHOT_PATH = fileURLToPath(new URL('../../openapi.json', import.meta.url));

export const OPENAPI_SNAPSHOT_COMMAND = 'npm run openapi:snapshot';

// Placeholders that satisfy the config schema: nothing is signed, encrypted or connected while
// the routes register. Port 1 refuses at once (Prisma's start-up probe tolerates that).
const DOCUMENT_ONLY_ENV = {
  DATABASE_URL: 'postgres://openapi@127.0.0.1:1/none',
  AUTH_TOKEN_SECRET: 'openapi-document-only-not-a-secret-0000',
  MEMBER_PII_KEY: Buffer.alloc(32).toString('base64'),
  LOG_LEVEL: 'silent',
};

/** Builds the app without listening and returns the document it would serve at /openapi.json. */
export async function buildOpenApiDocument(): Promise<OpenAPIV3_1.Document> {
  const config = loadApiConfig(DOCUMENT_ONLY_ENV);
  const pool = createPool(config.DATABASE_URL, 1);
  const app = await buildApp({ config, pool });
  try {
    await app.ready();
    return app.swagger() as OpenAPIV3_1.Document;
  } finally {
    await app.close();
    await pool.end();
  }
}
