import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

/** Settings → OIDC: Test checks what is on the screen, saved or not, and says what is wrong in plain words. */
describe('console: the provider test checks the values on screen', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;
  let refusedHost: string;

  before(async () => {
    server = await startConsoleServer();
    const created = await server.call('POST', '/api/admin/oidc/providers', {
      type: 'oidc',
      name: 'corp',
      display_name: 'Corp',
      issuer: server.idp.issuer,
      client_id: 'deskgate-console',
      client_secret: 'console-secret',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    // A port nobody listens on (taken, then freed): a real refused connection.
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    refusedHost = `127.0.0.1:${(taken.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => taken.close(() => resolve()));
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

  it('tests the saved provider, then an edited issuer without saving it', async () => {
    await page.goto(`${server.base}/settings/oidc`);
    const card = page.locator('[data-provider="corp"]');
    const tested = () => page.waitForResponse((r) => r.url().endsWith('/test') && r.request().method() === 'POST');

    let answer = tested();
    await card.getByRole('button', { name: 'Test', exact: true }).click();
    assert.equal((await answer).status(), 200);
    await card.getByText('Everything deskgate checked works.').waitFor();
    await card.getByText(`Tested the saved settings (${server.idp.issuer})`).waitFor();
    await card.getByText(`${server.base}/api/oidc/callback`).first().waitFor();

    const issuer = `http://${refusedHost}/realms/corp`;
    await card.getByLabel('Issuer', { exact: true }).fill(issuer);
    answer = tested();
    await card.getByRole('button', { name: 'Test', exact: true }).click();
    const response = await answer;
    assert.deepEqual(response.request().postDataJSON(), { issuer });
    await card.getByText(`Tested the values on screen, not saved yet (${issuer})`).waitFor();
    const discovery = card.locator('li[data-check="discovery"]');
    await discovery.getByText(`Nothing is listening at ${refusedHost}: the connection was refused.`).waitFor();
    await discovery.getByText('Check the address and port, and that the provider is running.').waitFor();
    await discovery.getByText(`${issuer}/.well-known/openid-configuration`).waitFor();
    await discovery.getByText('What to do').waitFor();

    // Nothing was saved: the provider still has its issuer, and the form still shows the edit.
    const { body } = await server.call('GET', '/api/admin/oidc/providers');
    assert.equal((body as { name: string; issuer: string }[]).find((p) => p.name === 'corp')?.issuer, server.idp.issuer);
    assert.equal(await card.getByLabel('Issuer', { exact: true }).inputValue(), issuer);
  });
});
