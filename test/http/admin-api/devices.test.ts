import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../../src/app.js';
import { openDatabase } from '../../../src/store/db.js';
import { buildTestApp, testPasswords, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser } from '../../support/fixtures.js';
import { assertJsonError, malformedCases, type RouteExample } from '../../support/malformed.js';
import { DEVICE, rust } from '../../support/rustdesk-client.js';

interface Device {
  id: string;
  hostname: string;
  username: string;
  os: string;
  version: string;
  alias: string;
  note: string;
  enabled: boolean;
  owner: { id: string; name: string } | null;
  group: { id: string; name: string } | null;
  online: boolean;
  conns: number[];
  last_online_at: number;
  sysinfo_at: number;
}

/** What client 1.4.9 uploads (spec/rustdesk-client-api.md §5.3). */
const sysinfoBody = (device: { id: string; uuid: string }, extra: Record<string, unknown> = {}) => ({
  cpu: 'Intel(R) Core(TM) i7-9750H CPU, 2.59GHz, 12/6 cores',
  memory: '15.85GB',
  os: 'windows / Windows 10 Pro - 10.0.19045',
  hostname: `host-${device.id}`,
  username: 'alice',
  version: '1.4.9',
  id: device.id,
  uuid: device.uuid,
  ...extra,
});

for (const engine of await testEngines()) {
  describe(`admin API: devices (${engine})`, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    let n = 0;
    const newDevice = () => ({ id: `${700_000_000 + ++n}`, uuid: `${DEVICE.uuid}${n}` });

    before(async () => {
      t = await buildTestApp(engine);
      headers = (await createApiToken(t, ['devices:write', 'audit:read'], 'fleet-script')).headers;
    });
    after(() => t.close());

    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    const ok = async <T = Device>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown): Promise<T> => {
      const response = await call(method, url, payload);
      assert.ok(response.statusCode < 300, `${response.statusCode} ${response.body}`);
      return (response.body === '' ? undefined : response.json()) as T;
    };

    /** A device reporting in as the client does: sysinfo, then a heartbeat with its live connections. */
    async function report(device: { id: string; uuid: string }, options: { conns?: number[]; sysinfo?: Record<string, unknown> } = {}) {
      assert.equal((await t.app.inject(rust('/api/sysinfo', sysinfoBody(device, options.sysinfo)))).body, 'SYSINFO_UPDATED');
      return heartbeat(device, options.conns);
    }
    async function heartbeat(device: { id: string; uuid: string }, conns?: number[]) {
      const body = { id: device.id, uuid: device.uuid, ver: 1004090, modified_at: 0, ...(conns?.length ? { conns } : {}) };
      const answer = (await t.app.inject(rust('/api/heartbeat', body))).json() as Record<string, unknown>;
      await t.services.devices.flush();
      return answer;
    }
    async function deviceGroup(name: string): Promise<string> {
      const id = randomUUID();
      await t.database.db.kysely.insertInto('device_groups').values({ id, name, name_key: name.toLowerCase(), note: '', created_at: 1, updated_at: 1 }).execute();
      return id;
    }

    it('lists devices the latest heard from first, with owner, group, online state and live connections, never the uuid', async () => {
      const [older, newer] = [newDevice(), newDevice()];
      await report(older);
      t.clock.advance(1_000);
      await report(newer, { conns: [3, 8] });
      const page = await ok<{ total: number; data: Device[] }>('GET', `/api/admin/devices?search=${newer.id.slice(0, 7)}&pageSize=1`);
      assert.equal(page.total, 2);
      assert.deepEqual(page.data.map((d) => d.id), [newer.id]);
      const shown = page.data[0]!;
      assert.deepEqual(
        [shown.hostname, shown.username, shown.os, shown.version, shown.enabled, shown.online, shown.conns, shown.owner, shown.group],
        [`host-${newer.id}`, 'alice', 'windows / Windows 10 Pro - 10.0.19045', '1.4.9', true, true, [3, 8], null, null],
      );
      const second = await ok<{ data: Device[] }>('GET', `/api/admin/devices?search=${newer.id.slice(0, 7)}&pageSize=1&current=2`);
      assert.deepEqual(second.data.map((d) => d.id), [older.id]);
      assert.ok(!JSON.stringify(page).includes(newer.uuid), 'the uuid is what a device call needs: it never leaves');
    });

    it('filters by text in the id, hostname, alias, desktop user or owner’s name, and by online, group and owner', async () => {
      const owner = await createUser(t, { name: 'filter-owner' });
      const lab = await deviceGroup('Filter lab');
      const [a, b, c] = [newDevice(), newDevice(), newDevice()];
      await report(a, { sysinfo: { hostname: 'reception-pc', username: 'front-desk' } });
      await report(b, { sysinfo: { hostname: 'b-box' } });
      await report(c, { sysinfo: { hostname: 'c-box' } });
      await ok('PATCH', `/api/admin/devices/${b.id}`, { alias: 'Boardroom screen', user_id: owner.id });
      await ok('PATCH', `/api/admin/devices/${c.id}`, { group_id: lab });
      const ids = async (query: string) => (await ok<{ data: Device[] }>('GET', `/api/admin/devices?pageSize=100&${query}`)).data.map((d) => d.id);
      assert.deepEqual(await ids('search=RECEPTION'), [a.id]);
      assert.deepEqual(await ids('search=front-d'), [a.id]);
      assert.deepEqual(await ids('search=boardroom'), [b.id]);
      assert.deepEqual(await ids('search=filter-own'), [b.id]);
      assert.deepEqual(await ids(`search=${c.id}`), [c.id]);
      assert.deepEqual(await ids('search=50%25'), [], 'a % is a character, not a wildcard');
      assert.deepEqual(await ids(`owner=${owner.id}`), [b.id]);
      assert.deepEqual(await ids(`group=${lab}`), [c.id]);

      // Online: a heartbeat within 60 s. a keeps beating; b and c fall silent.
      t.clock.advance(45_000);
      await heartbeat(a);
      t.clock.advance(16_000);
      const online = await ids('online=true');
      assert.ok(online.includes(a.id) && !online.includes(b.id) && !online.includes(c.id), JSON.stringify(online));
      const offline = await ids('online=false');
      assert.ok(!offline.includes(a.id) && offline.includes(b.id) && offline.includes(c.id));
      assert.equal((await ok('GET', `/api/admin/devices/${b.id}`)).online, false);
      assert.equal((await ok('GET', `/api/admin/devices/${a.id}`)).online, true);
    });

    it('changes alias, note, enabled state, group and owner; unknown owners and groups are refused and change nothing', async () => {
      const device = newDevice();
      await report(device);
      const owner = await createUser(t, { name: 'device-owner' });
      const group = await deviceGroup('Laptops');
      const changed = await ok('PATCH', `/api/admin/devices/${device.id}`, { alias: 'Front desk', note: 'rack 2', enabled: false, group_id: group, user_id: owner.id });
      assert.deepEqual(
        [changed.alias, changed.note, changed.enabled, changed.group, changed.owner],
        ['Front desk', 'rack 2', false, { id: group, name: 'Laptops' }, { id: owner.id, name: 'device-owner' }],
      );
      assert.equal(assertJsonError(await call('PATCH', `/api/admin/devices/${device.id}`, { user_id: randomUUID(), note: 'x' }), 404).code, 'user.not_found');
      assert.equal(assertJsonError(await call('PATCH', `/api/admin/devices/${device.id}`, { group_id: randomUUID(), note: 'x' }), 404).code, 'device.group_not_found');
      assert.equal((await ok('GET', `/api/admin/devices/${device.id}`)).note, 'rack 2');
      const cleared = await ok('PATCH', `/api/admin/devices/${device.id}`, { group_id: null, user_id: null, enabled: true });
      assert.deepEqual([cleared.group, cleared.owner, cleared.enabled], [null, null, true]);
      // A later upload refreshes what the device reports, and keeps what the administrator set.
      await report(device, { sysinfo: { version: '1.4.10' } });
      const after = await ok('GET', `/api/admin/devices/${device.id}`);
      assert.deepEqual([after.version, after.alias, after.note], ['1.4.10', 'Front desk', 'rack 2']);
    });

    it('asks a device for its system information again: its next heartbeat answers `sysinfo`, until it uploads', async () => {
      const device = newDevice();
      assert.deepEqual(await report(device), { modified_at: 0 });
      const asked = await ok('POST', `/api/admin/devices/${device.id}/refresh-sysinfo`);
      assert.equal(asked.sysinfo_at, 0);
      assert.deepEqual(await heartbeat(device), { modified_at: 0, sysinfo: 1 });
      assert.deepEqual(await report(device), { modified_at: 0 });
      assert.ok((await ok('GET', `/api/admin/devices/${device.id}`)).sysinfo_at > 0);
    });

    it('closes a live connection through the device’s next heartbeat, once; a connection it did not report is refused', async () => {
      const device = newDevice();
      await report(device, { conns: [5, 12] });
      assert.equal((await call('POST', `/api/admin/devices/${device.id}/disconnect`, { conn_id: 12 })).statusCode, 204);
      const notLive = await call('POST', `/api/admin/devices/${device.id}/disconnect`, { conn_id: 99 });
      assert.equal(assertJsonError(notLive, 404).code, 'device.conn_not_live');
      t.clock.advance(3_000);
      assert.deepEqual(await heartbeat(device, [5, 12]), { modified_at: 0, disconnect: [12] });
      assert.deepEqual(await heartbeat(device, [5]), { modified_at: 0 });
      // 12 is gone from the latest heartbeat: nothing to close any more.
      assertJsonError(await call('POST', `/api/admin/devices/${device.id}/disconnect`, { conn_id: 12 }), 404);
    });

    it('deletes a device; a second delete is 404, and one still running comes back as new at its next upload', async () => {
      const device = newDevice();
      await report(device);
      await ok('PATCH', `/api/admin/devices/${device.id}`, { note: 'to forget' });
      assert.equal((await call('DELETE', `/api/admin/devices/${device.id}`)).statusCode, 204);
      assert.equal(assertJsonError(await call('GET', `/api/admin/devices/${device.id}`), 404).code, 'device.not_found');
      assertJsonError(await call('DELETE', `/api/admin/devices/${device.id}`), 404);
      assert.deepEqual(await heartbeat(device), { modified_at: 0, sysinfo: 1 });
      await report(device);
      assert.equal((await ok('GET', `/api/admin/devices/${device.id}`)).note, '');
    });

    it('audits every change with the token that made it', async () => {
      const records = (await ok<{ data: { action: string; actor: { name: string }; target: { type: string } }[] }>('GET', '/api/admin/audit/console?action=device.&pageSize=100')).data;
      const byScript = records.filter((r) => r.actor.name === 'fleet-script');
      assert.deepEqual(new Set(byScript.map((r) => r.action)), new Set(['device.update', 'device.refresh_sysinfo', 'device.disconnect', 'device.delete']));
      assert.ok(byScript.every((r) => r.target.type === 'device'));
    });

    it('lets devices:read list and read but not change', async () => {
      const reader = (await createApiToken(t, ['devices:read'], 'reader')).headers;
      const device = newDevice();
      await report(device);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/devices', headers: reader })).statusCode, 200);
      const refused = await t.app.inject({ method: 'PATCH', url: `/api/admin/devices/${device.id}`, headers: reader, payload: { note: 'x' } });
      assert.equal(assertJsonError(refused, 403).code, 'auth.scope');
    });

    it('shows a device new while approval is required as waiting, and approves it once, with its audit record', async () => {
      await t.services.settings.set({ type: 'cli', id: '', name: 'test', ip: '' }, 'rendezvous.admission', 'approval');
      try {
        const device = newDevice();
        await report(device);
        const waiting = await ok<Device & { approved: boolean }>('GET', `/api/admin/devices/${device.id}`);
        assert.equal(waiting.approved, false);
        const approved = await ok<Device & { approved: boolean }>('POST', `/api/admin/devices/${device.id}/approve`);
        assert.equal(approved.approved, true);
        const audit = await ok<{ data: { action: string; target: { id: string } }[] }>('GET', '/api/admin/audit/console?action=device.approve&pageSize=5');
        assert.deepEqual(audit.data.filter((r) => r.action === 'device.approve').map((r) => r.target.id), [device.id]);
        // Again: nothing changes, no second record.
        await ok('POST', `/api/admin/devices/${device.id}/approve`);
        const again = await ok<{ data: { action: string }[] }>('GET', '/api/admin/audit/console?action=device.approve&pageSize=5');
        assert.equal(again.data.filter((r) => r.action === 'device.approve').length, 1);
        assertJsonError(await call('POST', '/api/admin/devices/999999999/approve'), 404);
      } finally {
        await t.services.settings.set({ type: 'cli', id: '', name: 'test', ip: '' }, 'rendezvous.admission', 'off');
      }
    });

    if (engine === 'postgres') {
      it('closes a connection and asks for system information through a heartbeat that reaches another instance', async () => {
        const other = await buildApp(t.config, { clock: t.clock, passwords: testPasswords, db: openDatabase(t.database.location) });
        try {
          const device = newDevice();
          await report(device, { conns: [21] });
          await ok('POST', `/api/admin/devices/${device.id}/refresh-sysinfo`);
          assert.equal((await call('POST', `/api/admin/devices/${device.id}/disconnect`, { conn_id: 21 })).statusCode, 204);
          t.clock.advance(3_000);
          const beat = await other.app.inject(rust('/api/heartbeat', { id: device.id, uuid: device.uuid, ver: 1004090, modified_at: 0, conns: [21] }));
          assert.deepEqual(beat.json(), { modified_at: 0, sysinfo: 1, disconnect: [21] });
          // Handed out once: this instance has nothing more to close.
          t.clock.advance(3_000);
          assert.deepEqual(await heartbeat(device, [21]), { modified_at: 0, sysinfo: 1 });
        } finally {
          await other.close();
        }
      });
    }

    describe('malformed input', () => {
      let existing: { id: string; uuid: string };
      before(async () => {
        existing = newDevice();
        await report(existing, { conns: [5] });
      });
      const routes: RouteExample[] = [
        { method: 'GET', path: '/api/admin/devices', paged: true, badQuery: { online: ['maybe', '%00'], group: ['a%20b', '%00'], owner: ['x'.repeat(65)], search: ['a'.repeat(200), '%00'] } },
        { method: 'GET', path: '/api/admin/devices/:id' },
        // group_id and user_id take null (none), so they are spoiled by hand below.
        { method: 'PATCH', path: '/api/admin/devices/:id', body: { alias: 'a', note: 'n', enabled: true } },
        { method: 'DELETE', path: '/api/admin/devices/:id' },
        { method: 'POST', path: '/api/admin/devices/:id/refresh-sysinfo' },
        { method: 'POST', path: '/api/admin/devices/:id/approve' },
        { method: 'POST', path: '/api/admin/devices/:id/disconnect', body: { conn_id: 5 } },
      ];
      for (const route of routes) {
        it(`${route.method} ${route.path}: every malformed request gets a 4xx JSON error`, async () => {
          const cases = malformedCases(route, existing.id);
          for (const { name, request, status, router } of cases) {
            const response = await t.app.inject({ ...request, headers: { ...headers, ...request.headers } });
            assertJsonError(response, status, { router: router ?? false });
            assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `after ${name}`);
          }
        });
      }
      it('PATCH: group_id and user_id must be ids or null', async () => {
        for (const bad of [12, '', 'a b', 'x'.repeat(65), ['x'], { $ne: '' }, true]) {
          assertJsonError(await call('PATCH', `/api/admin/devices/${existing.id}`, { group_id: bad }), 400);
          assertJsonError(await call('PATCH', `/api/admin/devices/${existing.id}`, { user_id: bad }), 400);
        }
      });
      it('lost nothing: the device the malformed requests aimed at is unchanged', async () => {
        const device = await ok('GET', `/api/admin/devices/${existing.id}`);
        assert.deepEqual([device.alias, device.note, device.enabled, device.conns], ['', '', true, [5]]);
        assert.deepEqual(await heartbeat(existing, [5]), { modified_at: 0 });
      });
    });
  });
}
