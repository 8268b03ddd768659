import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../testing/test-app.ts';

// The console's files as the API serves them, from a stand-in build (the real one is built and
// driven in a browser by console/src/e2e/console.int.test.ts).

let built: TestApp;
let unbuilt: TestApp;
let siteDir: string;

beforeAll(async () => {
  siteDir = await mkdtemp(path.join(os.tmpdir(), 'console-site-'));
  await mkdir(path.join(siteDir, 'assets'));
  await writeFile(path.join(siteDir, 'index.html'), '<!doctype html><title>console</title>');
  await writeFile(path.join(siteDir, 'assets/index-abc.js'), 'console.log(1)');
  built = await createTestApp({ CONSOLE_SITE_DIR: siteDir });
  unbuilt = await createTestApp({ CONSOLE_SITE_DIR: path.join(siteDir, 'nothing-here') });
});
afterAll(async () => {
  await built.close();
  await unbuilt.close();
  await rm(siteDir, { recursive: true, force: true });
});

describe('the console at /console/', () => {
  it('serves its page with the console CSP, connecting to the API itself only', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/console/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.body).toContain('<title>console</title>');
  });

  it('redirects /console to /console/ and caches hashed assets for good', async () => {
    const redirect = await built.app.inject({ method: 'GET', url: '/console' });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('/console/');
    const asset = await built.app.inject({ method: 'GET', url: '/console/assets/index-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('answers a missing file or a path outside the build with a 404 in the error shape', async () => {
    for (const url of ['/console/assets/nope.js', '/console/../package.json', '/console/%2e%2e/api/.env']) {
      const res = await built.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(errorCode(res)).toBe('not_found');
    }
  });

  it('says how to build the console when it is not built', async () => {
    const res = await unbuilt.app.inject({ method: 'GET', url: '/console/' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('npm run build -w @loyalty/console');
  });
});
