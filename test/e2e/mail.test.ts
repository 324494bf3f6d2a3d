import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { systemActor } from '../../src/services/audit.js';
import { createUser } from '../support/fixtures.js';
import { startSmtp, type SmtpTestServer } from '../support/smtp.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

const linkIn = (text: string) => /^(http\S+#token=[A-Za-z0-9_-]+)$/m.exec(text)?.[1] ?? assert.fail(`no link in ${text}`);

/** Settings → SMTP, an invitation accepted in the browser, and "Forgot password?". */
describe('console: e-mail', { timeout: 120_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let relay: SmtpTestServer;

  before(async () => {
    server = await startConsoleServer();
    relay = await startSmtp({ security: 'starttls', auth: { user: 'mailer', pass: 'relay password' } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.t.services.passwordResets.flush();
    await relay?.close();
    await server?.close();
  });

  async function newPage(path: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}${path}`);
    return page;
  }

  it('saves SMTP settings with a write-only password and sends a test e-mail, showing the server’s answer', async () => {
    const page = await newPage('/settings/smtp');
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
    await page.getByLabel('Host').fill(relay.host);
    await page.getByLabel('Port').fill(String(relay.port));
    await page.getByLabel('Security').selectOption('starttls');
    await page.getByLabel('Username').fill('mailer');
    await page.getByLabel('Password').fill('relay password');
    await page.getByLabel('From').fill('deskgate <deskgate@example.test>');
    await page.getByLabel('Custom CA (PEM)').fill(relay.caPem);
    await page.getByLabel('Timeout (seconds)').fill('10');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('A password is saved. Type a new one to replace it.').waitFor();
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password is never shown again');

    await page.getByLabel('Send to').fill('ops@example.test');
    await page.getByRole('button', { name: 'Send test e-mail' }).click();
    await page.getByText(/^Sent\. The server answered: 250 /).waitFor();
    const mail = await relay.next();
    assert.deepEqual(mail.to, ['ops@example.test']);
    assert.equal(mail.secure, true);

    await page.getByLabel('Send to').fill('not-an-address');
    await page.getByRole('button', { name: 'Send test e-mail' }).click();
    await page.getByText('Not a valid e-mail address').waitFor();
    await page.context().close();
  });

  it('invites a person from Users into a group, who chooses a username and password from the link and signs in', async () => {
    await server.t.services.groups.create(systemActor, { name: 'Helpdesk' });
    const page = await newPage('/users');
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
    await page.getByRole('button', { name: 'Invite' }).click();
    const dialog = page.getByRole('dialog', { name: 'Invite by e-mail' });
    await dialog.getByLabel('E-mail address').fill('newbie@example.test');
    await dialog.getByRole('group', { name: 'User groups of the account' }).getByLabel('Helpdesk').check();
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    const pending = dialog.getByRole('list', { name: 'Pending invitations' }).getByRole('listitem').filter({ hasText: 'newbie@example.test' });
    await pending.getByText('· Helpdesk').waitFor();
    assert.equal(await dialog.getByLabel('Helpdesk').isChecked(), false, 'the form is cleared for the next one');
    const link = linkIn((await relay.next()).text);
    assert.ok(link.startsWith(`${server.base}/invitation#token=`), link);
    await page.context().close();

    const invitee = await newPage('/');
    await invitee.goto(link);
    await invitee.getByText('You were invited as newbie@example.test. Choose your password to make your account.').waitFor();
    await invitee.getByLabel('Username').fill('newbie');
    await invitee.getByLabel('New password', { exact: true }).fill('newbie password 1');
    await invitee.getByLabel('New password again').fill('newbie password 2');
    await invitee.getByRole('button', { name: 'Create my account' }).click();
    await invitee.getByText('The two passwords differ.').waitFor();
    await invitee.getByLabel('New password again').fill('newbie password 1');
    await invitee.getByRole('button', { name: 'Create my account' }).click();
    await invitee.getByText('Your account newbie is ready. Sign in with your password.').waitFor();
    await invitee.getByRole('link', { name: 'Sign in' }).click();
    await signInWithPassword(invitee, 'newbie', 'newbie password 1');
    const newbie = await server.t.services.users.get((await server.t.services.users.findByName('newbie'))!.id);
    assert.deepEqual([newbie.is_admin, newbie.groups.map((g) => g.name)], [false, ['Helpdesk']]);

    // The link worked once.
    await invitee.goto(link);
    await invitee.getByText(/This invitation link is invalid, already used or expired/).waitFor();
    await invitee.context().close();
  });

  it('resets a forgotten password from the sign-in page, with the same answer for an unknown name', async () => {
    await server.t.services.settings.set(systemActor, 'public_url', server.base);
    await createUser(server.t, { name: 'forgetful', email: 'forgetful@example.test', password: 'old password 1' });
    const page = await newPage('/');
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByLabel('Username or e-mail address').fill('nobody-here');
    await page.getByRole('button', { name: 'Send link' }).click();
    const neutral = /If an account with a password matches and has an e-mail address, a link to choose a new password is on its way/;
    await page.getByText(neutral).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByLabel('Username or e-mail address').fill('forgetful@example.test');
    await page.getByRole('button', { name: 'Send link' }).click();
    await page.getByText(neutral).waitFor();
    await server.t.services.passwordResets.flush();
    const mail = await relay.next();
    assert.deepEqual(mail.to, ['forgetful@example.test']);
    const link = linkIn(mail.text);
    assert.ok(link.startsWith(`${server.base}/reset-password#token=`), link);

    await page.goto(link);
    await page.getByText('For the account forgetful. Choosing it signs this account out everywhere.').waitFor();
    await page.getByLabel('New password', { exact: true }).fill('new password 1');
    await page.getByLabel('New password again').fill('new password 1');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('The password of forgetful is set. Sign in with it now.').waitFor();
    await page.getByRole('link', { name: 'Sign in' }).click();
    await signInWithPassword(page, 'forgetful', 'new password 1');
    await page.context().close();
  });
});
