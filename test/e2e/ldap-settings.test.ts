import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ADMINS_GROUP, AD_FILTER, BASE_DN, PEOPLE, READER_DN, READER_PASSWORD, startLdap, type TestLdap } from '../support/ldap.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';
import { totpCode } from '../../src/services/totp.js';

/** Settings → LDAP: an administrator sets up the directory, tests it, and a directory user signs in. */
describe('console: Settings → LDAP', { timeout: 120_000 }, () => {
  let ldap: TestLdap;
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    ldap = await startLdap();
    server = await startConsoleServer();
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.base}/settings/ldap`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await ldap?.stop();
  });

  it('saves the settings (the bind password never shown again), tests a person, and lets that person sign in', async () => {
    await page.goto(`${server.base}/settings/ldap`);
    await page.getByRole('heading', { name: 'Settings → LDAP' }).waitFor();
    await page.locator('input[name="url"]').fill(ldap.url);
    await page.locator('input[name="bind_dn"]').fill(READER_DN);
    await page.locator('input[name="bind_password"]').fill(READER_PASSWORD);
    await page.locator('input[name="base_dn"]').fill(BASE_DN);
    await page.locator('input[name="user_filter"]').fill('(&(objectClass=inetOrgPerson)(uid={username}))');
    await page.locator('input[name="group_attribute"]').fill('memberOf');
    await page.locator('input[name="admin_group_dn"]').fill(ADMINS_GROUP);
    await page.getByRole('switch', { name: 'Sign in with the directory' }).check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('LDAP settings saved.').waitFor();
    // Saved, and the password only said to be stored.
    await page.reload();
    assert.equal(await page.locator('input[name="bind_password"]').inputValue(), '');
    assert.equal(await page.locator('input[name="bind_password"]').getAttribute('placeholder'), 'Stored (leave empty to keep it)');
    assert.equal(await page.locator('input[name="url"]').inputValue(), ldap.url);

    // A filter without {username} is refused, with the reason.
    await page.locator('input[name="user_filter"]').fill('(uid=alice)');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/must contain \{username\}/).waitFor();
    await page.reload();

    await page.locator('input[name="test_username"]').fill('alice');
    await page.locator('input[name="test_password"]').fill(PEOPLE.alice);
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByText('The directory works with these settings.').waitFor();
    await page.locator('li[data-check="bind"]').getByText(`Signed in to the directory as ${READER_DN}`).waitFor();
    await page.locator('li[data-check="user_bind"]').getByText('is right').waitFor();
    const found = page.getByTestId('ldap-user');
    await found.getByText('alice@example.test').waitFor();
    await found.getByText('None yet: the first sign-in creates one (if allowed)').waitFor();

    // Nested groups: ticked and saved; Test then shows the groups that came through nesting.
    await page.getByLabel('Nested groups').check();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('LDAP settings saved.').waitFor();
    await page.reload();
    assert.equal(await page.getByLabel('Nested groups').isChecked(), true);
    await page.locator('input[name="test_username"]').fill('bob');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.locator('li[data-check="search"]').getByText('Groups: 1 on the entry, 2 more through nested groups').waitFor();
    await page.locator('input[name="test_username"]').fill('alice');

    await page.locator('input[name="test_password"]').fill('wrong');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByText('The test failed:').waitFor();
    await page.locator('li[data-check="user_bind"]').getByText(/refused the password/).waitFor();

    // alice signs in to the console with her directory password.
    const other = await (await browser.newContext()).newPage();
    await other.goto(`${server.base}/`);
    await signInWithPassword(other, 'alice', PEOPLE.alice);
    // Without a local password, two-factor sign-in is turned off with a code, not a password.
    await other.goto(`${server.base}/account`);
    const card = other.locator('section', { has: other.getByRole('heading', { name: 'Two-factor sign-in' }) });
    await card.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const secret = (await card.getByTestId('totp-secret').textContent()) ?? '';
    await card.getByLabel('Code from the app').fill(totpCode(secret, server.t.clock.now()));
    await card.getByRole('button', { name: 'Turn on' }).click();
    await card.getByText('Two-factor sign-in is on.', { exact: true }).waitFor();
    server.t.clock.advance(30_000);
    assert.equal(await card.getByLabel('Current password').count(), 0);
    await card.getByLabel('A code from the app, or a backup code').fill(totpCode(secret, server.t.clock.now()));
    await card.getByRole('button', { name: 'Turn off' }).click();
    await card.getByRole('button', { name: 'Set up two-factor sign-in' }).waitFor();
    await other.close();
    const users = await server.call('GET', '/api/admin/users?search=alice');
    assert.match(JSON.stringify(users.body), /"name":"alice"/);
    assert.match(JSON.stringify(users.body), /"is_admin":true/);
  });

  it('shows an unreachable directory as a clear error', async () => {
    const saved = await server.call('PUT', '/api/admin/ldap', { url: 'ldap://127.0.0.1:1', user_filter: AD_FILTER });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    await page.goto(`${server.base}/settings/ldap`);
    await page.locator('input[name="test_username"]').fill('alice');
    await page.getByRole('button', { name: 'Test', exact: true }).click();
    await page.getByText(/Nothing answers at ldap:\/\/127\.0\.0\.1:1/).waitFor();
  });
});
