import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { shellBlocks, sqlBlocks, type CodeBlock } from '../../../api/src/docs/markdown-code-blocks.ts';
import { runBash as runScript, type ProcessRun } from '../../../api/src/testing/run-process.ts';
import { PAGES_DIR } from '../site-paths.ts';

// The documentation's examples as scripts, run the way a reader runs them: the shell blocks of
// Getting started, then a page's own, in one `bash -euo pipefail` (variables carry over, as in
// one terminal), against a real API. The scripts are the pages' text as written: the only
// additions are comments naming the source line and a marker between the two pages' output.

export const GETTING_STARTED = 'getting-started.md';
export const PAGE_OUTPUT_MARKER = '--- page output ---';
const TOOLS = { curl: 'apt-get install curl', jq: 'apt-get install jq', date: 'GNU coreutils' };

/** Pages (relative to docs/pages) written by hand, in a stable order. */
export function sourcePages(dir = PAGES_DIR, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const relative = prefix + e.name;
      if (e.isDirectory()) return e.name === 'public' ? [] : sourcePages(path.join(dir, e.name), `${relative}/`);
      return e.name.endsWith('.md') && !e.name.endsWith('.generated.md') && relative !== 'reference/events.md'
        ? [relative]
        : [];
    })
    .sort();
}

const read = (page: string) => readFileSync(path.join(PAGES_DIR, page), 'utf8');

export function runnableShellBlocks(page: string): CodeBlock[] {
  return shellBlocks(read(page)).filter((b) => b.skip === undefined);
}

export function runnableSqlBlocks(page: string): CodeBlock[] {
  return sqlBlocks(read(page)).filter((b) => b.skip === undefined);
}

export function pageScript(page: string): string {
  return runnableShellBlocks(page)
    .map((b) => `# docs/pages/${page} line ${b.line}\n${b.code}`)
    .join('\n');
}

/** Getting started, a marker, then the page: the page's output is what follows the marker. */
export function scriptAfterGettingStarted(page: string): string {
  if (page === GETTING_STARTED) return pageScript(page);
  return `${pageScript(GETTING_STARTED)}\necho '${PAGE_OUTPUT_MARKER}'\n${pageScript(page)}`;
}

export function pageOutput(stdout: string): string[] {
  const after = stdout.includes(PAGE_OUTPUT_MARKER) ? stdout.split(`${PAGE_OUTPUT_MARKER}\n`)[1]! : stdout;
  return after.split('\n').filter((line) => line.trim() !== '');
}

export function requireTools(): void {
  for (const [tool, install] of Object.entries(TOOLS)) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`the documentation's examples need ${tool} on PATH (${install})`);
    }
  }
}

export type BashRun = ProcessRun;

export function runBash(script: string, env: Record<string, string>): Promise<BashRun> {
  return runScript(script, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
}

/** A tenant slug of the test's own: a slug is taken once per platform. */
export function uniqueTenant(page: string): string {
  const base = page.replace(/\.md$/, '').replace(/[^a-z0-9]+/g, '-');
  return `docs-${base}-${Math.random().toString(36).slice(2, 8)}`.slice(0, 63);
}
