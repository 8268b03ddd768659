import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD } from '../../../api/src/testing/test-app.ts';
import { startListeningApi, type ListeningApi } from '../../../shared/sdk/src/testing/listening-api.ts';
import {
  buildConsole,
  launchChromium,
  RENDERER_DIR,
  screenshot,
  seriousAxeViolations,
} from '../testing/console-browser.ts';
import { logIn, openConsole, callAsOwner } from '../testing/console-session.ts';

// The configuration screens in a real browser against the real API: a points rule written with
// the visual condition editor while the simulate pane shows what a sample purchase would earn.

let api: ListeningApi;
let browser: Browser;
const DEVELOPER = { email: 'dev@example.com', password: 'developer password 1' };

const asOwner = (method: string, url: string, payload?: unknown) => callAsOwner(api, method, url, payload);

beforeAll(async () => {
  const [, started] = await Promise.all([buildConsole(), startListeningApi({ CONSOLE_SITE_DIR: RENDERER_DIR })]);
  api = started;
  await asOwner('POST', `/v1/programs/${api.programId}/members`, { externalId: 'cust-001', name: 'Ada Lovelace' });
  await asOwner('POST', `/v1/programs/${api.programId}/members`, { externalId: 'cust-002', name: 'Alan Turing' });
  await asOwner('POST', '/v1/users', { ...DEVELOPER, name: 'Dee Developer', role: 'developer' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const simulatedPoints = (page: Page) => page.getByTestId('simulated-points');

describe('configuration screens', () => {
  it('writes a points rule with a condition and watches the simulation follow it', async () => {
    const { context, page, problems } = await openConsole(browser, api.baseUrl);
    await logIn(page, api.tenant.slug, api.owner.email, OWNER_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByText('Points rules').click();
    await page.getByText('No rules yet').waitFor();
    await page.mouse.move(700, 500);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '20-rules-empty');

    await page.getByRole('link', { name: 'New rule' }).click();
    await page.getByRole('heading', { name: 'New rule' }).waitFor();
    // No rule yet: the sample purchase earns nothing, and the pane says edits need a save.
    await simulatedPoints(page).filter({ hasText: /^0$/ }).waitFor();
    await page.getByTestId('simulate-unsaved').waitFor();

    await page.getByLabel('Name').fill('Coffee lovers');
    await page.getByText('Percentage', { exact: true }).click();
    await page.getByLabel('Percent of the amount').fill('20');
    await page.getByRole('button', { name: 'Add a condition' }).click();
    const comparison = page.locator('[data-condition-path="all.0"]');
    // A value the field cannot take is refused next to it, by the shared schema.
    await comparison.getByRole('textbox', { name: 'Value' }).fill('lots');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await comparison.getByText('must be a whole number of minor units (cents)').waitFor();
    await screenshot(page, '21-rule-invalid-condition');

    await comparison.getByRole('combobox', { name: 'Field' }).click();
    await page.getByRole('option', { name: 'transaction.category' }).click();
    await comparison.getByRole('textbox', { name: 'Value' }).fill('coffee');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.waitForURL(/#\/programs\/[^/]+\/rules\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Coffee lovers' }).waitFor();

    // Saved: the sample (no category) is skipped by the condition; a coffee purchase earns 20%.
    const skipped = page.getByRole('list', { name: 'Skipped' });
    await skipped.getByText('its condition does not hold').waitFor();
    await page.getByLabel('Category').fill('coffee');
    await simulatedPoints(page).filter({ hasText: /^5$/ }).waitFor();
    expect(await page.locator('.breakdown-line[data-current]').textContent()).toContain('Coffee lovers');
    expect(await page.getByTestId('simulate-unsaved').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '22-rule-editor-simulated');

    // An edit shows only once saved, and the pane says so meanwhile.
    await page.getByLabel('Percent of the amount').fill('40');
    await page.getByTestId('simulate-unsaved').waitFor();
    expect(await simulatedPoints(page).textContent()).toBe('5');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await simulatedPoints(page).filter({ hasText: /^10$/ }).waitFor();
    await page.getByLabel('Amount (minor units)').fill('10000');
    await simulatedPoints(page).filter({ hasText: /^40$/ }).waitFor();

    // The API has the rule as written.
    const rules = await asOwner('GET', `/v1/programs/${api.programId}/rules`);
    expect(rules.data).toMatchObject([
      {
        name: 'Coffee lovers',
        kind: { type: 'percentage', percent: 40, rounding: 'floor' },
        condition: { all: [{ field: 'transaction.category', op: 'eq', value: 'coffee' }] },
      },
    ]);

    // The list: switched off in place, then deleted after a confirmation.
    await page.getByRole('link', { name: '← Points rules' }).click();
    const table = page.getByRole('table', { name: 'Points rules' });
    await table.getByRole('link', { name: 'Coffee lovers' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '23-rules-list');
    await table.getByRole('switch', { name: 'Coffee lovers active' }).click({ force: true });
    await expect
      .poll(async () => (await asOwner('GET', `/v1/programs/${api.programId}/rules`)).data[0].active)
      .toBe(false);
    await table.getByRole('button', { name: 'Delete Coffee lovers' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete the rule?' });
    await confirm.waitFor();
    expect(await confirm.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '24-rule-delete-confirm');
    await confirm.getByRole('button', { name: 'Delete rule' }).click();
    await page.getByText('No rules yet').waitFor();
    expect((await asOwner('GET', `/v1/programs/${api.programId}/rules`)).data).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the rule editor in the dark theme', async () => {
    const rule = await asOwner('POST', `/v1/programs/${api.programId}/rules`, {
      name: 'Weekend beans',
      kind: { type: 'fixed', points: 25 },
      condition: {
        any: [
          { field: 'transaction.category', op: 'in', value: ['beans', 'grinders'] },
          { not: { field: 'transaction.channel', op: 'eq', value: 'web' } },
        ],
      },
    });
    const { context, page, problems } = await openConsole(browser, api.baseUrl, 'dark');
    await logIn(page, api.tenant.slug, api.owner.email, OWNER_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.goto(`${api.baseUrl}/console/#/programs/${api.programId}/rules/${rule.id}`);
    await page.getByRole('heading', { name: 'Weekend beans' }).waitFor();
    await simulatedPoints(page).filter({ hasText: /^25$/ }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '25-rule-editor-dark');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('creates an API key whose secret is shown once and works, then revokes it', async () => {
    const { context, page, problems } = await openConsole(browser, api.baseUrl);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.baseUrl });
    await logIn(page, api.tenant.slug, DEVELOPER.email, DEVELOPER.password);
    await page.getByRole('navigation', { name: 'Main' }).getByText('API keys').click();
    const table = page.getByRole('table', { name: 'API keys' });
    await table.getByText('test key').waitFor();
    await page.mouse.move(700, 500);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '30-api-keys');

    await page.getByRole('button', { name: 'Create API key' }).click();
    const create = page.getByRole('dialog', { name: 'Create an API key' });
    await create.waitFor();
    expect(await create.getByLabel('Name').evaluate((el) => el === document.activeElement)).toBe(true);
    // A developer holds no earn permission: the key cannot be given one.
    expect(await create.getByRole('checkbox', { name: 'points:earn' }).count()).toBe(0);
    await create.getByLabel('Name').fill('Shop checkout');
    await create.getByRole('checkbox', { name: 'members', exact: true }).check();
    await create.getByRole('checkbox', { name: 'programs:read' }).check();
    // The API refuses a past expiry; its message is shown next to the date.
    await create.getByLabel('Expires on').fill('2020-01-01');
    await create.getByRole('button', { name: 'Create key' }).click();
    await create.getByText('expiresAt must be in the future').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '31-api-key-create');
    const nextYear = `${new Date().getFullYear() + 1}-06-30`;
    await create.getByLabel('Expires on').fill(nextYear);
    await create.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByRole('dialog', { name: 'Copy the key for Shop checkout' });
    await shown.waitFor();
    const secret = (await shown.getByTestId('api-key-secret').textContent())!;
    expect(secret).toMatch(/^lsk_/);
    expect(await shown.getByRole('button', { name: 'Copy key' }).evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    await shown.getByRole('button', { name: 'Copy key' }).click();
    await shown.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '32-api-key-secret');
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    await shown.waitFor({ state: 'hidden' });
    // Shown once: it is gone from the page, and the list shows only its prefix.
    expect(await page.content()).not.toContain(secret);
    const row = table.getByRole('row').filter({ hasText: 'Shop checkout' });
    expect(await row.textContent()).toContain('members:read, programs:read');

    // The key works against the API, with the scopes picked and no more.
    const bearer = { authorization: `Bearer ${secret}` };
    const members = await api.t.app.inject({ url: `/v1/programs/${api.programId}/members`, headers: bearer });
    expect(members.statusCode).toBe(200);
    const earn = await api.t.app.inject({
      method: 'POST',
      url: `/v1/programs/${api.programId}/transactions`,
      headers: bearer,
      payload: {
        memberExternalId: 'cust-001',
        orderId: 'o-1',
        purchase: { amount: 100, currency: 'EUR', occurredAt: new Date().toISOString() },
      },
    });
    expect(earn.statusCode).toBe(403);

    await row.getByRole('button', { name: 'Revoke Shop checkout' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke the API key?' });
    await confirm.waitFor();
    await screenshot(page, '33-api-key-revoke');
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await row.getByText('revoked').waitFor();
    const refused = await api.t.app.inject({ url: `/v1/programs/${api.programId}/members`, headers: bearer });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('api_key_revoked');
    await screenshot(page, '34-api-keys-revoked');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('creates, edits and deletes tiers; a clashing name is refused next to the field', async () => {
    const { context, page, problems } = await openConsole(browser, api.baseUrl);
    await logIn(page, api.tenant.slug, api.owner.email, OWNER_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).getByText('Tiers').click();
    await page.getByText('No tiers yet').waitFor();

    const dialog = page.getByRole('dialog');
    const createTier = async (name: string, threshold: string, multiplier: string, perks = '') => {
      await page.getByRole('button', { name: 'New tier' }).click();
      await dialog.getByRole('heading', { name: 'New tier' }).waitFor();
      await dialog.getByLabel('Name').fill(name);
      await dialog.getByLabel('Threshold').fill(threshold);
      await dialog.getByLabel('Points multiplier').fill(multiplier);
      if (perks) await dialog.getByLabel('Perks').fill(perks);
      await dialog.getByRole('button', { name: 'Create tier' }).click();
    };
    await createTier('Base', '0', '1');
    await createTier('Gold', '1000', '1.5', 'Free shipping\nEarly access');
    const table = page.getByRole('table', { name: 'Tiers' });
    await table.getByText('Early access').waitFor();

    // Only the API knows the names taken (ignoring case): its 409 names the field.
    await createTier('gold', '2000', '2');
    // A new tier's dialog starts empty, not with the last tier's perks.
    expect(await dialog.getByLabel('Perks').inputValue()).toBe('');
    await dialog.getByText('a tier named "Gold" exists in this program').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '40-tier-name-taken');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await table.getByRole('button', { name: 'Edit Gold' }).click();
    await dialog.getByLabel('Threshold').fill('1200');
    await dialog.getByRole('button', { name: 'Save tier' }).click();
    await table.getByText('1,200').waitFor();
    await table.getByRole('button', { name: 'Delete Base' }).click();
    await page.getByRole('dialog', { name: 'Delete the tier?' }).getByRole('button', { name: 'Delete tier' }).click();
    await table.getByText('Base').waitFor({ state: 'detached' });
    await page.mouse.move(700, 500);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, '41-tiers');
    const tiers = await asOwner('GET', `/v1/programs/${api.programId}/tiers`);
    expect(tiers.data).toMatchObject([
      { name: 'Gold', threshold: 1200, benefits: { multiplier: 1.5, perks: ['Free shipping', 'Early access'] } },
    ]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
