import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createApiToken, createUser } from '../../support/fixtures.js';
import { assertJsonError, malformedCases } from '../../support/malformed.js';
import { dart, loginBody, rust } from '../../support/rustdesk-client.js';

for (const engine of await testEngines()) {
  describe(`admin API: device audit logs (${engine})`, () => {
    let t: TestApp;
    let auditor: Record<string, string>;
    const kiosk = { id: '600000001', uuid: 'a2lvc2s=' };
    const lab = { id: '600000002', uuid: 'bGFi' };

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'alice' });
      auditor = (await createApiToken(t, ['audit:read'])).headers;
      for (const device of [kiosk, lab]) assert.equal((await t.app.inject(rust('/api/sysinfo', { ...device, hostname: device.id }))).body, 'SYSINFO_UPDATED');
      // What the devices report, in order, a minute apart.
      const posts: [string, Record<string, unknown>][] = [
        ['/api/audit/conn', { ...kiosk, conn_id: 1, session_id: 0, action: 'new', ip: '198.51.100.1' }],
        ['/api/audit/conn', { ...kiosk, conn_id: 1, session_id: 42, peer: ['123456789', 'alice-laptop'], type: 1 }],
        ['/api/audit/conn', { ...lab, conn_id: 7, session_id: 0, action: 'new', ip: '198.51.100.2' }],
        ['/api/audit/file', { ...kiosk, conn_id: 1, peer_id: '123456789', type: 1, path: 'Documents/a.txt', is_file: true, info: '{"name":"alice-laptop","num":1,"files":[["a.txt",3]]}' }],
        ['/api/audit/alarm', { ...kiosk, typ: 2, info: '{"ip":"203.0.113.5","id":"1","name":"x"}' }],
      ];
      for (const [url, body] of posts) {
        t.clock.advance(60_000);
        assert.equal((await t.app.inject(rust(url, body))).statusCode, 200);
      }
      t.clock.advance(60_000);
      // A failed sign-in: a login alarm.
      assert.equal((await t.app.inject(dart('POST', '/api/login', loginBody('alice', `${PASSWORD}-wrong`)))).statusCode, 401);
    });
    after(() => t.close());

    const get = (url: string, headers = auditor) => t.app.inject({ method: 'GET', url, headers });

    it('lists connections newest first, each from new to its latest state, and filters by device', async () => {
      const all = await get('/api/admin/audit/connections');
      assert.equal(all.statusCode, 200, all.body);
      const page = all.json() as { total: number; data: { device_id: string; action: string; peer_name: string; type: number; session_id: string; ip: string }[] };
      assert.equal(page.total, 2);
      assert.deepEqual(
        page.data.map((c) => [c.device_id, c.action, c.peer_name, c.type, c.session_id, c.ip]),
        [
          [lab.id, 'new', '', -1, '', '198.51.100.2'],
          [kiosk.id, 'authorized', 'alice-laptop', 1, '42', '198.51.100.1'],
        ],
      );
      const one = (await get(`/api/admin/audit/connections?device_id=${kiosk.id}`)).json() as { total: number };
      assert.equal(one.total, 1);
      const paged = (await get('/api/admin/audit/connections?current=2&pageSize=1')).json() as { total: number; data: { device_id: string }[] };
      assert.deepEqual([paged.total, paged.data.map((c) => c.device_id)], [2, [kiosk.id]]);
    });

    it('lists file transfers with what was sent', async () => {
      const files = (await get('/api/admin/audit/files')).json() as { total: number; data: { peer_name: string; info: Record<string, unknown> }[] };
      assert.equal(files.total, 1);
      assert.deepEqual([files.data[0]?.peer_name, files.data[0]?.info.path, files.data[0]?.info.files], ['alice-laptop', 'Documents/a.txt', [['a.txt', 3]]]);
    });

    it('lists device alarms and failed sign-ins together, newest first', async () => {
      const alarms = (await get('/api/admin/audit/alarms')).json() as { total: number; data: { source: string; type: number; action: string; device_id: string; info: Record<string, unknown> }[] };
      assert.equal(alarms.total, 2);
      assert.deepEqual(
        alarms.data.map((a) => [a.source, a.type, a.action, a.device_id, a.info.name]),
        [
          ['sign_in', -1, 'bad_credentials', '', 'alice'],
          ['device', 2, '', kiosk.id, 'x'],
        ],
      );
    });

    it('needs audit:read', async () => {
      const devicesOnly = (await createApiToken(t, ['devices:read'])).headers;
      for (const url of ['/api/admin/audit/connections', '/api/admin/audit/files', '/api/admin/audit/alarms']) {
        assertJsonError(await get(url, devicesOnly), 403);
        assertJsonError(await get(url, {}), 401);
      }
    });

    it('refuses malformed queries with a 4xx JSON error', async () => {
      for (const path of ['/api/admin/audit/connections', '/api/admin/audit/files', '/api/admin/audit/alarms']) {
        for (const bad of malformedCases({ method: 'GET', path, paged: true, badQuery: path.endsWith('alarms') ? {} : { from: ['-1', 'x'], device_id: ['', 'x'.repeat(101)] } })) {
          const response = await t.app.inject({ ...bad.request, headers: { ...auditor, ...(bad.request.headers as Record<string, string>) } });
          assertJsonError(response, bad.status, { router: bad.router ?? false });
        }
      }
    });
  });
}
