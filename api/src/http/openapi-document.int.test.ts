import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { OPENAPI_SNAPSHOT_COMMAND, OPENAPI_SNAPSHOT_PATH } from './openapi-document.ts';

// The committed snapshot is the contract people review and generate clients from; it must be
// exactly what the running API serves, so a route change without a new snapshot fails here.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

/** The parts of the document (an operation, a component) that differ, as readable names. */
function driftedParts(served: Record<string, unknown>, committed: Record<string, unknown>): string[] {
  const parts = (doc: Record<string, unknown>) => {
    const paths = (doc.paths ?? {}) as Record<string, Record<string, unknown>>;
    const schemas = ((doc.components as { schemas?: Record<string, unknown> })?.schemas ?? {}) as Record<
      string,
      unknown
    >;
    const entries: [string, unknown][] = Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, op]): [string, unknown] => [`${method.toUpperCase()} ${path}`, op]),
    );
    entries.push(...Object.entries(schemas).map(([name, schema]): [string, unknown] => [`schema ${name}`, schema]));
    const rest = { ...doc, paths: undefined, components: { ...(doc.components as object), schemas: undefined } };
    entries.push(['the rest of the document', rest]);
    return new Map(entries.map(([name, value]) => [name, JSON.stringify(value)]));
  };
  const a = parts(served);
  const b = parts(committed);
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => a.get(name) !== b.get(name)).sort();
}

describe('the OpenAPI snapshot', () => {
  it('equals the document the API serves', async () => {
    const served = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const committed = JSON.parse(await readFile(OPENAPI_SNAPSHOT_PATH, 'utf8'));
    const drift = driftedParts(served, committed);
    expect(
      drift,
      `api/openapi.json is out of date with the routes; run \`${OPENAPI_SNAPSHOT_COMMAND}\` and commit it`,
    ).toEqual([]);
  });
});
