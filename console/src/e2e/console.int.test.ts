import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, program } from '../../../api/src/testing/test-app.ts';
import { startListeningApi, type ListeningApi } from '../../../shared/sdk/src/testing/listening-api.ts';
import {
  startRelay,
  startSink,
  type RunningRelay,
  type RunningSink,
} from '../../../pipeline/src/testing/pipeline-harness.ts';
import {
  deleteTestTopics,
  freshClickHouse,
  testKafka,
  uniqueTopic,
  waitFor,
  type TestClickHouse,
} from '../../../pipeline/src/testing/stack-fixtures.ts';
import {
  buildConsole,
  launchChromium,
  RENDERER_DIR,
  screenshot,
  seriousAxeViolations,
} from '../testing/console-browser.ts';
import { logIn as logInAs, openConsole as openConsoleAt, callAsOwner } from '../testing/console-session.ts';

// The console as merchants use it: built once for production, served by the real API at
// /console/, driven in headless Chromium. Log-in, program switch, member search, a points
// adjustment with its ledger row and new balance, what narrower roles see, axe on each screen.
// The dashboard reads ClickHouse: the outbox relay and the sink run in this process (on a topic
// and a ClickHouse database of this file's own), as they do in production.

let api: ListeningApi;
let browser: Browser;
let secondProgramId: string;
let buildMs: number;
let ch: TestClickHouse;
const kafka = testKafka();
const pipeline: (RunningRelay | RunningSink)[] = [];
const ANALYST = { email: 'ana@example.com', password: 'analyst password 1' };
const VIEWER = { email: 'vic@example.com', password: 'viewer password 12' };

const asOwner = (method: string, url: string, payload?: unknown) => callAsOwner(api, method, url, payload);

beforeAll(async () => {
  ch = await freshClickHouse('console');
  [buildMs, api] = await Promise.all([
    buildConsole(),
    startListeningApi({ CONSOLE_SITE_DIR: RENDERER_DIR, CLICKHOUSE_DATABASE: ch.database }),
  ]);
  const topic = uniqueTopic();
  pipeline.push(await startRelay(kafka, topic), await startSink(kafka, topic, ch.database));
  console.info(`console production build: ${Math.round(buildMs)} ms`);
  secondProgramId = await program(api.t.app, api.tenant.auth);
  await asOwner('PATCH', `/v1/programs/${secondProgramId}`, { name: 'Bakery Rewards' });
  for (let i = 1; i <= 40; i += 1) {
    const m = await asOwner('POST', `/v1/programs/${api.programId}/members`, {
      externalId: `cust-${String(i).padStart(3, '0')}`,
      email: `member${i}@example.com`,
      name: i === 7 ? 'Ada Lovelace' : `Member ${i}`,
    });
    if (i === 7) await asOwner('POST', `/v1/members/${m.id}/points/earn`, { points: 1000, orderId: 'order-7' });
  }
  await asOwner('POST', `/v1/programs/${secondProgramId}/members`, { externalId: 'bakery-1', name: 'Bea Baker' });
  await asOwner('POST', '/v1/users', { ...ANALYST, name: 'Ana Analyst', role: 'analyst' });
  await asOwner('PUT', '/v1/roles/viewer', { name: 'Program viewer', permissions: ['programs:read'] });
  await asOwner('POST', '/v1/users', { ...VIEWER, name: 'Vic Viewer', role: 'viewer' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(pipeline.splice(0).map((r) => r.stop().catch(() => undefined)));
  await deleteTestTopics(kafka).catch(() => undefined);
  await ch?.drop();
  await api?.close();
}, 120_000);

/** A fresh browser profile on the test's API. */
const openConsole = (colorScheme: 'light' | 'dark' = 'light') => openConsoleAt(browser, api.baseUrl, colorScheme);

/** Logs in to the test's tenant. */
const logIn = (page: Page, email: string, password: string) => logInAs(page, api.tenant.slug, email, password);

/** The dashboard at rest: its chart drawn (animation done), no tooltip under the pointer. */
async function settledDashboard(page: Page) {
  await page.mouse.move(1300, 850);
  await page.locator('[data-rendered="true"]').first().waitFor();
}

/** Users who read reports land on the dashboard: the members screen is one link away. */
async function openMembers(page: Page) {
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Members' }).click();
  // The pointer would stay on the link, and axe would judge its hover colours.
  await page.mouse.move(1300, 800);
}

describe('the console in a browser', () => {
  it('logs in, switches program, finds a member and adjusts their points with a reason', async () => {
    const { context, page, problems } = await openConsole();
    await expect(page.getByRole('heading', { name: 'Loyalty Studio' }).isVisible()).resolves.toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '01-login');

    // A wrong password is said next to the password field, and nothing more specific.
    await logIn(page, api.owner.email, 'not the password at all');
    await page.getByText('Wrong workspace, e-mail or password.').waitFor();
    await screenshot(page, '02-login-refused');

    await logIn(page, api.owner.email, OWNER_PASSWORD);
    await openMembers(page);
    const grid = page.getByRole('grid', { name: 'Members' });
    await grid.getByRole('gridcell', { name: 'cust-001' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByText('Members').isVisible()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '03-members');

    // The grid is one tab stop; arrows, Home/End move the active cell.
    await grid.getByRole('gridcell', { name: 'cust-001' }).click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-cell'));
    expect(focused).toBe('1:5');
    await page.keyboard.press('Home');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('cust-002');

    // Another program: its own members.
    await page.getByRole('combobox', { name: 'Program' }).click();
    await page.getByRole('option', { name: 'Bakery Rewards' }).click();
    await grid.getByRole('gridcell', { name: 'bakery-1' }).waitFor();
    expect(page.url()).toContain(`#/programs/${secondProgramId}/members`);
    await page.getByRole('combobox', { name: 'Program' }).click();
    await page.getByRole('option', { name: 'Coffee Club' }).click();
    await grid.getByRole('gridcell', { name: 'cust-001' }).waitFor();

    // Search: by e-mail the API cannot; by external id it can.
    await page.getByRole('textbox', { name: 'Find a member' }).fill('member7@example.com');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByText('Members cannot be searched by e-mail').waitFor();
    await page.getByRole('textbox', { name: 'Find a member' }).fill('cust-007');
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await page.getByRole('table', { name: 'Ledger history' }).getByText('Order order-7').waitFor();
    expect(await page.getByTestId('balance-available').textContent()).toBe('1,000');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '04-member');

    // Adjust: a reason is required; the confirmation shows the balance after; focus returns.
    await page.getByRole('button', { name: 'Adjust points' }).click();
    const dialog = page.getByRole('dialog', { name: 'Adjust points' });
    await dialog.waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Points' }).evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    await page.keyboard.type('250');
    await dialog.getByRole('button', { name: 'Review' }).click();
    await dialog.getByText('must not be empty').waitFor();
    await dialog.getByLabel('Reason').fill('Goodwill: late delivery of order 7');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '05-adjust-dialog');
    await dialog.getByRole('button', { name: 'Review' }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm the adjustment' });
    await confirm.getByText('1,250').waitFor();
    await screenshot(page, '06-adjust-confirm');
    await confirm.getByRole('button', { name: 'Credit 250 points' }).click();
    await confirm.waitFor({ state: 'hidden' });
    const newRow = page.locator('.ledger-row[data-new]');
    await newRow.getByText('Goodwill: late delivery of order 7').waitFor();
    expect(await newRow.getByRole('cell').nth(2).textContent()).toBe('+250');
    await page.getByTestId('balance-available').filter({ hasText: '1,250' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Adjust points');
    await screenshot(page, '07-member-adjusted');

    // The ledger row is real: the API has it.
    const ledger = await api.t.app.inject({
      method: 'GET',
      url: `/v1/members/${page.url().split('/').at(-1)}/postings`,
      headers: api.tenant.auth,
    });
    expect(ledger.json().data[0]).toMatchObject({
      kind: 'adjust',
      points: 250,
      reason: 'Goodwill: late delivery of order 7',
    });

    // Log out ends the session on the API too: the stored refresh token no longer works.
    const stored = await page.evaluate(() => sessionStorage.getItem('loyalty.console.session'));
    await page.getByRole('button', { name: /Tenant / }).click();
    // The screen says so at once; the API call follows, and the check below waits for it.
    const loggedOut = page.waitForResponse((r) => r.url().endsWith('/v1/auth/logout'));
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByText('You have logged out.').waitFor();
    await loggedOut;
    const refresh = await api.t.app.inject({
      method: 'POST',
      url: '/v1/auth/refresh',
      payload: { refreshToken: JSON.parse(stored!).refreshToken },
    });
    expect(refresh.statusCode).toBe(401);
    expect(await page.evaluate(() => sessionStorage.getItem('loyalty.console.session'))).toBeNull();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('looks right in the dark theme', async () => {
    const { context, page, problems } = await openConsole('dark');
    await logIn(page, api.owner.email, OWNER_PASSWORD);
    await openMembers(page);
    await page.getByRole('grid', { name: 'Members' }).getByRole('gridcell', { name: 'cust-001' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '08-members-dark');
    await page.getByRole('gridcell', { name: 'cust-007' }).dblclick();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await page.getByRole('table', { name: 'Ledger history' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '09-member-dark');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('does not offer an analyst the points adjustment their role cannot make', async () => {
    const { context, page, problems } = await openConsole();
    await logIn(page, ANALYST.email, ANALYST.password);
    await openMembers(page);
    await page.getByRole('grid', { name: 'Members' }).getByRole('gridcell', { name: 'cust-007' }).dblclick();
    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await page.getByRole('table', { name: 'Ledger history' }).waitFor();
    expect(await page.getByRole('button', { name: 'Adjust points' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Tenant / }).textContent()).toContain('analyst');
    await screenshot(page, '10-member-analyst');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a clear message when the API refuses a role (403)', async () => {
    const { context, page } = await openConsole();
    await logIn(page, VIEWER.email, VIEWER.password);
    // The role's permissions are unknown to the console (it cannot read roles): every screen is
    // offered, so the dashboard's panels each show the refusal.
    const alert = page.getByRole('alert').filter({ hasText: 'Your role does not allow this' }).first();
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Ask an owner or admin');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '11-forbidden');
    await context.close();
  });
});

describe('the dashboard', () => {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  /** Points issued in the program as ClickHouse has them, through the API the dashboard calls. */
  const pointsIssued = async () =>
    (await asOwner('GET', `/v1/reports/kpis?from=${day(-8)}&to=${day(2)}&programId=${api.programId}`))
      .pointsIssued as number;

  it('shows KPIs that change after new postings and a refresh, and new postings live', async () => {
    // What beforeAll posted has reached ClickHouse through the relay and the sink.
    const seeded = await waitFor('the seeded earn in ClickHouse', pointsIssued, (n) => n >= 1000, 60_000, 200);
    const shopper = await asOwner('POST', `/v1/programs/${api.programId}/members`, {
      externalId: 'dash-1',
      name: 'Dash Shopper',
    });
    const { context, page, problems } = await openConsole();
    await logIn(page, api.owner.email, OWNER_PASSWORD);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    expect(page.url()).toContain(`#/programs/${api.programId}/dashboard`);
    const issued = page.getByTestId('kpi-issued');
    await issued.waitFor();
    const before = await issued.textContent();
    await page.getByRole('img', { name: /Points issued and redeemed per day/ }).waitFor();
    await page.getByRole('table', { name: 'Live transactions' }).waitFor();

    // A posting through the API shows in the live feed: measured from the request to the row.
    const started = performance.now();
    const earn = await asOwner('POST', `/v1/members/${shopper.id}/points/earn`, { points: 5000, orderId: 'dash-1' });
    await page.locator(`[data-posting-id="${earn.posting.id}"]`).waitFor({ timeout: 5_000 });
    const feedMs = performance.now() - started;
    console.info(`dashboard live feed: posting visible ${Math.round(feedMs)} ms after the API call`);
    expect(feedMs).toBeLessThan(2_000);

    // Once ClickHouse has it, a refresh shows the new total.
    await waitFor('the new earn in ClickHouse', pointsIssued, (n) => n >= seeded + 5000, 60_000, 200);
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByTestId('kpi-issued').filter({ hasNotText: before! }).waitFor();
    expect(await issued.textContent()).not.toBe(before);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await settledDashboard(page);
    await screenshot(page, '12-dashboard');

    // The range is in the URL; a preset changes it and the page follows.
    await page.getByRole('combobox', { name: 'Range' }).click();
    await page.getByRole('option', { name: 'Today' }).click();
    await page.waitForURL(/range=today/);
    await page.getByRole('img', { name: /per hour/ }).waitFor();
    await page.getByRole('combobox', { name: 'Auto-refresh' }).click();
    await page.getByRole('option', { name: '30 s' }).click();
    await page.waitForURL(/refresh=30s/);
    await settledDashboard(page);
    await screenshot(page, '13-dashboard-today');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('looks right in the dark theme, and a reload keeps the range', async () => {
    const { context, page, problems } = await openConsole('dark');
    await logIn(page, api.owner.email, OWNER_PASSWORD);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto(`${api.baseUrl}/console/#/programs/${api.programId}/dashboard?range=30d&tz=UTC`);
    await page.getByRole('combobox', { name: 'Range' }).and(page.locator('[value="Last 30 days"]')).waitFor();
    expect(await page.getByRole('combobox', { name: 'Time zone' }).inputValue()).toBe('UTC');
    await page.getByRole('img', { name: /Points issued and redeemed per day/ }).waitFor();
    await page.getByRole('table', { name: 'Live transactions' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await settledDashboard(page);
    await screenshot(page, '14-dashboard-dark');
    expect(problems).toEqual([]);
    await context.close();
  });
});
