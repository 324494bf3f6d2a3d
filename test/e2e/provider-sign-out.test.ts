import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';

/**
 * Signing out of a console session that came through a provider with an end-session endpoint
 * signs out there too (RP-Initiated Logout 1.0): the provider's own sign-out page, reached with
 * the sign-in's ID token as the hint, then back to the console.
 */
describe('console: signing out at the provider', { timeout: 90_000 }, () => {
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
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('ends the session here, then at the provider, and comes back to the console', async () => {
    server.idp.signInAs('alice');
    await page.goto(`${server.base}/`);
    await page.getByRole('link', { name: /Corp/ }).or(page.getByRole('button', { name: /Corp/ })).first().click();
    const signOut = page.getByRole('banner').getByRole('button', { name: 'Sign out' });
    await signOut.waitFor();

    const atProvider = page.waitForURL((url) => url.href.startsWith(`${server.idp.issuer}/session/end`));
    await signOut.click();
    await atProvider;
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('post_logout_redirect_uri'), `${server.base}/`);
    const hint = decodeJwt(url.searchParams.get('id_token_hint') ?? '');
    assert.deepEqual([hint.aud, hint.sub], ['deskgate-console', 'alice']);
    // Signed out here before the browser left.
    const sessions = await server.t.store.db.kysely.selectFrom('console_sessions').select(['revoked_at']).execute();
    assert.ok(sessions.length > 0 && sessions.every((s) => s.revoked_at !== null));

    // The provider asks; yes brings the browser back to the console's sign-in page.
    await page.getByRole('button', { name: /sign me out/i }).click();
    await page.waitForURL(`${server.base}/`);
    await page.getByLabel('Username').waitFor();
  });
});
