/**
 * Small things an administrator meets first, in Chromium: a sign-in page that logs no error,
 * the usual marks of known provider types, a tenant pasted as an issuer URL, the user limit's
 * reasons, and the Entra steps below the type picker on a phone.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

describe('console details in Chromium', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;

  before(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
    // Two providers without icons of their own: an Azure one (a known mark) and a custom one (its initial).
    for (const payload of [
      { type: 'azure', name: 'entra', client_id: 'app', client_secret: 's', tenant_id: TENANT, enabled: true },
      { type: 'oidc', name: 'corp', display_name: 'Corp SSO', client_id: 'deskgate-console', client_secret: 'console-secret', issuer: server.idp.issuer, enabled: true },
    ]) {
      const created = await server.call('POST', '/api/admin/oidc/providers', payload);
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(viewport = { width: 1280, height: 900 }): Promise<{ page: Page; messages: string[] }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const messages: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') messages.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => messages.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => {
      // A reload cancels what is still loading (the favicon, on a busy machine): not a failure of the page.
      if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
      messages.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? ''})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) messages.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    return { page, messages };
  }

  it('the sign-in page loads signed out with no error in the browser console and no failed request', async () => {
    const { page, messages } = await newPage();
    await page.goto(`${server.base}/`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Continue with Microsoft' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    assert.deepEqual(messages, []);
    await page.context().close();
  });

  it('shows the usual mark of a known type on the sign-in buttons, and the initial for a custom one', async () => {
    const { page } = await newPage();
    await page.goto(`${server.base}/sign-in`);
    const microsoft = page.getByRole('link', { name: 'Continue with Microsoft' });
    await microsoft.waitFor();
    assert.equal(await microsoft.locator('[data-logo="azure"] svg rect').count(), 4);
    const corp = page.getByRole('link', { name: 'Continue with Corp SSO' });
    assert.equal(await corp.locator('svg').count(), 0);
    assert.equal((await corp.locator('.provider-icon-letter').textContent())?.trim(), 'C');
    // Drawn in the page: nothing was fetched for it.
    assert.equal(await page.locator('img.provider-icon').count(), 0);

    await signInWithPassword(page, ADMIN.name, ADMIN.password);
    await page.goto(`${server.base}/settings/oidc`);
    await page.locator('[data-provider="entra"] [data-logo="azure"] svg').waitFor();
    await page.context().close();
  });

  it('reads a tenant pasted as an issuer URL, and says what is wrong with one that is not', async () => {
    const { page } = await newPage();
    await page.goto(`${server.base}/sign-in`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
    await page.goto(`${server.base}/settings/oidc`);
    await page.getByRole('button', { name: 'New auth provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'New auth provider' });
    const tenant = dialog.getByLabel('Directory (tenant) ID');

    for (const pasted of [`https://login.microsoftonline.com/${TENANT}/v2.0`, `https://login.microsoftonline.com/${TENANT}/`, `https://sts.windows.net/${TENANT}/`]) {
      await tenant.fill(pasted);
      assert.equal(await dialog.getByLabel('Issuer').inputValue(), `https://login.microsoftonline.com/${TENANT}/v2.0`, pasted);
      await dialog.getByText(`Tenant ${TENANT}, taken from the URL you pasted.`).waitFor();
    }

    await tenant.fill('https://accounts.google.com');
    await dialog.getByText(/This URL is at accounts\.google\.com, not at Microsoft Entra ID/).waitFor();
    await dialog.getByRole('button', { name: 'OK' }).click();
    assert.equal(await dialog.getByText('Enter the issuer').count(), 0);
    await tenant.fill('not a tenant');
    await dialog.getByText(/This is not a Directory \(tenant\) ID/).waitFor();

    // Saved from a pasted URL: the server keeps the tenant alone.
    await tenant.fill(`https://login.microsoftonline.com/${TENANT}/v2.0`);
    await dialog.getByLabel(/^Name/).fill('pasted');
    await dialog.getByLabel('Button label').fill('Pasted tenant');
    await dialog.getByLabel('Client ID').fill('11111111-2222-3333-4444-555555555555');
    await dialog.getByLabel('Client secret').fill('azure-secret-value');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page.locator('[data-provider="pasted"]').waitFor();
    const { body } = await server.call('GET', '/api/admin/oidc/providers');
    const saved = (body as { name: string; tenant_id: string; issuer: string }[]).find((p) => p.name === 'pasted');
    assert.equal(saved?.tenant_id, TENANT);
    assert.equal(saved?.issuer, `https://login.microsoftonline.com/${TENANT}/v2.0`);
    await page.context().close();
  });

  it('says why a user limit is not valid', async () => {
    const { page } = await newPage();
    await page.goto(`${server.base}/sign-in`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
    await page.goto(`${server.base}/settings/oidc`);
    const limit = page.getByLabel('Maximum number of authorized users');
    for (const [typed, reason] of [
      ['-1', 'The limit cannot be negative. Enter 0 for no limit.'],
      ['2.5', 'Enter a whole number of users, without decimals.'],
      ['ten', 'Enter digits only (no spaces, letters or separators): 0 means no limit.'],
      ['', 'Enter a number: 0 means no limit.'],
      ['20000000', 'At most 10,000,000. Enter 0 for no limit.'],
    ] as const) {
      await limit.fill(typed);
      await page.getByText(reason, { exact: true }).waitFor();
    }
    await limit.fill('25');
    assert.equal(await page.locator('.field-invalid input[name="max_authorized_users"]').count(), 0);
    await page.context().close();
  });

  it('puts the Entra steps below the type picker and above the fields on a 390 × 844 phone', async () => {
    const { page } = await newPage({ width: 390, height: 844 });
    await page.goto(`${server.base}/sign-in`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
    await page.goto(`${server.base}/settings/oidc`);
    await page.getByRole('button', { name: 'New auth provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'New auth provider' });
    const picker = await dialog.getByLabel('Auth type').boundingBox();
    const guide = await dialog.locator('details.guide').boundingBox();
    const clientId = await dialog.getByLabel('Client ID').boundingBox();
    assert.ok(picker && guide && clientId);
    assert.ok(guide.y >= picker.y + picker.height, `guide at ${guide.y}, picker ends at ${picker.y + picker.height}`);
    assert.ok(guide.y + guide.height <= clientId.y, `guide ends at ${guide.y + guide.height}, Client ID at ${clientId.y}`);
    assert.ok(guide.x >= 0 && guide.x + guide.width <= 390, 'the guide fits the screen');
    await page.context().close();
  });
});
