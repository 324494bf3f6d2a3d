import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { systemActor } from '../../src/services/audit.js';
import { totpCode } from '../../src/services/totp.js';
import { PASSWORD, createUser } from '../support/fixtures.js';
import { launchChromium } from './support/chromium.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';

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
});
