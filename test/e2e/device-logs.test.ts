import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.js';
import { rust } from '../support/rustdesk-client.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

const words = en.deviceLogs;
/** A controlling device named to run a formula in the spreadsheet that opens the export. */
const HOSTILE = '=HYPERLINK("http://evil.example/","open me")';

/**
 * What a device reports through the client API (connections, a file sent, an alarm) shows on
 * Logs → Connections, File transfers and Alarms, in words, with a failed sign-in among the alarms;
 * the logs filter and export as CSV, an open connection is disconnected from its log, and the
 * owner of a device, not an administrator, sees its connections on My connections.
 */
describe('console: device logs', { timeout: 120_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;
  const kiosk = { id: '610000001', uuid: 'a2lvc2stMQ==' };
  const lab = { id: '610000002', uuid: 'bGFiLTE=' };

  const post = async (url: string, body: Record<string, unknown>) => {
    const response = await server.t.app.inject(rust(url, body));
    assert.equal(response.statusCode, 200, response.body);
    return response;
  };
  async function heartbeat(device: { id: string; uuid: string }, conns: number[]) {
    const response = await post('/api/heartbeat', { id: device.id, uuid: device.uuid, ver: 1004090, modified_at: 0, conns });
    await server.t.services.devices.flush();
    return response.json() as Record<string, unknown>;
  }
  const connections = () => page.getByRole('table', { name: words.connectionsTitle });
  const rowOf = (text: string) => connections().getByRole('row').filter({ hasText: text });

  before(async () => {
    server = await startConsoleServer();
    const created = await server.call('POST', '/api/admin/users', { name: 'olga', password: 'olga password 1' });
    assert.equal(created.status, 201);
    await post('/api/sysinfo', { ...kiosk, hostname: 'kiosk-1', os: 'windows / Windows 11 Pro', version: '1.4.9' });
    await post('/api/sysinfo', { ...lab, hostname: 'lab-1', os: 'linux / Ubuntu', version: '1.4.9' });
    const olga = (created.body as { id: string }).id;
    assert.equal((await server.call('PATCH', `/api/admin/devices/${lab.id}`, { user_id: olga })).status, 200);
    // A connection to the lab that lasted 95 s, from a controller with a hostile name.
    await post('/api/audit/conn', { ...lab, conn_id: 3, session_id: 0, action: 'new', ip: '198.51.100.88' });
    await post('/api/audit/conn', { ...lab, conn_id: 3, session_id: 77, peer: ['555555555', HOSTILE], type: 0 });
    server.t.clock.advance(95_000);
    await post('/api/audit/conn', { ...lab, conn_id: 3, session_id: 77, action: 'close' });
    server.t.clock.advance(60_000);
    // A terminal connection to the kiosk, still open and reported at the kiosk's heartbeat.
    await post('/api/audit/conn', { ...kiosk, conn_id: 1, session_id: 0, action: 'new', ip: '198.51.100.77' });
    await post('/api/audit/conn', { ...kiosk, conn_id: 1, session_id: 99, peer: ['123456789', 'helpdesk-pc'], type: 4 });
    await heartbeat(kiosk, [1]);
    await post('/api/audit/file', { ...kiosk, conn_id: 1, peer_id: '123456789', type: 0, path: 'C:\\reports\\q3.xlsx', is_file: true, info: '{"name":"helpdesk-pc","num":1,"files":[["q3.xlsx",1024]]}' });
    await post('/api/audit/alarm', { ...kiosk, typ: 1, info: '{"ip":"203.0.113.66","id":"5","name":"x"}' });
    await server.t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'mallory', password: 'guess' }, headers: { 'sec-fetch-site': 'same-origin' } });
    // deskgate's rendezvous server judged a relay request to the lab with a token it does not know.
    const judged = await server.t.services.connectPolicy.admitConnection({ token: 'not-a-token', targetId: '610000003', kind: 'relay', from: '198.51.100.99' });
    assert.equal(judged.ok, false);

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}/logs/connections`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the rendezvous server\'s own record of a request, with its verdict in words', async () => {
    const judged = rowOf('198.51.100.99');
    await judged.getByText(words.anonymous).waitFor();
    await judged.getByText(/^Relay request, seen by deskgate: refused \(.*sign in/).waitFor();
  });

  it('shows the connection with who connected, how, from where, and for how long', async () => {
    const open = rowOf(kiosk.id);
    await open.getByText('helpdesk-pc').waitFor();
    await open.getByText(words.connTypes[4] ?? '').waitFor();
    await open.getByText(words.open, { exact: true }).waitFor();
    await open.getByText('198.51.100.77').waitFor();
    await open.getByText(/^ongoing, /).waitFor();
    const closed = rowOf(lab.id);
    await closed.getByText(HOSTILE).waitFor();
    await closed.getByText('1 min 35 s').waitFor();
    assert.equal(await closed.getByRole('button', { name: words.disconnect }).count(), 0, 'a closed connection has nothing to disconnect');
  });

  it('filters connections by state and by controller', async () => {
    await page.getByLabel(words.filterState).selectOption({ label: words.stateClosed });
    await page.getByRole('button', { name: en.logs.apply }).click();
    await rowOf(kiosk.id).waitFor({ state: 'detached' });
    await rowOf(lab.id).waitFor();
    await page.getByLabel(words.filterState).selectOption({ label: words.anyState });
    await page.getByLabel(words.filterPeer).fill('HELPDESK-PC');
    await page.getByRole('button', { name: en.logs.apply }).click();
    await rowOf(lab.id).waitFor({ state: 'detached' });
    await rowOf(kiosk.id).waitFor();
  });

  it('exports the filtered connections as CSV, and every connection with no filter, formulas made text', async () => {
    let [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: words.exportCsv }).click()]);
    assert.match(download.suggestedFilename(), /^connections-\d{8}T\d{6}Z\.csv$/);
    let lines = (await readFile((await download.path())!, 'utf8')).split('\r\n');
    assert.match(lines[0]!, /^\uFEFFid,time,device_id,peer_id,peer_name,type,state/);
    assert.deepEqual(
      lines.slice(1).filter(Boolean).map((line) => line.split(',')[2]),
      [kiosk.id],
      'only what the filter shows',
    );
    await page.getByRole('button', { name: en.logs.clear }).click();
    await rowOf(lab.id).waitFor();
    [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: words.exportCsv }).click()]);
    const text = await readFile((await download.path())!, 'utf8');
    lines = text.split('\r\n').filter(Boolean);
    assert.equal(lines.length, 4);
    assert.match(text, /,610000003,,,,relay_refused,,,,198\.51\.100\.99,/, 'the rendezvous server\'s verdict');
    assert.ok(text.includes(`"'=HYPERLINK(""http://evil.example/"",""open me"")"`), text);
    assert.match(lines[3]!, /,closed,.*,95,198\.51\.100\.88,/);
  });

  it('disconnects an open connection after a confirmation, through the device’s next heartbeat', async () => {
    await rowOf(kiosk.id).getByRole('button', { name: words.disconnectLabel(kiosk.id, 'helpdesk-pc') }).click();
    const confirm = page.getByRole('dialog', { name: words.disconnectTitle(kiosk.id) });
    await confirm.getByRole('button', { name: words.disconnect }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByText(words.disconnected(kiosk.id)).waitFor();
    server.t.clock.advance(3_000);
    assert.deepEqual((await heartbeat(kiosk, [1])).disconnect, [1]);
  });

  it('shows the file sent, filtered by direction', async () => {
    await page.getByRole('link', { name: en.nav.files }).click();
    const table = page.getByRole('table', { name: words.filesTitle });
    const row = table.getByRole('row').filter({ hasText: 'q3.xlsx' });
    await row.getByText(words.sent).waitFor();
    await page.getByLabel(words.filterDirection).selectOption({ label: words.received });
    await page.getByRole('button', { name: en.logs.apply }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByText(en.logs.empty).waitFor();
  });

  it('shows the device’s alarm and the failed sign-in in words, and filters by source', async () => {
    await page.getByRole('link', { name: en.nav.alarms }).click();
    const table = page.getByRole('table', { name: words.alarmsTitle });
    const device = table.getByRole('row').filter({ hasText: kiosk.id });
    await device.getByText(words.alarmTypes[1] ?? '').waitFor();
    const signIn = table.getByRole('row').filter({ hasText: 'mallory' });
    await signIn.getByText(words.failedSignIn, { exact: false }).waitFor();
    await page.getByLabel(words.filterSource).selectOption({ label: words.sourceSignIn });
    await page.getByRole('button', { name: en.logs.apply }).click();
    await device.waitFor({ state: 'detached' });
    await signIn.waitFor();
  });

  it('shows a person who is not an administrator the connections to the devices they own, and nothing to disconnect', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const own = await context.newPage();
    own.setDefaultTimeout(10_000);
    // Straight to the page (My account, her home, has Sign out buttons of its own).
    await own.goto(`${server.base}/my-connections`);
    await signInWithPassword(own, 'olga', 'olga password 1');
    await own.getByRole('link', { name: en.nav.myConnections }).waitFor();
    const table = own.getByRole('table', { name: words.myConnectionsTitle });
    await table.getByRole('row').filter({ hasText: lab.id }).getByText('1 min 35 s').waitFor();
    assert.equal(await table.getByRole('row').filter({ hasText: kiosk.id }).count(), 0, 'not her device');
    assert.equal(await own.getByRole('button', { name: words.disconnect }).count(), 0);
    assert.equal(await own.getByRole('link', { name: en.nav.connections, exact: true }).count(), 0, 'no Logs for her');
    await context.close();
  });
});
