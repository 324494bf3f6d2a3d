/**
 * Who can connect, in Chromium: an administrator sets the rendezvous settings on Settings →
 * Others, a device new while approval is required shows as waiting on the Devices page, and
 * the Approve button lets people connect to it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { REFUSALS } from '../../src/services/connect-policy.js';
import { DEVICE, rust } from '../support/rustdesk-client.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

const known = { id: '320000001', uuid: `${DEVICE.uuid}known` };
const newcomer = { id: '320000002', uuid: `${DEVICE.uuid}newcomer` };

describe('Device admission in Chromium', { timeout: 120_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const sysinfo = (device: { id: string; uuid: string }, hostname: string) =>
    server.t.app.inject(rust('/api/sysinfo', { cpu: 'x', memory: '8GB', os: 'linux / Debian 12', hostname, username: 'desk', version: '1.4.9', ...device }));
  const settings = async () => (await server.call('GET', '/api/admin/settings')).body as Record<string, unknown>;
  const admit = (targetId: string) => server.t.services.connectPolicy.admitConnection({ token: '', targetId, kind: 'punch', from: '203.0.113.4' });

  before(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
    await sysinfo(known, 'known-box');
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${server.base}/sign-in`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sets who can connect on Settings → Others', async () => {
    await page.goto(`${server.base}/settings/others`);
    await page.getByRole('heading', { name: 'Who can connect' }).waitFor();
    const login = page.getByRole('switch', { name: 'Only signed-in people can connect' });
    assert.equal(await login.isChecked(), false);
    // A controlled switch: it shows the saved value once the page has read it back.
    await login.click();
    await page.locator('input[name="rendezvous.login_required"]:checked').waitFor();
    await page.getByLabel('Admission of devices').selectOption({ label: 'Require approval' });
    await page.waitForFunction(async () => {
      const response = await fetch('/api/admin/settings');
      return ((await response.json()) as Record<string, unknown>)['rendezvous.admission'] === 'approval';
    });
    const now = await settings();
    assert.deepEqual([now['rendezvous.login_required'], now['rendezvous.admission']], [true, 'approval']);
    // In effect at once: an anonymous request is refused with the words the client shows.
    assert.deepEqual(await admit(known.id), { ok: false, reason: REFUSALS.signInRequired });
    await page.reload();
    assert.equal(await page.getByRole('switch', { name: 'Only signed-in people can connect' }).isChecked(), true);
    assert.equal(await page.getByLabel('Admission of devices').inputValue(), 'approval');
    await login.click();
    await page.waitForFunction(async () => {
      const response = await fetch('/api/admin/settings');
      return ((await response.json()) as Record<string, unknown>)['rendezvous.login_required'] === false;
    });
  });

  it('shows a device new while approval is required as waiting, and approves it', async () => {
    await sysinfo(newcomer, 'new-box');
    assert.deepEqual(await admit(newcomer.id), { ok: false, reason: REFUSALS.awaitingApproval });
    await page.getByRole('navigation').getByRole('link', { name: 'Devices', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'new-box' });
    await row.getByText('Waiting for approval').waitFor();
    // The device known before the rule is not waiting.
    assert.equal(await page.getByRole('row').filter({ hasText: 'known-box' }).getByText('Waiting for approval').count(), 0);
    await row.getByRole('button', { name: 'Approve: new-box' }).click();
    await page.getByText('new-box is approved').waitFor();
    await row.getByText('Waiting for approval').waitFor({ state: 'detached' });
    assert.equal(((await server.call('GET', `/api/admin/devices/${newcomer.id}`)).body as { approved: boolean }).approved, true);
    assert.equal((await admit(newcomer.id)).ok, true);
    assert.deepEqual(problems, []);
  });
});
