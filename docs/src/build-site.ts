import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatePages } from './generate-pages.ts';
import { CONFIG_DIR, DOCS_ROOT, PAGES_DIR, REPO_ROOT, SITE_DIR } from './site-paths.ts';

// Builds the documentation site into docs/dist, which the API serves under /guide/. The build is
// skipped when nothing it is made from changed: the pages (the generated ones are written first,
// from the code's contracts), the VitePress config and theme, and the VitePress version. The new
// site is built beside the old one and swapped in, so the API never serves a half-written site
// and a failed build leaves the previous one in place.

const STAMP = '.build-stamp';
const SKIPPED_DIRS = new Set(['cache', 'dist', 'node_modules']);

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !SKIPPED_DIRS.has(e.name))
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

/** A hash of everything the site is built from. */
export function sourcesHash(): string {
  const hash = createHash('sha256');
  const vitepress = JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules/vitepress/package.json'), 'utf8'));
  hash.update(`vitepress ${vitepress.version}\n`);
  for (const file of [...filesUnder(PAGES_DIR), ...filesUnder(CONFIG_DIR)]) {
    hash.update(`${path.relative(DOCS_ROOT, file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

export function builtStamp(): string | undefined {
  try {
    return readFileSync(path.join(SITE_DIR, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
}

export interface BuildResult {
  built: boolean;
  ms: number;
}

export async function buildSite(opts: { force?: boolean } = {}): Promise<BuildResult> {
  const started = performance.now();
  generatePages();
  const hash = sourcesHash();
  if (!opts.force && builtStamp() === hash) return { built: false, ms: performance.now() - started };

  const staging = path.join(CONFIG_DIR, 'cache', `build-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.dirname(staging), { recursive: true });
  try {
    // Loaded only to build: checking the stamp stays a fraction of a second.
    const { build } = await import('vitepress');
    await build(DOCS_ROOT, { outDir: staging });
    writeFileSync(path.join(staging, STAMP), `${hash}\n`);
    const retired = `${SITE_DIR}.old-${process.pid}`;
    if (existsSync(SITE_DIR) && statSync(SITE_DIR).isDirectory()) renameSync(SITE_DIR, retired);
    renameSync(staging, SITE_DIR);
    rmSync(retired, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { built: true, ms: performance.now() - started };
}

if (import.meta.main) {
  const force = process.argv.includes('--force');
  const result = await buildSite({ force });
  const seconds = (result.ms / 1000).toFixed(1);
  console.log(
    result.built
      ? `docs: built the site into ${path.relative(REPO_ROOT, SITE_DIR)} in ${seconds} s`
      : `docs: the site is up to date (${seconds} s to check)`,
  );
}
