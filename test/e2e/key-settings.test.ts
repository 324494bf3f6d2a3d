import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { systemActor } from '../../src/services/audit.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

/** The vector of spec/rustdesk-rendezvous.md §7 (seed 01×32): an hbbs key pair brought along. */
const ID_ED25519 = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQGKiOPddAnxlf1S2y08ul1yymcJvx2UEhvzdIgBtA9vXA==';
const PUBLIC = 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=';

/** Settings → Key: what an administrator gives RustDesk clients, each value to copy. */
describe('console: Settings → Key', { timeout: 120_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  /** The admin API's answer for the address the browser uses. */
  async function apiSettings(): Promise<Record<string, string>> {
    const response = await server.t.app.inject({
      method: 'GET',
      url: '/api/admin/rendezvous',
      headers: { ...server.admin.headers, host: new URL(server.base).host },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  }

  before(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.base}/settings/key`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the same key and client settings as GET /api/admin/rendezvous, and how to back the key up', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Key', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings → Key' }).waitFor();
    const expected = await apiSettings();
    assert.match(expected.public_key!, /^[A-Za-z0-9+]{43}=$/);
    assert.equal(await page.getByRole('textbox', { name: 'Key', exact: true }).inputValue(), expected.public_key);
    assert.equal(await page.getByRole('textbox', { name: 'ID server', exact: true }).inputValue(), expected.id_server);
    assert.equal(await page.getByRole('textbox', { name: 'Relay server', exact: true }).inputValue(), expected.relay_server);
    assert.equal(await page.getByRole('textbox', { name: 'API server', exact: true }).inputValue(), expected.api_server);
    assert.equal(expected.api_server, server.base);
    assert.equal(expected.id_server, 'localhost');
    await page.getByText(/Losing the key pair breaks every client’s Key/).waitFor();
    await page.getByText('deskgate key export', { exact: true }).waitFor();
  });

  it('copies the key and the ID server', async () => {
    const expected = await apiSettings();
    await page.getByRole('button', { name: 'Copy Key', exact: true }).click();
    await page.getByRole('button', { name: 'Copy Key', exact: true }).getByText('Copied').waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), expected.public_key);
    await page.getByRole('button', { name: 'Copy ID server' }).click();
    await page.getByRole('button', { name: 'Copy ID server' }).getByText('Copied').waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), expected.id_server);
  });

  it('shows an imported hbbs key once the page is opened again', async () => {
    await server.t.services.rendezvousKey.importHbbs(systemActor, { idEd25519: ID_ED25519, force: true });
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings → Key' }).waitFor();
    await page.waitForFunction(`document.querySelector('input[name="public_key"]')?.value === ${JSON.stringify(PUBLIC)}`);
    assert.equal((await apiSettings()).public_key, PUBLIC);
  });

  it('fits a 375 px phone screen without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    await small.goto(`${server.base}/settings/key`);
    await signInWithPassword(small, ADMIN.name, ADMIN.password);
    await small.getByRole('heading', { level: 1, name: 'Settings → Key' }).waitFor();
    await small.getByRole('textbox', { name: 'Key', exact: true }).waitFor();
    const width = (await small.evaluate('document.documentElement.scrollWidth')) as number;
    assert.ok(width <= 375, `the page is ${width}px wide`);
    await phone.close();
  });
});
