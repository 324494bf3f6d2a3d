import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createUser } from '../../support/fixtures.js';
import { DEVICE, emptyPost, gzipped, rust } from '../../support/rustdesk-client.js';
import { errorBodyProblems } from '../../support/rustdesk-shapes.js';
import { defaultTagColor } from '../../../src/domain/address-book.js';
import { systemActor } from '../../../src/services/audit.js';

const JSON_UTF8 = 'application/json; charset=utf-8';

/** A sysinfo upload as client 1.4.9 on Linux sends it (spec/rustdesk-client-api.md §5.3). */
function sysinfoBody(device: { id: string; uuid: string }, extra: Record<string, unknown> = {}) {
  return {
    cpu: 'Intel(R) Core(TM) i7-9750H CPU, 2.59GHz, 12/6 cores',
    memory: '15.85GB',
    os: 'ubuntu / Linux 22.04 Ubuntu',
    hostname: 'build-box',
    username: 'alice',
    version: '1.4.9',
    id: device.id,
    uuid: device.uuid,
    ...extra,
  };
}

const heartbeatBody = (device: { id: string; uuid: string }, extra: Record<string, unknown> = {}) => ({
  id: device.id,
  uuid: device.uuid,
  ver: 1004090,
  modified_at: 0,
  ...extra,
});

for (const engine of await testEngines()) {
  describe(`RustDesk client device endpoints (${engine})`, () => {
    let t: TestApp;
    let n = 0;
    /** A device id of its own for each test. */
    const newDevice = () => ({ id: `${900_000_000 + ++n}`, uuid: `${DEVICE.uuid}${n}` });

    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());

    async function sysinfo(body: unknown): Promise<string> {
      const response = await t.app.inject(rust('/api/sysinfo', body));
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], 'text/plain; charset=utf-8');
      return response.body;
    }

    async function heartbeat(body: unknown): Promise<Record<string, unknown>> {
      const response = await t.app.inject(rust('/api/heartbeat', body));
      // Heartbeats are written together about once a second; the tests read them at once.
      await t.services.devices.flush();
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], JSON_UTF8);
      return response.json() as Record<string, unknown>;
    }

    it('asks an unknown device for its sysinfo, creates it at the upload, and answers in bare text', async () => {
      const device = newDevice();
      assert.deepEqual(await heartbeat(heartbeatBody(device)), { modified_at: 0, sysinfo: 1 });
      assert.equal(await sysinfo(sysinfoBody(device)), 'SYSINFO_UPDATED');
      const stored = await t.store.devices.findById(device.id);
      assert.ok(stored);
      assert.deepEqual(
        [stored.uuid, stored.hostname, stored.username, stored.os, stored.cpu, stored.memory, stored.version, stored.enabled],
        [device.uuid, 'build-box', 'alice', 'ubuntu / Linux 22.04 Ubuntu', 'Intel(R) Core(TM) i7-9750H CPU, 2.59GHz, 12/6 cores', '15.85GB', '1.4.9', true],
      );
      // Known now, with its sysinfo: the heartbeat no longer asks for it.
      assert.deepEqual(await heartbeat(heartbeatBody(device)), { modified_at: 0 });
    });

    it('records each heartbeat: when, the version number and the live connections, and echoes the strategy timestamp as an integer', async () => {
      const device = newDevice();
      await sysinfo(sysinfoBody(device));
      t.clock.advance(15_000);
      const answer = await heartbeat(heartbeatBody(device, { conns: [3, 7], modified_at: 1_733_000_000 }));
      assert.deepEqual(answer, { modified_at: 1_733_000_000 });
      const stored = await t.store.devices.findById(device.id);
      assert.deepEqual([stored?.ver, stored?.conns, stored?.last_online_at], [1004090, [3, 7], t.clock.now()]);
      // `conns` is left out when there are none (§5.2); a float or string timestamp is not an integer.
      assert.deepEqual(await heartbeat(heartbeatBody(device, { modified_at: '5' })), { modified_at: 0 });
      assert.deepEqual((await t.store.devices.findById(device.id))?.conns, []);
    });

    it('updates the sysinfo of a known device, and asks again after an administrator cleared it', async () => {
      const device = newDevice();
      await sysinfo(sysinfoBody(device));
      assert.equal(await sysinfo(sysinfoBody(device, { username: 'bob', version: '1.4.10' })), 'SYSINFO_UPDATED');
      assert.deepEqual([(await t.store.devices.findById(device.id))?.username, (await t.store.devices.findById(device.id))?.version], ['bob', '1.4.10']);
      await t.services.deviceAdmin.refreshSysinfo(systemActor, device.id);
      assert.deepEqual(await heartbeat(heartbeatBody(device)), { modified_at: 0, sysinfo: 1 });
      assert.equal(await sysinfo(sysinfoBody(device)), 'SYSINFO_UPDATED');
      assert.deepEqual(await heartbeat(heartbeatBody(device)), { modified_at: 0 });
    });

    it('learns of a change another instance made from the write of the next heartbeat, and asks at the one after', async () => {
      const device = newDevice();
      await sysinfo(sysinfoBody(device));
      assert.deepEqual(await heartbeat(heartbeatBody(device)), { modified_at: 0 });
      // As another instance's "refresh sysinfo" leaves the database: this instance answered from memory.
      await t.store.devices.update(device.id, { sysinfo_at: 0, updated_at: t.clock.now() });
      assert.deepEqual(await heartbeat(heartbeatBody(device)), { modified_at: 0 });
      assert.deepEqual(await heartbeat(heartbeatBody(device)), { modified_at: 0, sysinfo: 1 });
      // Deleted elsewhere: the write finds no device, so the next heartbeat asks for an upload.
      await t.store.devices.delete(device.id);
      await heartbeat(heartbeatBody(device));
      assert.deepEqual(await heartbeat(heartbeatBody(device)), { modified_at: 0, sysinfo: 1 });
      assert.equal(await t.store.devices.findById(device.id), undefined);
    });

    it('writes heartbeats by itself within about a second, the latest of each device', async () => {
      const device = newDevice();
      await sysinfo(sysinfoBody(device));
      t.clock.advance(5_000);
      const at = t.clock.now();
      await t.app.inject(rust('/api/heartbeat', heartbeatBody(device, { conns: [7] })));
      await t.app.inject(rust('/api/heartbeat', heartbeatBody(device, { conns: [7, 8] })));
      let stored = await t.store.devices.findById(device.id);
      for (let waited = 0; stored?.last_online_at !== at && waited < 100; waited++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        stored = await t.store.devices.findById(device.id);
      }
      assert.deepEqual([stored?.last_online_at, stored?.conns], [at, [7, 8]]);
    });

    it('never lets another machine take a device over: answered as unknown, left unchanged, recorded once as an alarm', async () => {
      const device = newDevice();
      await sysinfo(sysinfoBody(device));
      const before = await t.store.devices.findById(device.id);
      const impostor = { id: device.id, uuid: 'b3RoZXItbWFjaGluZQ==' };
      t.clock.advance(60_000);
      assert.equal(await sysinfo(sysinfoBody(impostor, { hostname: 'evil', 'preset-user-name': 'root' })), 'ID_NOT_FOUND');
      // No `sysinfo` key: it would only make the impostor upload again.
      assert.deepEqual(await heartbeat(heartbeatBody(impostor, { conns: [1] })), { modified_at: 0 });
      assert.deepEqual(await t.store.devices.findById(device.id), before);
      // It retries every 3 s: one alarm, not one per request.
      assert.equal(await sysinfo(sysinfoBody(impostor)), 'ID_NOT_FOUND');
      const alarms = (await t.store.deviceAudit.list({ kind: 'alarm', deviceId: device.id }, { current: 1, pageSize: 10 })).rows;
      assert.deepEqual(
        alarms.map((a) => [a.kind, a.action, a.device_uuid, a.info.route]),
        [['alarm', 'uuid_mismatch', impostor.uuid, 'sysinfo']],
      );
    });

    it('hands the connections an administrator closed to the next heartbeat, once, whichever instance took the click', async () => {
      const device = newDevice();
      await sysinfo(sysinfoBody(device));
      assert.deepEqual(await heartbeat(heartbeatBody(device, { conns: [4, 9] })), { modified_at: 0 });
      // Written to the database, as another instance's console would.
      await t.store.devices.addDisconnect(device.id, 9, t.clock.now());
      await t.store.devices.addDisconnect(device.id, 4, t.clock.now());
      t.clock.advance(3_000);
      assert.deepEqual(await heartbeat(heartbeatBody(device, { conns: [4, 9] })), { modified_at: 0, disconnect: [4, 9] });
      t.clock.advance(3_000);
      assert.deepEqual(await heartbeat(heartbeatBody(device)), { modified_at: 0 });
    });

    it('ignores the unauthenticated presets unless "Accept device presets" is on, and then applies them only to a new device', async () => {
      await createUser(t, { name: 'preset-owner' });
      await t.store.deviceGroups.insert({ id: 'dg-lab', name: 'Lab', note: '', created_at: 1, updated_at: 1 });
      const presets = { 'preset-user-name': 'preset-owner', 'preset-device-group-name': 'lab', 'preset-note': 'rack 4', 'preset-address-book-password': 's3cret' };

      const ignoredDevice = newDevice();
      assert.equal(await sysinfo(sysinfoBody(ignoredDevice, presets)), 'SYSINFO_UPDATED');
      const ignored = await t.store.devices.findById(ignoredDevice.id);
      assert.deepEqual([ignored?.user_id, ignored?.group_id, ignored?.note], [null, null, '']);

      await t.services.settings.set(systemActor, 'accept_device_presets', true);
      const applied = newDevice();
      assert.equal(await sysinfo(sysinfoBody(applied, presets)), 'SYSINFO_UPDATED');
      const owner = await t.services.users.findByName('preset-owner');
      const stored = await t.store.devices.findById(applied.id);
      assert.deepEqual([stored?.user_id, stored?.group_id, stored?.note], [owner?.id, 'dg-lab', 'rack 4']);
      // A known device's presets change nothing, even with the setting on.
      await sysinfo(sysinfoBody(ignoredDevice, presets));
      assert.equal((await t.store.devices.findById(ignoredDevice.id))?.user_id, null);

      const audit = await t.services.audit.list({}, { current: 1, pageSize: 100 });
      const byDevice = (id: string) => audit.data.filter((r) => r.target.type === 'device' && r.target.id === id).map((r) => [r.action, r.detail]);
      assert.deepEqual(byDevice(applied.id), [
        [
          'device.presets_applied',
          {
            applied: { 'preset-user-name': 'preset-owner', 'preset-device-group-name': 'lab', 'preset-note': 'rack 4' },
            ignored: { 'preset-address-book-password': 'no preset-address-book-name was sent' },
          },
        ],
      ]);
      assert.equal(byDevice(ignoredDevice.id).length, 2);
      assert.ok(byDevice(ignoredDevice.id).every(([action]) => action === 'device.presets_ignored'));
      // The password a preset carried is never written anywhere.
      assert.ok(!JSON.stringify(audit.data).includes('s3cret'));
    });

    it('puts a new device into the one shared address book its presets name, if that book accepts presets, under its cap; each preset recorded with its reason', async () => {
      const admin = { user_id: '', is_admin: true };
      const ab = t.services.addressBooks;
      const [one, two] = [await createUser(t, { name: 'ab-owner-one' }), await createUser(t, { name: 'ab-owner-two' })];
      const open = await ab.createShared(systemActor, admin, { name: 'Field Kit', owner_id: one.id });
      await ab.updateShared(systemActor, admin, open.guid, { accept_presets: true });
      const closed = await ab.createShared(systemActor, admin, { name: 'Closed', owner_id: one.id });
      for (const [owner, name] of [[one, 'Twin'], [two, 'twin']] as const) {
        await ab.updateShared(systemActor, admin, (await ab.createShared(systemActor, admin, { name, owner_id: owner.id })).guid, { accept_presets: true });
      }
      await t.services.settings.set(systemActor, 'accept_device_presets', true);
      const book = (name: string) => ({ 'preset-address-book-name': name, 'preset-address-book-tag': 'kiosks', 'preset-address-book-alias': 'Lobby', 'preset-address-book-password': ' s3cret ab', 'preset-address-book-note': 'by the door' });
      const peersOf = async (guid: string) => (await ab.peers(admin, guid, { current: 1, pageSize: 100 })).data;

      // A Windows client (§5.3: "windows / <long version> - <version>"), naming the book in another case.
      const placed = newDevice();
      assert.equal(await sysinfo(sysinfoBody(placed, { os: 'windows / Windows 10 Pro - 10.0.19045', ...book('field kit') })), 'SYSINFO_UPDATED');
      const [peer] = await peersOf(open.guid);
      assert.deepEqual(
        [peer?.id, peer?.username, peer?.hostname, peer?.platform, peer?.alias, peer?.tags, peer?.password, peer?.note],
        [placed.id, 'alice', 'build-box', 'Windows', 'Lobby', ['kiosks'], ' s3cret ab', 'by the door'],
      );
      assert.deepEqual(await ab.tags(admin, open.guid), [{ name: 'kiosks', color: defaultTagColor('kiosks') }]);
      // Sealed at rest.
      const stored = await t.store.addressBooks.findByGuid(open.guid);
      const row = stored && (await t.store.addressBooks.findPeer(stored.id, placed.id));
      assert.ok(row && row.password !== '' && !row.password.includes('s3cret'));

      const refused = { closed: newDevice(), twin: newDevice(), nowhere: newDevice(), nameless: newDevice(), full: newDevice(), there: newDevice() };
      await sysinfo(sysinfoBody(refused.closed, book('Closed')));
      await sysinfo(sysinfoBody(refused.twin, book('Twin')));
      await sysinfo(sysinfoBody(refused.nowhere, book('Nowhere')));
      await sysinfo(sysinfoBody(refused.nameless, { 'preset-address-book-tag': 'kiosks' }));
      await ab.addPeer(admin, open.guid, { id: refused.there.id, fields: { alias: 'kept' } });
      await sysinfo(sysinfoBody(refused.there, book('Field Kit')));
      await t.services.settings.set(systemActor, 'max_peer_one_ab', 2);
      try {
        await sysinfo(sysinfoBody(refused.full, book('Field Kit')));
      } finally {
        await t.services.settings.set(systemActor, 'max_peer_one_ab', 0);
      }
      // A known device's presets change nothing.
      await sysinfo(sysinfoBody(refused.closed, book('Field Kit')));

      assert.deepEqual((await peersOf(open.guid)).map((p) => [p.id, p.alias]), [[placed.id, 'Lobby'], [refused.there.id, 'kept']].sort());
      assert.deepEqual(await peersOf(closed.guid), []);

      const audit = await t.services.audit.list({}, { current: 1, pageSize: 200 });
      const presetRecords = (id: string) => audit.data.filter((r) => r.target.type === 'device' && r.target.id === id).map((r) => [r.action, r.detail]);
      const all = (reason: string) => ({
        'preset-address-book-name': reason,
        'preset-address-book-tag': reason,
        'preset-address-book-alias': reason,
        'preset-address-book-password': reason,
        'preset-address-book-note': reason,
      });
      const ignoredFor = (id: string) => presetRecords(id).map(([action, detail]) => [action, (detail as { ignored: unknown }).ignored]);
      assert.deepEqual(presetRecords(placed.id), [
        [
          'device.presets_applied',
          {
            applied: {
              'preset-address-book-name': 'field kit',
              'preset-address-book-tag': 'kiosks',
              'preset-address-book-alias': 'Lobby',
              'preset-address-book-password': '(hidden)',
              'preset-address-book-note': 'by the door',
            },
            ignored: {},
          },
        ],
      ]);
      assert.deepEqual(ignoredFor(refused.twin.id), [['device.presets_ignored', all('ambiguous: several shared address books have this name, so none was chosen')]]);
      assert.deepEqual(ignoredFor(refused.nowhere.id), [['device.presets_ignored', all('no shared address book has this name')]]);
      assert.deepEqual(ignoredFor(refused.nameless.id), [['device.presets_ignored', { 'preset-address-book-tag': 'no preset-address-book-name was sent' }]]);
      assert.deepEqual(ignoredFor(refused.there.id), [['device.presets_ignored', all('the device is already in the address book, which was left unchanged')]]);
      assert.deepEqual(ignoredFor(refused.full.id), [['device.presets_ignored', all('the address book holds the most devices allowed (max_peer_one_ab 2)')]]);
      assert.deepEqual(ignoredFor(refused.closed.id), [
        ['device.presets_ignored', all('the address book does not accept presets')],
        ['device.presets_ignored', all('the device was already known')],
      ].reverse());
      // The book's own history names the device that added itself.
      const added = audit.data.filter((r) => r.action === 'address_book.peer_add' && r.target.id === open.guid && r.detail.via === 'preset');
      assert.deepEqual(added.map((r) => [r.actor.name, r.detail.id]), [[`device:${placed.id}`, placed.id]]);
      assert.ok(!JSON.stringify(audit.data).includes('s3cret'));
    });

    it('answers /api/sysinfo_ver with a non-empty token, whatever the body', async () => {
      for (const request of [emptyPost('/api/sysinfo_ver'), rust('/api/sysinfo_ver', ''), { method: 'POST' as const, url: '/api/sysinfo_ver', payload: '{bad' }]) {
        const response = await t.app.inject(request);
        assert.equal(response.statusCode, 200);
        assert.match(response.body, /^v\d+$/);
      }
    });

    it('tolerates fields it does not know and gzip bodies', async () => {
      const device = newDevice();
      assert.equal(await sysinfo({ ...sysinfoBody(device), future_field: { x: [1] }, apiDomain: 'https://x' }), 'SYSINFO_UPDATED');
      const response = await t.app.inject(gzipped('/api/heartbeat', heartbeatBody(device, { conns: [2, 2 ** 40, 'x', 1.5] })));
      await t.services.devices.flush();
      assert.deepEqual(response.json(), { modified_at: 0 });
      assert.deepEqual((await t.store.devices.findById(device.id))?.conns, [2]);
    });

    /** A 400 with `{"error": "…"}` in UTF-8 JSON, as every client route answers bad input. */
    function assertRefused(response: { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown }) {
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.headers['content-type'], JSON_UTF8);
      assert.deepEqual(errorBodyProblems(response.json()), []);
    }

    it('refuses requests that name no device with a 4xx JSON error, and stores nothing', async () => {
      const device = newDevice();
      const bad: unknown[] = [
        {},
        { id: device.id },
        { uuid: device.uuid },
        { id: 123456789, uuid: device.uuid },
        { id: '', uuid: device.uuid },
        { id: device.id, uuid: { $ne: '' } },
        { id: 'x'.repeat(101), uuid: device.uuid },
        { id: device.id, uuid: 'u'.repeat(600) },
        { id: 'a\u0007b', uuid: device.uuid },
        [],
        'text',
        null,
      ];
      for (const route of ['/api/heartbeat', '/api/sysinfo']) {
        for (const body of bad) assertRefused(await t.app.inject(rust(route, body)));
        assertRefused(await t.app.inject({ method: 'POST', url: route, headers: { 'content-type': 'application/json' }, payload: '{"id": ' }));
        assertRefused(await t.app.inject(emptyPost(route)));
      }
      assert.equal(await t.store.devices.findById(device.id), undefined);
    });
  });
}
