import { readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { send } from './error-handler.ts';

// The documentation site (docs/, built by VitePress with base /guide/) served as static files,
// next to the API reference at /docs. The site is looked up on each request, not at start-up:
// building it while the API runs (npm run docs:build) makes it appear without a restart, and an
// API started before the first build answers a clear 404 that says how to build it.

export const GUIDE_PREFIX = '/guide';
const NOT_BUILT = 'the documentation site is not built: `npm start` builds it, or run `npm run docs:build`';
// VitePress puts a content hash in every asset's name: a new build never reuses one.
const IMMUTABLE_DIR = 'assets/';

export type GuideFile =
  { kind: 'file'; relative: string } | { kind: 'redirect'; location: string } | { kind: 'missing' };

/**
 * What a path under /guide/ names in the built site: a file, a directory to redirect into, or
 * nothing. Dot segments (`..`, `.build-stamp`) name nothing: only the site's pages and assets are
 * served. `stat` is injected so the decision is testable without a site on disk.
 */
export function resolveGuidePath(requested: string, stat: (relative: string) => Stats | undefined): GuideFile {
  const segments = requested.split('/');
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'missing' };
  const relative = requested === '' || requested.endsWith('/') ? `${requested}index.html` : requested;
  const found = stat(relative);
  if (found?.isFile()) return { kind: 'file', relative };
  if (found?.isDirectory() && stat(`${relative}/index.html`)?.isFile()) {
    return { kind: 'redirect', location: `${GUIDE_PREFIX}/${requested}/` };
  }
  // Pages are built as `page.html`; the same page without its extension is the same page.
  if (path.extname(relative) === '' && stat(`${relative}.html`)?.isFile()) {
    return { kind: 'file', relative: `${relative}.html` };
  }
  return { kind: 'missing' };
}

export async function registerGuideSite(app: FastifyInstance, siteDir: string): Promise<void> {
  await app.register(fastifyStatic, { serve: false });
  const stat = (relative: string) => {
    try {
      return statSync(path.join(siteDir, relative));
    } catch {
      return undefined;
    }
  };
  const route = { config: { auth: 'public' as const }, schema: { hide: true } };

  app.get(GUIDE_PREFIX, route, (_req, reply) => reply.redirect(`${GUIDE_PREFIX}/`, 301));
  app.get(`${GUIDE_PREFIX}/*`, route, (req, reply) => {
    if (!stat('index.html')?.isFile()) return send(reply, 'not_found', NOT_BUILT);
    const found = resolveGuidePath((req.params as { '*': string })['*'], stat);
    if (found.kind === 'redirect') return reply.redirect(found.location, 301);
    if (found.kind === 'missing') return notFoundPage(reply, siteDir, stat);
    const immutable = found.relative.startsWith(IMMUTABLE_DIR);
    return reply.sendFile(found.relative, siteDir, immutable ? { maxAge: '365d', immutable: true } : { maxAge: 0 });
  });
}

/** The site's own 404 page, with a 404 status, so a reader who follows a stale link stays in the site. */
function notFoundPage(reply: FastifyReply, siteDir: string, stat: (relative: string) => Stats | undefined) {
  if (!stat('404.html')?.isFile()) return send(reply, 'not_found', 'no such page in the documentation site');
  return reply
    .code(404)
    .type('text/html; charset=utf-8')
    .send(readFileSync(path.join(siteDir, '404.html')));
}
