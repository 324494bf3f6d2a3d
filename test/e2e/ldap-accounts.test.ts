import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { PEOPLE, openLdapSettings, startLdap, type TestLdap } from '../support/ldap.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

/**
 * Directory (LDAP) accounts in the console: the Users page and a user's dialog say that their
 * password is the directory's and offer no local one, and My account does not offer to change it.
 */
describe('console: directory (LDAP) accounts', { timeout: 120_000 }, () => {
  let ldap: TestLdap;
  let server: ConsoleServer;
  let browser: Browser;

  before(async () => {
    ldap = await startLdap();
    server = await startConsoleServer();
    browser = await launchChromium();
    const saved = await server.call('PUT', '/api/admin/ldap', openLdapSettings(ldap, { admin_group_dn: '' }));
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const local = await server.call('POST', '/api/admin/users', { name: 'lena', password: 'lena password 1' });
    assert.equal(local.status, 201, JSON.stringify(local.body));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await ldap?.stop();
  });

  it('My account tells a directory user their password is the directory’s, with nothing to change it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.base}/sign-in`);
    await signInWithPassword(page, 'bob', PEOPLE.bob);
    await page.goto(`${server.base}/account`);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Password', exact: true }) });
    await card.getByText(/You sign in with the password of your directory \(LDAP \/ Active Directory\) account/).waitFor();
    assert.equal(await page.getByRole('heading', { name: /Change password|Set a password/ }).count(), 0);
    assert.equal(await page.locator('input[name="new_password"]').count(), 0);
    assert.equal(await page.getByRole('button', { name: /Change password|Set a password/ }).count(), 0);
    await page.context().close();
  });

  it('the Users page marks directory accounts, and their dialog offers no password reset but says why', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.base}/sign-in`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
    await page.goto(`${server.base}/users`);
    await page.getByRole('row', { name: /bob/ }).getByText('Directory (LDAP)').waitFor();
    assert.equal(await page.getByRole('row', { name: /lena/ }).getByText('Directory (LDAP)').count(), 0);
    await page.getByRole('row', { name: /lena/ }).getByRole('cell', { name: 'Yes', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Edit bob' }).click();
    const bob = page.getByRole('dialog', { name: 'Edit bob' });
    await bob.getByText(/deskgate keeps no password for them, so it is changed or reset in the directory/).waitFor();
    assert.equal(await bob.getByRole('button', { name: 'Reset password' }).count(), 0);
    await bob.getByRole('button', { name: 'Sign out everywhere' }).waitFor();
    await bob.getByRole('button', { name: 'Cancel' }).click();
    await bob.waitFor({ state: 'detached' });

    // A local account keeps its reset.
    await page.getByRole('button', { name: 'Edit lena' }).click();
    const lena = page.getByRole('dialog', { name: 'Edit lena' });
    await lena.getByRole('button', { name: 'Reset password' }).waitFor();
    assert.equal(await lena.getByText(/changed or reset in the directory/).count(), 0);

    // The server refuses a local password for the directory account anyway.
    const { body } = await server.call('GET', '/api/admin/users?search=bob');
    const id = (body as { data: { id: string; ldap: boolean }[] }).data[0]!.id;
    assert.equal((body as { data: { ldap: boolean }[] }).data[0]!.ldap, true);
    assert.equal((await server.call('POST', `/api/admin/users/${id}/password`, { password: 'a local password' })).status, 409);
    await page.context().close();
  });
});
