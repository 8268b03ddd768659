import path from 'node:path';

// Where the documentation site's parts live. The API serves `SITE_DIR` under /guide/.

export const DOCS_ROOT = path.resolve(import.meta.dirname, '..');
export const PAGES_DIR = path.join(DOCS_ROOT, 'pages');
export const CONFIG_DIR = path.join(DOCS_ROOT, '.vitepress');
export const SITE_DIR = path.join(DOCS_ROOT, 'dist');
export const REPO_ROOT = path.resolve(DOCS_ROOT, '..');

/** Pages written by generate-pages.ts at build time (ignored by git). */
export const GENERATED_PAGES = {
  events: path.join(PAGES_DIR, 'reference', 'events.md'),
  errorCodes: path.join(PAGES_DIR, 'guides', 'error-codes.generated.md'),
} as const;
