/**
 * The Devices page in Chromium: devices report in through the client's own requests, then an
 * administrator finds, edits, asks again, disconnects, disables and deletes them on the page.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEVICE, rust } from '../support/rustdesk-client.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

const kiosk = { id: '310000001', uuid: `${DEVICE.uuid}kiosk` };
const laptop = { id: '310000002', uuid: `${DEVICE.uuid}laptop` };

describe('Devices page in Chromium', { timeout: 120_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;
  /** Script errors and Content-Security-Policy violations seen on the page. */
  const problems: string[] = [];

  async function heartbeat(device: { id: string; uuid: string }, conns: number[] = []) {
    const response = await server.t.app.inject(rust('/api/heartbeat', { id: device.id, uuid: device.uuid, ver: 1004090, modified_at: 0, ...(conns.length ? { conns } : {}) }));
    await server.t.services.devices.flush();
    return response.json() as Record<string, unknown>;
  }

  before(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
    assert.equal((await server.call('POST', '/api/admin/users', { name: 'alice', password: 'alice password 1' })).status, 201);
    assert.equal((await server.call('POST', '/api/admin/device-groups', { name: 'Lobby' })).status, 201);
    // As RustDesk 1.4.9 reports in (spec/rustdesk-client-api.md §5.2, §5.3).
    const sysinfo = (device: { id: string; uuid: string }, hostname: string, os: string) => ({
      cpu: 'Intel(R) Core(TM) i5-8250U CPU, 1.60GHz, 8/4 cores',
      memory: '7.70GB',
      os,
      hostname,
      username: 'frontdesk',
      version: '1.4.9',
      ...device,
    });
    await server.t.app.inject(rust('/api/sysinfo', sysinfo(laptop, 'sales-laptop', 'macos / macOS 14.5 Sonoma')));
    await heartbeat(laptop);
    server.t.clock.advance(120_000);
    await server.t.app.inject(rust('/api/sysinfo', sysinfo(kiosk, 'kiosk-01', 'windows / Windows 10 Pro - 10.0.19045')));
    await heartbeat(kiosk, [7]);

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

  const row = (text: string) => page.getByRole('row').filter({ hasText: text });
  const rowCount = () => page.locator('tbody tr').count();
  /** Waits until the table shows `n` rows (the list reloads after each change). */
  async function rows(n: number): Promise<void> {
    await page.locator('tbody tr').nth(n - 1).waitFor();
    await page.locator('tbody tr').nth(n).waitFor({ state: 'detached' });
  }

  it('lists the devices that reported in, online first, with their system, version and presence', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Devices', exact: true }).click();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    await row('kiosk-01').waitFor();
    assert.equal(await rowCount(), 2);
    assert.match((await row('kiosk-01').textContent()) ?? '', /310000001.*Windows 10 Pro.*1\.4\.9.*Online/);
    assert.match((await row('sales-laptop').textContent()) ?? '', /Offline.*Last online/);
    assert.equal(await page.locator('tbody tr').first().locator('code').textContent(), kiosk.id);
  });

  it('searches and filters by online state', async () => {
    await page.getByRole('searchbox', { name: 'Search' }).fill('sales');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await rows(1);
    await row('sales-laptop').waitFor();
    await page.getByRole('searchbox', { name: 'Search' }).fill('');
    await page.getByRole('searchbox', { name: 'Search' }).press('Enter');
    await page.getByLabel('Online', { exact: true }).selectOption({ label: 'Offline' });
    await rows(1);
    await row('sales-laptop').waitFor();
    await page.getByLabel('Online', { exact: true }).selectOption({ label: 'Online or offline' });
    await rows(2);
  });

  it('shows a device’s system information and saves its alias, owner, group and note', async () => {
    await page.getByRole('button', { name: 'Details: kiosk-01' }).click();
    const dialog = page.getByRole('dialog', { name: 'Device kiosk-01' });
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /Intel\(R\) Core\(TM\) i5-8250U.*7\.70GB/);
    await dialog.getByLabel('Alias').fill('Reception kiosk');
    await dialog.getByLabel('Owner').selectOption({ label: 'alice' });
    await dialog.getByLabel('Device group').selectOption({ label: 'Lobby' });
    await dialog.getByLabel('Note').fill('by the door');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row('Reception kiosk').waitFor();
    assert.match((await row('Reception kiosk').textContent()) ?? '', /kiosk-01.*alice.*Lobby/);
    const stored = (await server.call('GET', `/api/admin/devices/${kiosk.id}`)).body as { alias: string; note: string; owner: { name: string }; group: { name: string } };
    assert.deepEqual([stored.alias, stored.note, stored.owner.name, stored.group.name], ['Reception kiosk', 'by the door', 'alice', 'Lobby']);
  });

  it('asks the device for its system information again and closes a live connection, both through its next heartbeat', async () => {
    await page.getByRole('button', { name: 'Details: Reception kiosk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Device Reception kiosk' });
    await dialog.getByRole('button', { name: 'Ask for system information again' }).click();
    await dialog.getByText('Asked again; the device uploads it at its next heartbeat.').waitFor();
    await dialog.getByRole('button', { name: 'Disconnect Connection 7' }).click();
    const confirm = page.getByRole('dialog', { name: 'Disconnect connection 7?' });
    await confirm.getByRole('button', { name: 'Disconnect' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText('Connection 7 is closed at the device’s next heartbeat.').waitFor();
    // Its next heartbeat, 3 s later as in a session (§5.1).
    server.t.clock.advance(3_000);
    assert.deepEqual(await heartbeat(kiosk, [7]), { modified_at: 0, sysinfo: 1, disconnect: [7] });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('fits a 375 px phone screen: the list and the details dialog', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    small.setDefaultTimeout(10_000);
    await small.goto(`${server.base}/sign-in`);
    await signInWithPassword(small, ADMIN.name, ADMIN.password);
    await small.goto(`${server.base}/devices`);
    await small.getByRole('button', { name: 'Details: Reception kiosk' }).waitFor();
    assert.ok(((await small.evaluate('document.documentElement.scrollWidth')) as number) <= 375, 'the list fits');
    await small.getByRole('button', { name: 'Details: Reception kiosk' }).click();
    const box = await small.getByRole('dialog', { name: 'Device Reception kiosk' }).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375, 'the dialog fits');
    await phone.close();
  });

  it('disables a device, then deletes it after confirming', async () => {
    await page.getByRole('button', { name: 'Details: sales-laptop' }).click();
    let dialog = page.getByRole('dialog', { name: 'Device sales-laptop' });
    await dialog.getByRole('switch', { name: 'Enabled' }).uncheck();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row('sales-laptop').getByText('Disabled').waitFor();

    await page.getByRole('button', { name: 'Details: sales-laptop' }).click();
    dialog = page.getByRole('dialog', { name: 'Device sales-laptop' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete sales-laptop?' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('sales-laptop is deleted.').waitFor();
    await rows(1);
    assert.equal((await server.call('GET', `/api/admin/devices/${laptop.id}`)).status, 404);
  });

  it('showed no script error or Content-Security-Policy violation', () => {
    assert.deepEqual(problems, []);
  });
});
