import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runProcess } from '../../../api/src/testing/run-process.ts';

// What the console's end-to-end test drives: one production build of the renderer, Debian's
// Chromium (headless), axe-core for accessibility and screenshots to look at after a run.

export const CONSOLE_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const RENDERER_DIR = path.join(CONSOLE_DIR, 'out/renderer');
export const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(CONSOLE_DIR, '../.stack/screenshots/console');

/** Builds main, preload and renderer once (electron-vite); answers the time it took. */
export async function buildConsole(): Promise<number> {
  const started = performance.now();
  const bin = path.join(CONSOLE_DIR, '../node_modules/electron-vite/bin/electron-vite.js');
  const run = await runProcess(process.execPath, [bin, 'build'], {
    env: { ...process.env } as Record<string, string>,
    cwd: CONSOLE_DIR,
  });
  if (run.code !== 0) throw new Error(`the console did not build:\n${run.stdout}\n${run.stderr}`);
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
