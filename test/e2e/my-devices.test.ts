/**
 * My devices in Chromium: devices report in through the client's own requests, an administrator
 * gives some of them to alice (not an administrator) and one to bob; alice signs in and finds
 * hers, and only hers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEVICE, rust } from '../support/rustdesk-client.js';
import { launchChromium } from './support/chromium.js';
import { signInWithPassword } from './support/pages.js';
import { startConsoleServer, type ConsoleServer } from './support/console-server.js';

const ALICE = { name: 'alice', password: 'alice password 1' };
const nas = { id: '320000001', uuid: `${DEVICE.uuid}nas` };
const laptop = { id: '320000002', uuid: `${DEVICE.uuid}laptop` };
const bobsDesktop = { id: '320000003', uuid: `${DEVICE.uuid}bob` };
const kiosk = { id: '320000004', uuid: `${DEVICE.uuid}kiosk` };

describe('My devices page in Chromium', { timeout: 120_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;
  /** Script errors and Content-Security-Policy violations seen on the page. */
  const problems: string[] = [];

  /** As RustDesk 1.4.9 uploads its system information (spec/rustdesk-client-api.md §5.3). */
  async function report(device: { id: string; uuid: string }, hostname: string, os: string) {
    const body = { cpu: 'Intel(R) Core(TM) i5-8250U CPU, 1.60GHz, 8/4 cores', memory: '7.70GB', os, hostname, username: 'ali', version: '1.4.9', ...device };
    assert.equal((await server.t.app.inject(rust('/api/sysinfo', body))).body, 'SYSINFO_UPDATED');
  }
  async function created(url: string, payload: unknown): Promise<string> {
    const response = await server.call('POST', url, payload);
    assert.equal(response.status, 201, JSON.stringify(response.body));
    return (response.body as { id: string }).id;
  }
  async function patchDevice(id: string, payload: unknown) {
    const response = await server.call('PATCH', `/api/admin/devices/${id}`, payload);
    assert.equal(response.status, 200, JSON.stringify(response.body));
  }

  before(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
    const alice = await created('/api/admin/users', { name: ALICE.name, password: ALICE.password });
    const bob = await created('/api/admin/users', { name: 'bob', password: 'bob password 1' });
    const home = await created('/api/admin/device-groups', { name: 'Home' });
    await report(nas, 'alice-nas', 'linux / Debian GNU/Linux 12');
    server.t.clock.advance(120_000);
    await report(laptop, 'alice-laptop', 'macos / macOS 14.5 Sonoma');
    await report(bobsDesktop, 'bob-desktop', 'windows / Windows 11 Pro');
    await report(kiosk, 'lobby-kiosk', 'windows / Windows 10 Pro');
    await patchDevice(laptop.id, { user_id: alice, alias: 'Travel Mac', note: 'the silver one', group_id: home });
    await patchDevice(nas.id, { user_id: alice });
    await patchDevice(bobsDesktop.id, { user_id: bob, note: 'bob’s secret note' });

    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${server.base}/sign-in`);
    await signInWithPassword(page, ALICE.name, ALICE.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const row = (text: string) => page.getByRole('row').filter({ hasText: text });
  /** Waits until the table shows `n` rows (the list reloads after each filter). */
  async function rows(n: number): Promise<void> {
    await page.locator('tbody tr').nth(n - 1).waitFor();
    await page.locator('tbody tr').nth(n).waitFor({ state: 'detached' });
  }

  it('lists my devices, and nobody else’s, from My devices in the navigation', async () => {
    const nav = page.getByRole('navigation');
    assert.equal(await nav.getByRole('link', { name: 'Devices', exact: true }).count(), 0, 'the fleet is for administrators');
    await nav.getByRole('link', { name: 'My devices' }).click();
    await page.getByRole('heading', { name: 'My devices' }).waitFor();
    await rows(2);
    assert.match((await row('Travel Mac').textContent()) ?? '', /320000002.*Travel Mac.*alice-laptop.*ali.*Home.*macOS 14\.5.*1\.4\.9.*Online.*the silver one/);
    assert.match((await row('alice-nas').textContent()) ?? '', /320000001.*Debian.*Offline.*Last online/);
    assert.equal(await page.locator('tbody tr').first().locator('code').textContent(), laptop.id, 'the latest heard from first');
    const text = (await page.locator('main').textContent()) ?? '';
    for (const theirs of ['bob-desktop', 'bob’s secret note', 'lobby-kiosk', bobsDesktop.id, kiosk.id]) assert.ok(!text.includes(theirs), theirs);
  });

  it('searches my devices and filters them by online state', async () => {
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('nas');
    await search.press('Enter');
    await rows(1);
    await row('alice-nas').waitFor();
    await search.fill('bob');
    await search.press('Enter');
    await page.getByText('None of your devices matches.').waitFor();
    await search.fill('');
    await search.press('Enter');
    await page.getByLabel('Online', { exact: true }).selectOption({ label: 'Online' });
    await rows(1);
    await row('Travel Mac').waitFor();
    await page.getByLabel('Online', { exact: true }).selectOption({ label: 'Online or offline' });
    await rows(2);
  });

  it('fits a 375 px phone screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    small.setDefaultTimeout(10_000);
    await small.goto(`${server.base}/sign-in`);
    await signInWithPassword(small, ALICE.name, ALICE.password);
    await small.goto(`${server.base}/my-devices`);
    await small.getByText('Travel Mac').waitFor();
    assert.ok(((await small.evaluate('document.documentElement.scrollWidth')) as number) <= 375, 'the list fits');
    await phone.close();
  });

  it('showed no script error or Content-Security-Policy violation', () => {
    assert.deepEqual(problems, []);
  });
});
