import path from 'node:path';
import { APP_HOST } from './app-origin.ts';

// The app:// scheme serves the built renderer. A request names a file under the renderer's
// folder or nothing: other hosts, dot segments and paths that resolve outside are refused.

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export type AppFile = { kind: 'file'; path: string; contentType: string } | { kind: 'missing' };

export function resolveAppFile(requestUrl: string, rendererDir: string): AppFile {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'missing' };
  }
  if (url.host !== APP_HOST) return { kind: 'missing' };
  const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
  if (relative.split('/').some((segment) => segment.startsWith('.'))) return { kind: 'missing' };
  const resolved = path.resolve(rendererDir, relative);
  if (!resolved.startsWith(path.resolve(rendererDir) + path.sep)) return { kind: 'missing' };
  const contentType = CONTENT_TYPES[path.extname(resolved)];
  if (!contentType) return { kind: 'missing' };
  return { kind: 'file', path: resolved, contentType };
}
