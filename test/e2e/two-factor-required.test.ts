import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../src/services/audit.js';
import { totpCode } from '../../src/services/totp.js';
import { PASSWORD, createUser } from '../support/fixtures.js';
import { launchChromium } from './support/chromium.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';

/** Required 2FA set up at the console sign-in, and "Trust this browser". */
describe('console: required two-factor sign-in and trusted browsers', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;

  before(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    return page;
  }

  async function password(page: Page, name: string) {
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  it('has a person whose group requires 2FA set it up at sign-in, with no session before the first code', async () => {
    const nina = await createUser(server.t, { name: 'nina' });
    const group = await server.t.services.groups.create(systemActor, { name: 'Payroll' });
    await server.t.services.groups.changeMembers(systemActor, group.id, { add: [nina.id] });
    await server.t.services.twoFactor.setRequired(systemActor, { type: 'user_group', id: group.id, name: 'Payroll' }, true);

    const page = await newPage();
    await page.goto(`${server.base}/account`);
    await password(page, 'nina');
    await page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor();
    await page.getByText('An administrator requires two-factor sign-in for your account. Set it up to continue.').waitFor();
    await page.getByRole('button', { name: 'Show the QR code' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const seed = (await page.getByTestId('totp-secret').textContent()) ?? '';
    assert.match(seed, /^[A-Z2-7]{32}$/);
    assert.equal((await page.context().cookies()).some((c) => c.name === 'deskgate_session'), false, 'no session yet');

    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on and sign in' }).click();
    await page.getByText('Wrong verification code').waitFor();
    await page.getByLabel('Code from the app').fill(totpCode(seed, server.t.clock.now()));
    await page.getByRole('button', { name: 'Turn on and sign in' }).click();
    await page.getByText('Two-factor sign-in is on.', { exact: true }).waitFor();
    assert.equal(await page.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').count(), 10);
    await page.getByRole('button', { name: 'I have kept my backup codes: continue' }).click();
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).waitFor();
    assert.equal(await server.t.services.twoFactor.isEnabled(nina.id), true);
    const failures = await server.call('GET', '/api/admin/audit/sign-in-failures');
    assert.ok(JSON.stringify(failures.body).includes('bad_tfa_code'));
    await page.context().close();
  });

  it('trusts this browser for 30 days when asked at the code step, lists it in My account, and asks again once it is revoked', async () => {
    const otto = await createUser(server.t, { name: 'otto' });
    const seed = (await server.t.services.twoFactor.start(systemActor, otto)).secret;
    await server.t.services.twoFactor.confirm(systemActor, otto, totpCode(seed, server.t.clock.now()));
    const code = () => (server.t.clock.advance(30_000), totpCode(seed, server.t.clock.now()));

    const page = await newPage();
    await page.goto(`${server.base}/account`);
    await password(page, 'otto');
    await page.getByLabel('Verification code').fill(code());
    await page.getByLabel('Trust this browser for 30 days').check();
    await page.getByRole('button', { name: 'Verify' }).click();
    const banner = page.getByRole('banner');
    await banner.getByRole('button', { name: 'Sign out' }).click();

    // The same browser: the password is enough.
    await password(page, 'otto');
    await banner.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${server.base}/account`);
    const trusted = page.getByRole('region', { name: 'Trusted devices' });
    const table = trusted.getByRole('table', { name: 'Trusted devices' });
    await table.getByText('Browser', { exact: true }).waitFor();
    await trusted.getByRole('button', { name: 'Stop trusting' }).click();
    await trusted.getByText('No trusted devices.').waitFor();
    await banner.getByRole('button', { name: 'Sign out' }).click();

    await password(page, 'otto');
    await page.getByLabel('Verification code').waitFor();
    const audit = await server.call('GET', '/api/admin/audit/console');
    assert.ok(JSON.stringify(audit.body).includes('user.2fa_trust_device'));
    assert.ok(JSON.stringify(audit.body).includes('user.2fa_revoke_trust'));
    await page.context().close();
  });
});
