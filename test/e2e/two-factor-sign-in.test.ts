import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { systemActor } from '../../src/services/audit.js';
import { totpCode } from '../../src/services/totp.js';
import { PASSWORD, createUser } from '../support/fixtures.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

/** The console's sign-in asks for the code of a person with two-factor sign-in on. */
describe('console: two-factor sign-in', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let seed = '';
  let backup: string[] = [];

  before(async () => {
    server = await startConsoleServer();
    const ivan = await createUser(server.t, { name: 'ivan' });
    seed = (await server.t.services.twoFactor.start(systemActor, ivan)).secret;
    backup = (await server.t.services.twoFactor.confirm(systemActor, ivan, totpCode(seed, server.t.clock.now()))).backup_codes;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function passwordStep() {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}/`);
    await page.getByLabel('Username').fill('ivan');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Verification code').waitFor();
    return page;
  }

  it('asks for the code after the password, refuses a wrong one in words, and signs in with the right one', async () => {
    const page = await passwordStep();
    await page.getByLabel('Verification code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('Wrong verification code').waitFor();
    server.t.clock.advance(30_000);
    await page.getByLabel('Verification code').fill(totpCode(seed, server.t.clock.now()));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).waitFor();
    await page.context().close();
  });

  it('sets up two-factor sign-in from My account with a QR code, shows the backup codes once, and turns it off with the password', async () => {
    const judy = await createUser(server.t, { name: 'judy' });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}/account`);
    await signInWithPassword(page, 'judy', PASSWORD);
    const card = page.locator('section', { has: page.getByRole('heading', { name: 'Two-factor sign-in' }) });
    await card.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await card.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = (await card.getByTestId('totp-secret').textContent()) ?? '';
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await card.getByLabel('Code from the app').fill('000000');
    await card.getByRole('button', { name: 'Turn on' }).click();
    await card.getByText(/Wrong code: check the time on your phone/).waitFor();
    await card.getByLabel('Code from the app').fill(totpCode(secret, server.t.clock.now()));
    await card.getByRole('button', { name: 'Turn on' }).click();
    await card.getByText('Two-factor sign-in is on.', { exact: true }).waitFor();
    assert.equal(await card.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').count(), 10);
    assert.equal(await server.t.services.twoFactor.isEnabled(judy.id), true);

    await page.reload();
    await card.getByText('Two-factor sign-in is on. 10 unused backup codes.').waitFor();
    assert.equal(await card.getByRole('list', { name: 'Backup codes' }).count(), 0, 'shown only once');
    await card.getByLabel('Current password').fill('not the password');
    await card.getByRole('button', { name: 'Turn off' }).click();
    await card.getByText('Wrong password or code').waitFor();
    await card.getByLabel('Current password').fill(PASSWORD);
    await card.getByRole('button', { name: 'Turn off' }).click();
    await card.getByRole('button', { name: 'Set up two-factor sign-in' }).waitFor();
    assert.equal(await server.t.services.twoFactor.isEnabled(judy.id), false);
    await page.context().close();
  });

  it('takes a backup code, once', async () => {
    const page = await passwordStep();
    await page.getByLabel('Verification code').fill(backup[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).waitFor();
    await page.context().close();

    const again = await passwordStep();
    await again.getByLabel('Verification code').fill(backup[0]!);
    await again.getByRole('button', { name: 'Verify' }).click();
    await again.getByText('Wrong verification code').waitFor();
    const failures = await server.call('GET', '/api/admin/audit/sign-in-failures');
    assert.equal(failures.status, 200);
    assert.ok(JSON.stringify(failures.body).includes('bad_tfa_code'));
    await again.context().close();
  });

  it('lets an administrator require two-factor sign-in of a user and reset it in Users', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}/users`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
    await page.getByRole('button', { name: 'Edit ivan' }).click();
    const dialog = page.getByRole('dialog', { name: /ivan/ });
    const section = dialog.getByRole('region', { name: 'Two-factor sign-in' });
    await section.getByText(/^On: this person signs in with a code/).waitFor();
    const saved = page.waitForResponse((r) => r.url().endsWith('/2fa/required') && r.request().method() === 'PUT');
    await section.getByLabel(/Require two-factor sign-in/).click();
    assert.equal((await saved).status(), 200);
    const ivan = await server.t.services.users.findByName('ivan');
    assert.equal((await server.t.services.twoFactor.status(ivan!.id)).required, true);
    await section.getByRole('button', { name: 'Reset two-factor sign-in' }).click();
    await page.getByRole('dialog', { name: 'Reset two-factor sign-in of ivan?' }).getByRole('button', { name: 'Reset two-factor sign-in' }).click();
    await section.getByText('Off.', { exact: true }).waitFor();
    assert.equal(await server.t.services.twoFactor.isEnabled(ivan!.id), false);
    const audit = await server.call('GET', '/api/admin/audit/console');
    assert.ok(JSON.stringify(audit.body).includes('user.2fa_reset'));
    await page.context().close();
  });
});
