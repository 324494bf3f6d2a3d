/**
 * My account → Connected providers in Chromium: a person who signs in with a password connects
 * the in-process provider (a full sign-in there), sees it listed, signs out, and signs in through
 * the provider into the same account.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../support/fixtures.js';
import { launchChromium } from './support/chromium.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';

const PERSON = { name: 'lin', password: 'lin password 123' };

describe('console: connecting a provider on My account', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await startConsoleServer();
    const created = await server.call('POST', '/api/admin/oidc/providers', {
      type: 'oidc',
      name: 'corp',
      display_name: 'Corp',
      enabled: true,
      issuer: server.idp.issuer,
      client_id: 'deskgate-console',
      client_secret: 'console-secret',
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await createUser(server.t, { name: PERSON.name, password: PERSON.password });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The header's "Sign out" (My account has others, for sessions). */
  const signOutButton = () => page.getByRole('banner').getByRole('button', { name: 'Sign out' });

  async function signedInAs(): Promise<string | undefined> {
    const response = await page.request.get(`${server.base}/api/session`);
    return response.ok() ? ((await response.json()) as { user: { name: string } }).user.name : undefined;
  }

  it('connects the provider, lists it, and signs in through it into the same account', async () => {
    await page.goto(`${server.base}/account`);
    await page.getByLabel('Username').fill(PERSON.name);
    await page.getByLabel('Password', { exact: true }).fill(PERSON.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await signOutButton().waitFor();
    await page.goto(`${server.base}/account`);
    const section = page.getByRole('region', { name: 'Connected providers' });
    await section.getByText('No provider is connected to your account yet.').waitFor();

    // The in-process provider signs in as "alice" (its own name for this person).
    server.idp.signInAs('alice');
    await section.getByRole('button', { name: 'Connect Corp', exact: true }).click();
    await page.waitForURL(`${server.base}/account?connected=corp`);
    await page.getByText('corp is connected to your account.').waitFor();
    const linked = section.locator('[data-identity="corp"]');
    await linked.getByText('Corp', { exact: true }).waitFor();
    await linked.getByText('alice@corp.example').waitFor();
    assert.equal(await section.getByRole('button', { name: 'Connect Corp', exact: true }).count(), 0, 'a connected provider offers no second Connect');

    await signOutButton().click();
    await page.getByRole('link', { name: 'Continue with Corp' }).click();
    await signOutButton().waitFor();
    assert.equal(await signedInAs(), PERSON.name);
    assert.equal(await server.t.store.users.findByName('alice'), undefined, 'no second account was made');
  });
});
