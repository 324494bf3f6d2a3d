import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

interface ProviderBody {
  name: string;
  enabled: boolean;
  needs_policy: boolean;
  policy: { allowed_tenants: string[]; allowed_email_domains: string[] };
}

/** Settings → OIDC explains who may sign in through an open provider, next to the fields. */
describe('console: who may sign in through a multi-tenant or social provider', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await startConsoleServer();
    // As an upgrade leaves it: an "organizations" app registration, switched off for want of a list.
    const created = await server.call('POST', '/api/admin/oidc/providers', { type: 'azure', name: 'entra-multi', tenant_id: 'organizations', client_id: 'app', enabled: false });
    assert.equal(created.status, 201);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}/settings/oidc`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function expectProvider(name: string): Promise<ProviderBody | undefined> {
    const { body } = await server.call('GET', '/api/admin/oidc/providers');
    return (body as ProviderBody[]).find((p) => p.name === name);
  }

  it('marks a provider turned off for want of a policy, and turns it on once tenants are listed', async () => {
    await page.goto(`${server.base}/settings/oidc`);
    const card = page.locator('[data-provider="entra-multi"]');
    await card.getByText('Turned off: it does not say who may sign in').waitFor();
    await card.getByText('accepts work and school accounts from every Entra tenant').waitFor();
    await card.getByLabel('Allowed tenants').fill(TENANT);
    const patched = () => page.waitForResponse((r) => r.url().includes('/api/admin/oidc/providers/') && r.request().method() === 'PATCH');
    let answer = patched();
    await card.getByRole('button', { name: 'Save provider' }).click();
    assert.equal((await answer).status(), 200);
    // The switch is controlled: it shows "on" only once the server has answered, so click and wait for that.
    answer = patched();
    await card.getByRole('switch', { name: /Enable/ }).click();
    assert.equal((await answer).status(), 200);
    await card.locator('input[role="switch"]:checked').waitFor();
    await card.getByText('Turned off: it does not say who may sign in').waitFor({ state: 'detached' });
    const saved = await expectProvider('entra-multi');
    assert.deepEqual(saved?.policy.allowed_tenants, [TENANT]);
    assert.equal(saved?.enabled, true);
    assert.equal(saved?.needs_policy, false);
  });

  it('asks for allowed domains or “anyone” when a Google provider is created', async () => {
    await page.getByRole('button', { name: 'New auth provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'New auth provider' });
    await dialog.getByLabel('Auth type').selectOption('google');
    await dialog.getByLabel('Client ID').fill('google-client');
    await dialog.getByLabel('Client secret').fill('google-secret');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.getByText('Required to turn this provider on').waitFor();
    await dialog.getByLabel('Allowed e-mail domains').fill('corp.example');
    assert.equal(await dialog.getByLabel('Allow anyone with a Google account').isDisabled(), true, 'anyone and a list exclude each other');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Saved disabled, with its policy; it goes live from the test step (left disabled here).
    const step = page.getByRole('dialog', { name: 'Test the new provider' });
    await step.getByRole('button', { name: 'Leave disabled' }).click();
    await step.waitFor({ state: 'detached' });
    const google = await expectProvider('google');
    assert.equal(google?.enabled, false);
    assert.deepEqual(google?.policy.allowed_email_domains, ['corp.example']);
  });
});
