import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../api/src/testing/test-app.ts';
import { buildSite } from './build-site.ts';
import { SITE_DIR } from './site-paths.ts';

// The built site as the API serves it. VitePress's build already fails on a dead link between
// pages; this checks what it cannot see: every link and asset of every built page (the sidebar
// and nav included) answers through the API, anchors exist in their target page, and links that
// leave the site (the API reference at /docs, /openapi.json) reach the API's own routes.

// The local address the pages name for readers; checked as a path of the API under test.
const LOCAL_API = 'http://127.0.0.1:3001';
// Where a link may leave the site: the API reference and document (answer 200), and API routes,
// which answer without credentials (401) or with another method (405), but never 404.
const API_PAGES = [/^\/docs$/, /^\/openapi\.json$/];
const API_ROUTES = /^\/v1\//;

let t: TestApp;
beforeAll(async () => {
  await buildSite();
  t = await createTestApp();
}, 120_000);
afterAll(() => t?.close());

function htmlFiles(dir = SITE_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? htmlFiles(path.join(dir, e.name)) : e.name.endsWith('.html') ? [path.join(dir, e.name)] : [],
  );
}

const decode = (value: string) =>
  value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

/** Every href and src of a page, as absolute URLs of the site. */
function linksOf(file: string): URL[] {
  const page = new URL(`/guide/${path.relative(SITE_DIR, file)}`, LOCAL_API);
  const values = [...readFileSync(file, 'utf8').matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decode(m[1]!));
  return values.filter((v) => v !== '' && !/^(mailto|javascript|data):/.test(v)).map((v) => new URL(v, page));
}

const get = (url: string) => t.app.inject({ method: 'GET', url });

/** GET, following the API's own redirects (Scalar answers /docs with a redirect to /docs/). */
async function follow(url: string, hops = 3) {
  const res = await get(url);
  const location = res.headers.location;
  if (hops > 0 && res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
    return follow(new URL(location, LOCAL_API).pathname, hops - 1);
  }
  return res;
}

describe('the documentation site served by the API', () => {
  it('answers the overview at /guide/ and redirects /guide there', async () => {
    const home = await get('/guide/');
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    expect(home.body).toContain('Loyalty Studio');
    const bare = await get('/guide');
    expect({ status: bare.statusCode, location: bare.headers.location }).toEqual({ status: 301, location: '/guide/' });
  });

  it('answers its own 404 page, with a 404 status, for a page it does not have', async () => {
    const res = await get('/guide/no-such-page.html');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<title>404 | Loyalty Studio</title>');
    expect((await get('/guide/.build-stamp')).statusCode).toBe(404);
  });

  it('caches hashed assets for good and pages not at all', async () => {
    const home = await get('/guide/');
    const asset = /\/guide\/assets\/[^"]+\.js/.exec(home.body)![0];
    expect((await get(asset)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(home.headers['cache-control']).toBe('public, max-age=0');
  });

  it('has no link, in any page, that does not answer', async () => {
    const broken: string[] = [];
    const bodies = new Map<string, string>();
    const files = htmlFiles();
    expect(files.length).toBeGreaterThanOrEqual(16);
    for (const file of files) {
      for (const url of linksOf(file)) {
        if (url.origin !== LOCAL_API) continue; // another site: not ours to check offline
        const where = `${path.relative(SITE_DIR, file)} -> ${url.pathname}${url.hash}`;
        const onSite = url.pathname.startsWith('/guide/');
        const route = API_ROUTES.test(url.pathname);
        if (!onSite && !route && !API_PAGES.some((p) => p.test(url.pathname))) {
          broken.push(`${where}: leaves the site for a path the API does not document`);
          continue;
        }
        if (!bodies.has(url.pathname)) {
          const res = await follow(url.pathname);
          const answers = route ? res.statusCode !== 404 : res.statusCode === 200;
          bodies.set(url.pathname, answers ? res.body : `status ${res.statusCode}`);
        }
        const body = bodies.get(url.pathname)!;
        if (body.startsWith('status ')) broken.push(`${where}: ${body}`);
        else if (onSite && url.hash && !body.includes(`id="${decodeURIComponent(url.hash.slice(1))}"`))
          broken.push(`${where}: no such anchor`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('before the site is built', () => {
  let empty: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'docs-unbuilt-'));
    empty = await createTestApp({ GUIDE_SITE_DIR: dir });
  });
  afterAll(async () => {
    await empty?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a 404 in the error shape that says how to build it', async () => {
    for (const url of ['/guide/', '/guide/getting-started.html']) {
      const res = await empty.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({
        error: { code: 'not_found', message: expect.stringContaining('npm run docs:build') },
      });
    }
  });
});
