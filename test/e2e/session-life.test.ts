import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

interface Lifetimes {
  name: string;
  token_ttl_days: number;
  session_ttl_hours: number;
  revalidate_minutes: number;
}

/** Settings → OIDC: a provider's Advanced section says how long its sign-ins last and how often its people are checked again. */
describe('console: how long a provider’s sign-ins last', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await startConsoleServer();
    const created = await server.call('POST', '/api/admin/oidc/providers', { type: 'oidc', name: 'corp', issuer: server.idp.issuer, client_id: 'deskgate-console', enabled: false });
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

  async function expectLifetimes(): Promise<Lifetimes | undefined> {
    const { body } = await server.call('GET', '/api/admin/oidc/providers');
    return (body as Lifetimes[]).find((p) => p.name === 'corp');
  }

  it('shows the defaults, refuses what is not a whole number, and saves the three settings', async () => {
    await page.goto(`${server.base}/settings/oidc`);
    const card = page.locator('[data-provider="corp"]');
    await card.getByText('Advanced').click();
    const days = card.getByLabel('RustDesk sign-in lasts at most (days)');
    const hours = card.getByLabel('Console sign-in lasts at most (hours)');
    const minutes = card.getByLabel('Check people again at the provider every (minutes)');
    assert.equal(await days.inputValue(), '0');
    assert.equal(await hours.inputValue(), '0');
    assert.equal(await minutes.inputValue(), '60');
    await card.getByText(/The shorter of this and the server’s setting \(DESKGATE_TOKEN_TTL_DAYS\) applies/).waitFor();
    await card.getByText(/If the provider says no \(the account was disabled or deleted/).waitFor();

    await days.fill('a week');
    await card.getByText('Enter a whole number from 0 to 3650.').waitFor();
    await days.fill('7');
    await card.getByText('Enter a whole number from 0 to 3650.').waitFor({ state: 'detached' });
    await hours.fill('8');
    await minutes.fill('15');
    const answer = page.waitForResponse((r) => r.url().includes('/api/admin/oidc/providers/') && r.request().method() === 'PATCH');
    await card.getByRole('button', { name: 'Save provider' }).click();
    assert.equal((await answer).status(), 200);
    const saved = await expectLifetimes();
    assert.deepEqual(
      { days: saved?.token_ttl_days, hours: saved?.session_ttl_hours, minutes: saved?.revalidate_minutes },
      { days: 7, hours: 8, minutes: 15 },
    );
  });
});
