import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { systemActor, type Actor } from '../../src/services/audit.js';
import { ONLINE_WITHIN_MS } from '../../src/services/device-admin.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { refuseAudit } from '../support/refuse-audit.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createUser } from '../support/fixtures.js';
import { DEVICE, loginBody, rust } from '../support/rustdesk-client.js';

const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);
const person: Actor = { type: 'user', id: 'admin-id', name: 'root', ip: '10.0.0.5' };

for (const engine of await testEngines()) {
  describe(`device administration (${engine})`, () => {
    let t: TestApp;
    let admin: TestApp['services']['deviceAdmin'];
    let n = 0;
    const newDevice = () => ({ id: `${600_000_000 + ++n}`, uuid: `${DEVICE.uuid}${n}` });

    before(async () => {
      t = await buildTestApp(engine);
      admin = t.services.deviceAdmin;
    });
    after(() => t.close());
    afterEach(() => refuseAudit(t, false));

    /** A device that uploaded its sysinfo, as the client does. */
    async function reported(conns: number[] = []) {
      const device = newDevice();
      const body = { cpu: '4/4 cores', memory: '8GB', os: 'macos / macOS 14.5 Sonoma', hostname: `mac-${n}`, username: 'bob', version: '1.4.9', ...device };
      assert.equal((await t.app.inject(rust('/api/sysinfo', body))).body, 'SYSINFO_UPDATED');
      if (conns.length) await t.app.inject(rust('/api/heartbeat', { ...device, ver: 1004090, conns }));
      await t.services.devices.flush();
      return device;
    }

    it('counts a device online for 60 s after its latest heartbeat, and offline after', async () => {
      const device = await reported();
      const online = async () => (await admin.list({ search: device.id }, { current: 1, pageSize: 10 })).data[0]?.online;
      assert.equal(ONLINE_WITHIN_MS, 60_000);
      t.clock.advance(ONLINE_WITHIN_MS);
      assert.equal(await online(), true);
      assert.equal((await admin.list({ search: device.id, online: true }, { current: 1, pageSize: 10 })).total, 1);
      t.clock.advance(1);
      assert.equal(await online(), false);
      assert.equal((await admin.list({ search: device.id, online: false }, { current: 1, pageSize: 10 })).total, 1);
    });

    it('keeps no change whose audit record cannot be written', async () => {
      const device = await reported([4]);
      const owner = await createUser(t, { name: `audited-${engine}` });
      const state = async () => ({ device: await t.store.devices.findById(device.id), records: (await t.services.audit.list({}, { current: 1, pageSize: 1 })).total });
      const before = await state();
      await refuseAudit(t, true);
      await assert.rejects(admin.update(person, device.id, { note: 'kept?', user_id: owner.id }), /audit refused/);
      await assert.rejects(admin.refreshSysinfo(person, device.id), /audit refused/);
      await assert.rejects(admin.delete(person, device.id), /audit refused/);
      await assert.rejects(admin.disconnect(person, device.id, 4), /audit refused/);
      await assert.rejects(t.services.deviceCli.assign(person, { ...device, note: 'kept?' }), /audit refused/);
      await refuseAudit(t, false);
      assert.deepEqual(await state(), before);
      assert.deepEqual(await t.store.devices.takeDisconnects(device.id), []);
    });

    it('changes nothing when nothing differs, and refuses unknown devices, owners and groups', async () => {
      const device = await reported();
      const records = (await t.services.audit.list({}, { current: 1, pageSize: 1 })).total;
      await admin.update(person, device.id, { note: '', alias: '', enabled: true, user_id: null, group_id: null });
      assert.equal((await t.services.audit.list({}, { current: 1, pageSize: 1 })).total, records);
      await assert.rejects(admin.get('no-such-device'), code('device.not_found'));
      await assert.rejects(admin.update(person, 'no-such-device', { note: 'x' }), code('device.not_found'));
      await assert.rejects(admin.update(person, device.id, { user_id: randomUUID() }), code('user.not_found'));
      await assert.rejects(admin.update(person, device.id, { group_id: randomUUID() }), code('device.group_not_found'));
      await assert.rejects(admin.disconnect(person, device.id, 1), code('device.conn_not_live'));
      await assert.rejects(admin.refreshSysinfo(person, 'no-such-device'), code('device.not_found'));
      await assert.rejects(admin.delete(person, 'no-such-device'), code('device.not_found'));
    });

    it('makes the person who signs in to a RustDesk client through POST /api/login the owner of that device, only with its own uuid', async () => {
      const device = await reported();
      const alice = await createUser(t, { name: `alice-${engine}` });
      const bob = await createUser(t, { name: `bob-${engine}` });
      const signIn = async (name: string, uuid = device.uuid) => {
        const response = await t.app.inject(rust('/api/login', { ...loginBody(name, PASSWORD), id: device.id, uuid }));
        assert.equal(response.statusCode, 200, response.body);
      };
      await signIn(alice.name);
      assert.equal((await admin.get(device.id)).owner?.name, alice.name);
      // Another machine claiming this id changes nothing.
      await signIn(bob.name, 'b3RoZXItbWFjaGluZQ==');
      assert.equal((await admin.get(device.id)).owner?.name, alice.name);
      await signIn(bob.name);
      await signIn(bob.name);
      assert.equal((await admin.get(device.id)).owner?.name, bob.name);
      // One record per change of owner, by the person who signed in.
      const records = (await t.services.audit.list({ action: 'device.owner_from_sign_in' }, { current: 1, pageSize: 10 })).data.filter((r) => r.target.id === device.id);
      assert.deepEqual(records.map((r) => [r.actor.name, r.detail.owner]).reverse(), [
        [alice.name, alice.name],
        [bob.name, bob.name],
      ]);
      // A device not yet known is left alone: nothing is created for it.
      const unknown = newDevice();
      await t.app.inject(rust('/api/login', { ...loginBody(alice.name, PASSWORD), id: unknown.id, uuid: unknown.uuid }));
      assert.equal(await t.store.devices.findById(unknown.id), undefined);
    });

    it('gives a device new to deskgate the person already signed in on it, at its first sysinfo or its first registration', async () => {
      const carol = await createUser(t, { name: `carol-${engine}` });
      const dave = await createUser(t, { name: `dave-${engine}` });
      const signIn = async (name: string, device: { id: string; uuid: string }) => {
        const response = await t.app.inject(rust('/api/login', { ...loginBody(name, PASSWORD), ...device }));
        assert.equal(response.statusCode, 200, response.body);
        return (response.json() as { access_token: string }).access_token;
      };
      const upload = async (device: { id: string; uuid: string }, extra: Record<string, string> = {}) =>
        assert.equal((await t.app.inject(rust('/api/sysinfo', { hostname: 'new-box', os: 'linux / Debian', version: '1.4.9', ...device, ...extra }))).body, 'SYSINFO_UPDATED');

      // Signed in before the first sysinfo: the owner, with the same record as a sign-in after.
      const first = newDevice();
      await signIn(carol.name, first);
      await upload(first);
      assert.equal((await admin.get(first.id)).owner?.name, carol.name);
      const records = (await t.services.audit.list({ action: 'device.owner_from_sign_in' }, { current: 1, pageSize: 50 })).data.filter((r) => r.target.id === first.id);
      assert.deepEqual(records.map((r) => [r.actor.name, r.detail.owner]), [[carol.name, carol.name]]);

      // The newest live token decides; a signed-out one does not count; another machine's uuid neither.
      const second = newDevice();
      await signIn(carol.name, second);
      const daves = await signIn(dave.name, second);
      await t.app.inject(rust('/api/logout', {}, daves));
      await signIn(dave.name, { id: second.id, uuid: 'b3RoZXItbWFjaGluZQ==' });
      await upload(second);
      assert.equal((await admin.get(second.id)).owner?.name, carol.name);

      // An owner given by the device's preset stays.
      await t.services.settings.set(systemActor, 'accept_device_presets', true);
      const third = newDevice();
      await signIn(carol.name, third);
      await upload(third, { 'preset-user-name': dave.name });
      await t.services.settings.set(systemActor, 'accept_device_presets', false);
      assert.equal((await admin.get(third.id)).owner?.name, dave.name);

      // Made by its first registration with the rendezvous server (no sysinfo yet).
      const fourth = newDevice();
      await signIn(dave.name, fourth);
      assert.equal(await t.services.connectPolicy.recordRegistration({ id: fourth.id, uuid: fourth.uuid, pk: Buffer.alloc(32, 7).toString('base64'), ip: '198.51.100.4' }), 'ok');
      assert.equal((await admin.get(fourth.id)).owner?.name, dave.name);

      // Nobody signed in: no owner.
      const fifth = newDevice();
      await upload(fifth);
      assert.equal((await admin.get(fifth.id)).owner, null);
    });

    it('lists a person’s own devices only, and refuses an empty user id instead of listing everyone’s', async () => {
      const owner = await createUser(t, { name: 'own-lister' });
      const [mine, theirs] = [await reported(), await reported()];
      await admin.update(person, mine.id, { user_id: owner.id });
      const own = await admin.listOwn(owner.id, {}, { current: 1, pageSize: 100 });
      assert.deepEqual([own.total, own.data.map((d) => d.id)], [1, [mine.id]]);
      assert.ok(!own.data.some((d) => d.id === theirs.id));
      await assert.rejects(admin.listOwn('', {}, { current: 1, pageSize: 100 }), code('auth.required'));
    });

    it('agrees on one owner when several people sign in on one device at once, with a record for each change', async () => {
      const device = await reported();
      const people = await Promise.all([0, 1, 2, 3].map((i) => createUser(t, { name: `racer-${i}-${engine}` })));
      await Promise.all(people.map((p) => admin.ownerFromSignIn(p.id, { deviceId: device.id, uuid: device.uuid, ip: '10.0.0.9' })));
      const owner = (await admin.get(device.id)).owner;
      assert.ok(owner && people.some((p) => p.id === owner.id));
      const records = (await t.services.audit.list({ action: 'device.owner_from_sign_in' }, { current: 1, pageSize: 50 })).data.filter((r) => r.target.id === device.id);
      assert.ok(records.length >= 1 && records.length <= people.length);
      assert.ok(records.some((r) => r.detail.owner === owner.name));
    });
  });
}
