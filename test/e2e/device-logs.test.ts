import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.js';
import { rust } from '../support/rustdesk-client.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

/**
 * What a device reports through the client API (a connection, a file sent, an alarm) shows on
 * Logs → Connections, File transfers and Alarms, in words, with a failed sign-in among the alarms.
 */
describe('console: device logs', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;
  const kiosk = { id: '610000001', uuid: 'a2lvc2stMQ==' };

  before(async () => {
    server = await startConsoleServer();
    const post = async (url: string, body: Record<string, unknown>) => {
      const response = await server.t.app.inject(rust(url, body));
      assert.equal(response.statusCode, 200, response.body);
    };
    await post('/api/sysinfo', { ...kiosk, hostname: 'kiosk-1', os: 'windows / Windows 11 Pro', version: '1.4.9' });
    await post('/api/audit/conn', { ...kiosk, conn_id: 1, session_id: 0, action: 'new', ip: '198.51.100.77' });
    await post('/api/audit/conn', { ...kiosk, conn_id: 1, session_id: 99, peer: ['123456789', 'helpdesk-pc'], type: 4 });
    await post('/api/audit/file', { ...kiosk, conn_id: 1, peer_id: '123456789', type: 0, path: 'C:\\reports\\q3.xlsx', is_file: true, info: '{"name":"helpdesk-pc","num":1,"files":[["q3.xlsx",1024]]}' });
    await post('/api/audit/alarm', { ...kiosk, typ: 1, info: '{"ip":"203.0.113.66","id":"5","name":"x"}' });
    await server.t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'mallory', password: 'guess' }, headers: { 'sec-fetch-site': 'same-origin' } });

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}/logs/connections`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the connection with who connected, how, and from where', async () => {
    const table = page.getByRole('table', { name: en.deviceLogs.connectionsTitle });
    const row = table.getByRole('row').filter({ hasText: kiosk.id });
    await row.getByText('helpdesk-pc').waitFor();
    await row.getByText(en.deviceLogs.connTypes[4] ?? '').waitFor();
    await row.getByText(en.deviceLogs.open).waitFor();
    await row.getByText('198.51.100.77').waitFor();
  });

  it('shows the file sent', async () => {
    await page.getByRole('link', { name: en.nav.files }).click();
    const row = page.getByRole('table', { name: en.deviceLogs.filesTitle }).getByRole('row').filter({ hasText: 'q3.xlsx' });
    await row.getByText(en.deviceLogs.sent).waitFor();
  });

  it('shows the device’s alarm and the failed sign-in in words', async () => {
    await page.getByRole('link', { name: en.nav.alarms }).click();
    const table = page.getByRole('table', { name: en.deviceLogs.alarmsTitle });
    await table.getByRole('row').filter({ hasText: kiosk.id }).getByText(en.deviceLogs.alarmTypes[1] ?? '').waitFor();
    const signIn = table.getByRole('row').filter({ hasText: 'mallory' });
    await signIn.getByText(en.deviceLogs.failedSignIn, { exact: false }).waitFor();
  });
});
