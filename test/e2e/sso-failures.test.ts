import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

interface FailureBody {
  kind: string;
  reason: string;
  provider_name: string;
  detail: string;
}

/**
 * A single sign-on that fails (a provider saved with the secret's ID instead of its value, the
 * classic Entra mistake, against the in-process provider) shows on Logs → Failed sign-ins, with
 * its provider and its reason in words, and on the provider's card on Settings → OIDC.
 */
describe('console: a failed single sign-on is visible to administrators', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;
  let failure: FailureBody;

  before(async () => {
    server = await startConsoleServer();
    const created = await server.call('POST', '/api/admin/oidc/providers', {
      type: 'oidc',
      name: 'corp',
      display_name: 'Corp SSO',
      issuer: server.idp.issuer,
      client_id: 'deskgate-console',
      client_secret: 'the-secret-id-not-its-value',
      enabled: true,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    browser = await launchChromium();

    // Someone tries to sign in through it, in a browser of their own, and is refused.
    server.idp.signInAs('alice');
    const visitor = await (await browser.newContext()).newPage();
    visitor.setDefaultTimeout(10_000);
    await visitor.goto(`${server.base}/sign-in`);
    await visitor.getByRole('link', { name: /Corp SSO/ }).click();
    await visitor.getByText('Sign-in failed', { exact: false }).first().waitFor();
    await visitor.close();
    // And someone mistypes a password.
    await server.t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'admin', password: 'wrong password' }, headers: { 'sec-fetch-site': 'same-origin' } });

    const { body } = await server.call('GET', '/api/admin/audit/sign-in-failures?kind=sso');
    const [recorded] = (body as { data: FailureBody[] }).data;
    assert.ok(recorded, 'the failure is recorded');
    failure = recorded;

    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}/logs/sign-in-failures`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lists it on Logs → Failed sign-ins with the provider and the reason in words, filtered by kind', async () => {
    assert.equal(failure.provider_name, 'corp');
    assert.match(failure.detail, /invalid_client/);
    const words = en.logs.reasons[failure.reason];
    assert.ok(words, `words for ${failure.reason}`);
    await page.goto(`${server.base}/logs/sign-in-failures`);
    const table = page.getByRole('table', { name: en.logs.failuresTitle });
    const ssoRow = table.getByRole('row').filter({ hasText: 'corp' });
    await ssoRow.getByText(words).waitFor();
    await ssoRow.getByText(en.logs.kinds.sso ?? '').waitFor();
    assert.equal(await table.getByText(failure.reason, { exact: true }).count(), 0, 'the code itself is not shown');
    const passwordRow = table.getByRole('row').filter({ hasText: en.logs.reasons.bad_credentials ?? '' });
    await passwordRow.first().waitFor();

    await page.getByLabel(en.logs.kind).selectOption('sso');
    await passwordRow.first().waitFor({ state: 'detached' });
    await ssoRow.getByText(words).waitFor();
    await page.getByLabel(en.logs.kind).selectOption('password');
    await ssoRow.first().waitFor({ state: 'detached' });
    await passwordRow.first().waitFor();
  });

  it('shows the last error on the provider’s card on Settings → OIDC', async () => {
    await page.goto(`${server.base}/settings/oidc`);
    const card = page.locator('[data-provider="corp"]');
    await card.getByText(en.providerLastError.title).waitFor();
    await card.getByText(en.logs.reasons[failure.reason] ?? '').waitFor();
    await card.getByText(/invalid_client/).waitFor();
  });
});
