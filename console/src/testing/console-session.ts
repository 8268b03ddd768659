import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ListeningApi } from '../../../shared/sdk/src/testing/listening-api.ts';

// A console user in a fresh browser profile, for the e2e files beyond console.int.test.ts.

/**
 * A fresh browser profile on the console. `problems` collects page errors and CSP violations
 * (refused answers are logged by Chromium as failed resources and are not problems).
 */
export async function openConsole(
  browser: Browser,
  baseUrl: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, locale: 'en-US', colorScheme });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${baseUrl}/console/`);
  return { context, page, problems };
}

export async function logIn(page: Page, workspace: string, email: string, password: string): Promise<void> {
  await page.getByLabel('Workspace').fill(workspace);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** A call to the test's API as the tenant's owner, set-up that a screen under test reads; throws on a refusal. */
export async function callAsOwner(api: ListeningApi, method: string, url: string, payload?: unknown) {
  const res = await api.t.app.inject({
    method: method as 'POST',
    url,
    headers: api.tenant.auth,
    payload: payload as object,
  });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
