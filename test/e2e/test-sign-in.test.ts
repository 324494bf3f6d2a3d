import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

/** Settings → OIDC: Test sign-in opens the provider in a new tab and shows each rule's verdict on the card. */
describe('console: test sign-in through a provider', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await startConsoleServer();
    // Turned off, and open only to another e-mail domain: the test names that rule.
    const created = await server.call('POST', '/api/admin/oidc/providers', {
      type: 'oidc',
      name: 'corp',
      display_name: 'Corp',
      issuer: server.idp.issuer,
      client_id: 'deskgate-console',
      client_secret: 'console-secret',
      policy: { allowed_email_domains: ['other.example'] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.base}/settings/oidc`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in at the provider in a new tab, and the card names the rule that would refuse the person', async () => {
    server.idp.signInAs('alice');
    await page.goto(`${server.base}/settings/oidc`);
    const card = page.locator('[data-provider="corp"]');
    const opened = page.context().waitForEvent('page');
    await card.getByRole('button', { name: 'Test sign-in', exact: true }).click();
    const tab = await opened;
    // The tab went through the provider and back to deskgate's result page.
    await tab.getByRole('heading', { name: 'Test sign-in: corp' }).waitFor();
    await tab.getByText('Allowed e-mail domains').first().waitFor();

    await card.getByText('This person would be refused:').waitFor();
    const refused = card.locator('li[data-rule="allowed_email_domains"]');
    await refused.getByText('Allowed e-mail domains').waitFor();
    await refused.getByText('What to do').waitFor();
    await card.locator('li[data-rule="username_claim"]').getByText('A new account would be named "alice"').waitFor();
    await card.getByText('A test: nobody was signed in and nothing was created.').waitFor();

    // The report is kept: the card shows it again after a reload.
    await page.reload();
    await card.locator('li[data-rule="allowed_email_domains"]').getByText('What to do').waitFor();

    // Nothing was made: no user alice, and the provider is still off.
    const users = await server.call('GET', '/api/admin/users?search=alice');
    assert.doesNotMatch(JSON.stringify(users.body), /"name":"alice"/);
    const { body } = await server.call('GET', '/api/admin/oidc/providers');
    assert.equal((body as { name: string; enabled: boolean }[]).find((p) => p.name === 'corp')?.enabled, false);
  });
});
