import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { consoleContentSecurityPolicy } from '@loyalty/shared';
import { send } from './error-handler.ts';

// The console's web build (console/, `npm run build -w @loyalty/console`) served as static files
// at /console/: one page (its routes live in the URL's hash) and its hashed assets. Every answer
// carries the console's Content-Security-Policy, the one the Electron shell applies, with the
// API's own origin as the only one it may connect to. Like the guide, the build is looked up per
// request, and an API started before it answers a clear 404 in the error shape.

export const CONSOLE_PREFIX = '/console';
const NOT_BUILT = 'the console is not built: run `npm run build -w @loyalty/console`';
const ASSETS_DIR = 'assets/';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export type ConsoleFile = { kind: 'file'; relative: string; contentType: string } | { kind: 'missing' };

/** What a path under /console/ names: the page, a built asset of a known type, or nothing. */
export function resolveConsolePath(requested: string): ConsoleFile {
  const relative = requested === '' ? 'index.html' : requested;
  const segments = relative.split('/');
  if (segments.some((s) => s === '' || s.startsWith('.'))) return { kind: 'missing' };
  const contentType = CONTENT_TYPES[path.extname(relative)];
  return contentType ? { kind: 'file', relative, contentType } : { kind: 'missing' };
}

export async function registerConsoleSite(app: FastifyInstance, siteDir: string): Promise<void> {
  const csp = consoleContentSecurityPolicy("'self'");
  const route = { config: { auth: 'public' as const }, schema: { hide: true } };
  const isFile = (relative: string) =>
    stat(path.join(siteDir, relative)).then(
      (s) => s.isFile(),
      () => false,
    );

  app.get(CONSOLE_PREFIX, route, (_req, reply) => reply.redirect(`${CONSOLE_PREFIX}/`, 301));
  app.get(`${CONSOLE_PREFIX}/*`, route, async (req, reply) => {
    reply.header('content-security-policy', csp).header('x-content-type-options', 'nosniff');
    if (!(await isFile('index.html'))) return send(reply, 'not_found', NOT_BUILT);
    const found = resolveConsolePath((req.params as { '*': string })['*']);
    if (found.kind === 'missing' || !(await isFile(found.relative))) {
      return send(reply, 'not_found', 'no such file in the console');
    }
    // Vite puts a content hash in every asset's name: a new build never reuses one.
    const cache = found.relative.startsWith(ASSETS_DIR) ? 'public, max-age=31536000, immutable' : 'no-cache';
    return reply
      .header('cache-control', cache)
      .type(found.contentType)
      .send(await readFile(path.join(siteDir, found.relative)));
  });
}
