import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { runProcess } from '../../../api/src/testing/run-process.ts';

// What the console's end-to-end test drives: one production build of the renderer, Debian's
// Chromium (headless), axe-core for accessibility and screenshots to look at after a run.

export const CONSOLE_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_DIR = path.join(CONSOLE_DIR, 'out/renderer');
export const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(CONSOLE_DIR, '../.stack/screenshots/console');

// Several e2e files share one build per test run: the build leaves the run's id (its fresh
// database name, see stack/src/testing/global-setup.ts) beside the output, and a later file of
// the same run finds it there; every run builds afresh.
const BUILD_STAMP = path.join(CONSOLE_DIR, 'out/.built-for-run');

/** Builds main, preload and renderer once per test run (electron-vite); answers the time it took (0 when reused). */
export async function buildConsole(): Promise<number> {
  const run = inject('stackEnv').CLICKHOUSE_DATABASE ?? '';
  if (run && (await readFile(BUILD_STAMP, 'utf8').catch(() => '')) === run) return 0;
  const started = performance.now();
  const bin = path.join(CONSOLE_DIR, '../node_modules/electron-vite/bin/electron-vite.js');
  const built = await runProcess(process.execPath, [bin, 'build'], {
    env: { ...process.env } as Record<string, string>,
    cwd: CONSOLE_DIR,
  });
  if (built.code !== 0) throw new Error(`the console did not build:\n${built.stdout}\n${built.stderr}`);
  await writeFile(BUILD_STAMP, run);
  return performance.now() - started;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

export interface AxeViolation {
  id: string;
  impact: string | null | undefined;
  targets: string[];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is, keeping the serious and critical
 * findings. The script is evaluated through the DevTools protocol, not added as a <script>: the
 * console's CSP rightly refuses inline scripts.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => String(n.target)),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
}
