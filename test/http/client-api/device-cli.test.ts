import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser } from '../../support/fixtures.js';
import { DEVICE, emptyPost, rust } from '../../support/rustdesk-client.js';

/** A device's Ed25519 public key as `rustdesk --deploy` sends it: base64 of 32 bytes (§5.5). */
const PK = Buffer.alloc(32, 7).toString('base64');

for (const engine of await testEngines()) {
  describe(`rustdesk --assign and --deploy: POST /api/devices/cli and /api/devices/deploy (${engine})`, () => {
    let t: TestApp;
    let token: string;
    let n = 0;
    const newDevice = () => ({ id: `${800_000_000 + ++n}`, uuid: `${DEVICE.uuid}${n}` });

    before(async () => {
      t = await buildTestApp(engine);
      token = (await createApiToken(t, ['devices:write'], 'deploy-script')).token;
    });
    after(() => t.close());

    async function reported(): Promise<{ id: string; uuid: string }> {
      const device = newDevice();
      const body = { cpu: '8/8 cores', memory: '8GB', os: 'linux / Linux', hostname: 'kiosk', username: 'pi', version: '1.4.9', ...device };
      assert.equal((await t.app.inject(rust('/api/sysinfo', body))).body, 'SYSINFO_UPDATED');
      return device;
    }
    /** The body the client prints: '' means "Done!" (§5.4). */
    const assign = async (body: unknown, withToken = token) => (await t.app.inject(rust('/api/devices/cli', body, withToken))).body;
    const errorOf = (body: string) => (JSON.parse(body) as { error: string }).error;

    it('assigns owner, device group (by name, any case), note, desktop user and device name, answering an empty 200', async () => {
      const device = await reported();
      const owner = await createUser(t, { name: 'kiosk-owner' });
      const groupId = randomUUID();
      await t.database.db.kysely.insertInto('device_groups').values({ id: groupId, name: 'Kiosks', name_key: 'kiosks', note: '', created_at: 1, updated_at: 1 }).execute();
      const response = await t.app.inject(
        rust('/api/devices/cli', { ...device, user_name: 'KIOSK-owner', device_group_name: 'kiosks', note: 'lobby', device_username: 'kiosk-user', device_name: 'Lobby kiosk' }, token),
      );
      assert.equal(response.statusCode, 200);
      assert.equal(response.body, '');
      const stored = await t.store.devices.findById(device.id);
      assert.deepEqual(
        [stored?.user_id, stored?.group_id, stored?.note, stored?.username, stored?.hostname],
        [owner.id, groupId, 'lobby', 'kiosk-user', 'Lobby kiosk'],
      );
      const audit = await t.services.audit.list({ action: 'device.assign' }, { current: 1, pageSize: 10 });
      const record = audit.data.find((r) => r.target.id === device.id);
      assert.deepEqual([record?.actor.type, record?.actor.name, record?.detail.owner, record?.detail.group], ['token', 'deploy-script', 'kiosk-owner', 'Kiosks']);
    });

    it('refuses strategy and address-book fields by name and changes nothing', async () => {
      const device = await reported();
      const strategy = errorOf(await assign({ ...device, strategy_name: 'Locked down', note: 'x' }));
      assert.match(strategy, /strategy_name/);
      assert.match(strategy, /strategies are not supported yet/);
      const book = errorOf(await assign({ ...device, address_book_name: 'Team', address_book_tag: 'ops', address_book_password: 'p', note: 'x' }));
      assert.match(book, /address_book_name, address_book_tag, address_book_password/);
      assert.match(book, /address books are not supported yet/);
      assert.ok(!book.includes('"p"'));
      assert.equal((await t.store.devices.findById(device.id))?.note, '');
    });

    it('refuses, with a clear error, a device that never reported, another machine’s uuid, and unknown users or groups', async () => {
      const device = await reported();
      assert.match(errorOf(await assign({ ...newDevice(), note: 'x' })), /No device with id \d+ and this machine’s uuid has reported to deskgate/);
      assert.match(errorOf(await assign({ id: device.id, uuid: 'b3RoZXI=', note: 'x' })), /No device with id/);
      assert.equal(errorOf(await assign({ ...device, user_name: 'nobody-here' })), 'No user named nobody-here');
      assert.equal(errorOf(await assign({ ...device, device_group_name: 'No such group' })), 'No device group named No such group');
      assert.match(errorOf(await assign({ ...device })), /^Nothing to assign/);
      assert.equal((await t.store.devices.findById(device.id))?.user_id, null);
    });

    it('refuses a missing token, a person’s client token and an API token without devices:write', async () => {
      const device = await reported();
      const reader = (await createApiToken(t, ['devices:read', 'users:write'], 'reader')).token;
      for (const url of ['/api/devices/cli', '/api/devices/deploy']) {
        const body = { ...device, note: 'x', pk: PK };
        const none = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
        assert.equal(none.statusCode, 401);
        assert.match(errorOf(none.body), /API token/);
        const scoped = await t.app.inject(rust(url, body, reader));
        assert.equal(scoped.statusCode, 403);
        assert.equal(errorOf(scoped.body), 'This API token lacks the devices:write scope');
      }
      await createUser(t, { name: 'client-person' });
      const login = await t.app.inject(rust('/api/login', { username: 'client-person', password: 'correct horse battery', id: device.id, uuid: device.uuid, type: 'account' }));
      const clientToken = (login.json() as { access_token: string }).access_token;
      assert.ok(clientToken);
      assert.equal((await t.app.inject(rust('/api/devices/cli', { ...device, note: 'x' }, clientToken))).statusCode, 401);
      assert.equal((await t.store.devices.findById(device.id))?.note, '');
    });

    it('answers deploy with NOT_ENABLED (deskgate does not require deployment), ID_TAKEN for another machine’s id, INVALID_INPUT for a malformed body', async () => {
      const device = await reported();
      const deploy = async (body: unknown) => (await t.app.inject(rust('/api/devices/deploy', body, token))).json() as { result: string };
      assert.deepEqual(await deploy({ ...device, pk: PK }), { result: 'NOT_ENABLED' });
      assert.deepEqual(await deploy({ ...newDevice(), pk: PK }), { result: 'NOT_ENABLED' });
      assert.deepEqual(await deploy({ id: device.id, uuid: 'b3RoZXI=', pk: PK }), { result: 'ID_TAKEN' });
      // A malformed body is INVALID_INPUT even for a taken id: the input is judged first.
      assert.deepEqual(await deploy({ id: device.id, uuid: 'b3RoZXI=' }), { result: 'INVALID_INPUT' });
      for (const bad of [
        { uuid: device.uuid, pk: PK },
        { id: device.id, pk: PK },
        { ...device },
        { ...device, pk: Buffer.alloc(31).toString('base64') },
        { ...device, pk: Buffer.alloc(33).toString('base64') },
        { ...device, pk: 'not base64 at all, not at all, no not at all' },
        { ...device, pk: 12345 },
        { id: 'has space', uuid: device.uuid, pk: PK },
        { id: 'x'.repeat(101), uuid: device.uuid, pk: PK },
        { id: 42, uuid: device.uuid, pk: PK },
        [],
        'x',
        null,
      ]) {
        assert.deepEqual(await deploy(bad), { result: 'INVALID_INPUT' }, JSON.stringify(bad));
      }
      const broken = await t.app.inject({ ...rust('/api/devices/deploy', {}, token), payload: '{"id": ' });
      assert.deepEqual([broken.statusCode, broken.json()], [200, { result: 'INVALID_INPUT' }]);
      assert.deepEqual((await t.app.inject(emptyPost('/api/devices/deploy', token))).json(), { result: 'INVALID_INPUT' });
    });

    it('answers malformed assign bodies with an error body, never a 500, and keeps serving', async () => {
      const device = await reported();
      for (const bad of [[], 'x', null, 42, { id: device.id }, { uuid: device.uuid, note: 'x' }, { ...device, note: 12 }, { ...device, user_name: ['x'] }, { ...device, note: 'x'.repeat(600) }, { ...device, note: 'a\u0000b' }]) {
        const response = await t.app.inject(rust('/api/devices/cli', bad, token));
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${response.statusCode} ${response.body}`);
        assert.equal(typeof errorOf(response.body), 'string');
      }
      const broken = await t.app.inject({ ...rust('/api/devices/cli', {}, token), payload: '{"id": ' });
      assert.equal(broken.statusCode, 400);
      assert.equal(typeof errorOf(broken.body), 'string');
      assert.equal((await t.store.devices.findById(device.id))?.note, '');
    });
  });
}
