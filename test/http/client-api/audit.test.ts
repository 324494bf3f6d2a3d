import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createUser } from '../../support/fixtures.js';
import { dart, loginBody, rust } from '../../support/rustdesk-client.js';
import { errorBodyProblems } from '../../support/rustdesk-shapes.js';

/** The controller's random u64 session id: past 2^53, so it must stay exact (§12 item 14). */
const SESSION = '18446744073709551557';

/** A device post with a u64 written as a bare JSON number, as the Rust client serialises it. */
function rustWithSession(url: string, body: Record<string, unknown>): InjectOptions {
  const request = rust(url, { ...body, session_id: 0 });
  return { ...request, payload: (request.payload as string).replace('"session_id":0', `"session_id":${SESSION}`) };
}

for (const engine of await testEngines()) {
  describe(`RustDesk client audit endpoints (${engine})`, () => {
    let t: TestApp;
    /** The controlled device, known to deskgate through its sysinfo. */
    const controlled = { id: '555000111', uuid: 'Y29udHJvbGxlZC1tYWNoaW5l' };
    /** The controlling client, signed in as alice from device 123456789. */
    let token: string;
    let otherToken: string;

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'alice' });
      await createUser(t, { name: 'bob' });
      const sysinfo = await t.app.inject(rust('/api/sysinfo', { ...controlled, hostname: 'kiosk', os: 'windows / Windows 11 Pro', version: '1.4.9' }));
      assert.equal(sysinfo.body, 'SYSINFO_UPDATED');
      const signIn = async (name: string, id: string) => {
        const response = await t.app.inject(dart('POST', '/api/login', { ...loginBody(name, PASSWORD), id }));
        return (response.json() as { access_token: string }).access_token;
      };
      token = await signIn('alice', '123456789');
      otherToken = await signIn('bob', '777777777');
    });
    after(() => t.close());

    /** 200 with an empty body: what master's audit client needs to stop retrying (§6.5). */
    async function post(request: InjectOptions): Promise<void> {
      const response = await t.app.inject(request);
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.body, '');
    }

    const records = async (kind: 'conn' | 'file' | 'alarm', deviceId = controlled.id) =>
      (await t.store.deviceAudit.list({ kind, deviceId }, { current: 1, pageSize: 100 })).rows;

    async function activeGuid(query: string, bearer = token) {
      return t.app.inject({ method: 'GET', url: `/api/audit/conn/active?${query}`, headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` } });
    }

    it('follows a connection from "new" through authorised to "close", with the u64 session id exact, and the controller’s notes', async () => {
      await post(rust('/api/audit/conn', { ...controlled, conn_id: 1, session_id: 0, action: 'new', ip: '::ffff:198.51.100.20', conn_audit_ref: 'ref-1', nonce: 'n-1' }));
      // Asked before the device reported the controller: '' so the client asks again (§6.6).
      const early = await activeGuid(`id=${controlled.id}&session_id=${SESSION}&conn_type=0`);
      assert.equal(early.statusCode, 200);
      assert.equal(early.json(), '');

      await post(rustWithSession('/api/audit/conn', { ...controlled, conn_id: 1, peer: ['123456789', 'alice-laptop'], type: 0, primary_auth: 2, two_factor: 1, nonce: 'n-2' }));
      const active = await activeGuid(`id=${controlled.id}&session_id=${SESSION}&conn_type=0`);
      assert.equal(active.statusCode, 200);
      assert.equal(active.headers['content-type'], 'application/json; charset=utf-8');
      const guid = active.json() as string;
      assert.ok(guid.length > 0);
      // Another person's client, or another connection type, learns nothing.
      assert.equal((await activeGuid(`id=${controlled.id}&session_id=${SESSION}&conn_type=0`, otherToken)).json(), '');
      assert.equal((await activeGuid(`id=${controlled.id}&session_id=${SESSION}&conn_type=1`)).json(), '');

      // §6.2: the controller's note during the session, sent without credentials.
      await post(rustWithSession('/api/audit/conn', { id: controlled.id, note: 'helping with the printer' }));
      let [record] = await records('conn');
      assert.deepEqual(
        [record?.id, record?.action, record?.session_id, record?.peer_id, record?.peer_name, record?.type, record?.ip, record?.note, record?.info],
        [guid, 'authorized', SESSION, '123456789', 'alice-laptop', 0, '::ffff:198.51.100.20', 'helping with the printer', { conn_audit_ref: 'ref-1', primary_auth: 2, two_factor: 1 }],
      );

      // §6.7: the note at the end of the session; only the controller's own connection.
      const put = (bearer: string, body: unknown) => t.app.inject(dart('PUT', '/api/audit', body, bearer));
      const foreign = await put(otherToken, { guid, note: 'not mine' });
      assert.equal(foreign.statusCode, 404);
      assert.deepEqual(errorBodyProblems(foreign.json()), []);
      const saved = await put(token, { guid, note: 'printer fixed' });
      assert.equal(saved.statusCode, 200, saved.body);

      t.clock.advance(60_000);
      await post(rustWithSession('/api/audit/conn', { ...controlled, conn_id: 1, action: 'close', nonce: 'n-3' }));
      [record] = await records('conn');
      assert.deepEqual([record?.action, record?.note, record?.closed_at], ['close', 'printer fixed', t.clock.now()]);
      assert.equal((await activeGuid(`id=${controlled.id}&session_id=${SESSION}&conn_type=0`)).json(), '');
    });

    it('stores a retried post once, by its nonce', async () => {
      const body = {
        ...controlled,
        peer_id: '123456789',
        conn_id: 2,
        type: 0,
        path: 'C:\\Users\\kiosk\\report.pdf',
        is_file: true,
        info: JSON.stringify({ ip: '198.51.100.20', name: 'alice-laptop', num: 1, files: [['report.pdf', 48213]] }),
        nonce: '6f1c6a0e-0c1d-4f3e-9a55-1f2b8e1d0a77',
      };
      await post(rust('/api/audit/file', body));
      await post(rust('/api/audit/file', body));
      const files = await records('file');
      assert.equal(files.length, 1);
      assert.deepEqual(
        [files[0]?.type, files[0]?.peer_id, files[0]?.peer_name, files[0]?.ip, files[0]?.info.path, files[0]?.info.is_file, files[0]?.info.files],
        [0, '123456789', 'alice-laptop', '198.51.100.20', 'C:\\Users\\kiosk\\report.pdf', true, [['report.pdf', 48213]]],
      );
    });

    it('keeps alarms of every typ, known or not, with their details', async () => {
      await post(rust('/api/audit/alarm', { ...controlled, typ: 9, conn_id: 3, info: JSON.stringify({ id: '123456789', name: 'alice-laptop', ip: '203.0.113.9', conn_type: 'terminal', message: 'scope' }) }));
      await post(rust('/api/audit/alarm', { ...controlled, typ: 42, info: 'not json', conn_audit_ref: 'r' }));
      const alarms = (await records('alarm')).map((a) => [a.type, a.ip, a.info]);
      assert.deepEqual(alarms.sort(), [
        [42, '127.0.0.1', { conn_audit_ref: 'r' }],
        [9, '203.0.113.9', { id: '123456789', name: 'alice-laptop', ip: '203.0.113.9', conn_type: 'terminal', message: 'scope' }],
      ].sort());
    });

    it('drops posts of unknown devices and of another machine’s uuid (answered 200, so the client does not retry), recording the impostor', async () => {
      const impostor = { id: controlled.id, uuid: 'aW1wb3N0b3I=' };
      await post(rust('/api/audit/alarm', { ...impostor, typ: 1, info: '{}' }));
      await post(rust('/api/audit/conn', { id: '999999999', uuid: 'bm9ib2R5', conn_id: 1, action: 'new', ip: '1.2.3.4' }));
      assert.equal((await records('conn', '999999999')).length, 0);
      const alarms = await records('alarm');
      assert.ok(alarms.some((a) => a.action === 'uuid_mismatch' && a.device_uuid === impostor.uuid));
      assert.ok(!alarms.some((a) => a.type === 1));
    });

    it('refuses malformed posts and queries with a 4xx JSON error', async () => {
      const refused = async (request: InjectOptions, status = 400) => {
        const response = await t.app.inject(request);
        assert.equal(response.statusCode, status, `${request.url} ${response.body}`);
        assert.deepEqual(errorBodyProblems(response.json()), []);
      };
      for (const url of ['/api/audit/conn', '/api/audit/file', '/api/audit/alarm']) {
        await refused(rust(url, []));
        await refused(rust(url, { uuid: controlled.uuid }));
        await refused(rust(url, { id: 5, uuid: controlled.uuid }));
        await refused({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: '{"id":' });
      }
      await refused(rust('/api/audit/conn', { ...controlled, conn_id: 1, action: 'explode' }));
      await refused(rust('/api/audit/conn', { id: controlled.id, session_id: 'abc', note: 'x' }));
      await refused(await Promise.resolve({ method: 'GET', url: `/api/audit/conn/active?id=${controlled.id}&session_id=1&conn_type=0`, headers: { authorization: 'Bearer nope' } }), 401);
      const bad = await activeGuid(`id=${controlled.id}&session_id=-1&conn_type=0`);
      assert.equal(bad.statusCode, 400);
      assert.equal((await activeGuid(`id=${controlled.id}&conn_type=0`)).statusCode, 400);
      await refused(dart('PUT', '/api/audit', { guid: 'x', note: 'y' }, 'nope'), 401);
      await refused(dart('PUT', '/api/audit', { note: 'y' }, token));
    });
  });
}
