import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser } from '../../support/fixtures.js';
import { DEVICE, emptyPost, rust } from '../../support/rustdesk-client.js';
import { defaultTagColor } from '../../../src/domain/address-book.js';
import { systemActor } from '../../../src/services/audit.js';

/** A device's Ed25519 public key as `rustdesk --deploy` sends it: base64 of 32 bytes (§5.5). */
const PK = Buffer.alloc(32, 7).toString('base64');
/** An administrator, as the test arranges and reads address books. */
const ADMIN = { user_id: '', is_admin: true };

for (const engine of await testEngines()) {
  describe(`rustdesk --assign and --deploy: POST /api/devices/cli and /api/devices/deploy (${engine})`, () => {
    let t: TestApp;
    let token: string;
    /** devices:write and address_books:write, as `rustdesk --assign --address_book_name …` needs. */
    let abToken: string;
    let n = 0;
    const newDevice = () => ({ id: `${800_000_000 + ++n}`, uuid: `${DEVICE.uuid}${n}` });

    before(async () => {
      t = await buildTestApp(engine);
      token = (await createApiToken(t, ['devices:write'], 'deploy-script')).token;
      abToken = (await createApiToken(t, ['devices:write', 'address_books:write'], 'ab-script')).token;
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
    const peersOf = async (guid: string) => (await t.services.addressBooks.peers(ADMIN, guid, { current: 1, pageSize: 100 })).data;

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

    it('gives the device a strategy found by name (any case), which its heartbeat then carries; an unknown name changes nothing', async () => {
      const device = await reported();
      assert.match(errorOf(await assign({ ...device, strategy_name: 'Locked down', note: 'x' })), /No strategy named Locked down/);
      assert.equal((await t.store.devices.findById(device.id))?.note, '');
      const strategy = await t.services.strategies.create(systemActor, { name: 'Locked down', options: { 'enable-file-transfer': 'N' } });
      assert.equal(await assign({ ...device, strategy_name: 'locked DOWN' }), '');
      assert.deepEqual((await t.services.strategies.targets(strategy.id)).devices, [device.id]);
      // The heartbeat after the next write of heartbeats carries it (§5.2), once.
      const beat = async (modifiedAt: number) => {
        const response = await t.app.inject(rust('/api/heartbeat', { ...device, ver: 1004090, modified_at: modifiedAt }));
        await t.services.devices.flush();
        return response.json() as { modified_at: number; strategy?: unknown };
      };
      await beat(0);
      assert.deepEqual(await beat(0), { modified_at: strategy.revision, strategy: { config_options: { 'enable-file-transfer': 'N' } } });
      assert.deepEqual(await beat(strategy.revision), { modified_at: strategy.revision });
      const audit = await t.services.audit.list({ action: 'device.assign' }, { current: 1, pageSize: 10 });
      assert.equal(audit.data.find((r) => r.target.id === device.id)?.detail.strategy, 'Locked down');
    });

    it('puts the device into a shared address book found by name (any case), with a tag it makes, alias, sealed password and note; audited with the token as actor', async () => {
      const device = await reported();
      const owner = await createUser(t, { name: 'kit-owner' });
      const book = await t.services.addressBooks.createShared(systemActor, ADMIN, { name: 'Field Kit', owner_id: owner.id });
      const response = await t.app.inject(
        rust(
          '/api/devices/cli',
          { ...device, address_book_name: 'field kit', address_book_tag: 'kiosks', address_book_alias: 'Lobby', address_book_password: ' s3cret pw', address_book_note: 'by the door' },
          abToken,
        ),
      );
      assert.deepEqual([response.statusCode, response.body], [200, '']);
      const [peer, ...others] = await peersOf(book.guid);
      assert.deepEqual(others, []);
      // The device's sysinfo fills in who and what it is (§5.3 "linux / Linux": Linux).
      assert.deepEqual(
        [peer?.id, peer?.username, peer?.hostname, peer?.platform, peer?.alias, peer?.tags, peer?.password, peer?.note],
        [device.id, 'pi', 'kiosk', 'Linux', 'Lobby', ['kiosks'], ' s3cret pw', 'by the door'],
      );
      assert.deepEqual(await t.services.addressBooks.tags(ADMIN, book.guid), [{ name: 'kiosks', color: defaultTagColor('kiosks') }]);
      const stored = await t.store.addressBooks.findByGuid(book.guid);
      const row = stored && (await t.store.addressBooks.findPeer(stored.id, device.id));
      assert.ok(row && row.password !== '' && !row.password.includes('s3cret'));

      // Again, with another tag and alias: the peer there gets them, keeping the rest.
      assert.equal(await assign({ ...device, address_book_name: 'Field Kit', address_book_tag: 'lobby', address_book_alias: 'Lobby 2' }, abToken), '');
      const [again] = await peersOf(book.guid);
      assert.deepEqual([again?.alias, again?.tags, again?.password, again?.note], ['Lobby 2', ['kiosks', 'lobby'], ' s3cret pw', 'by the door']);

      const audit = await t.services.audit.list({}, { current: 1, pageSize: 100 });
      const mine = audit.data.filter((r) => r.actor.name === 'ab-script').map((r) => [r.action, r.target.type, r.target.id, r.detail]);
      assert.deepEqual(mine, [
        [
          'device.assign',
          'device',
          device.id,
          { address_book: 'Field Kit', address_book_tag: 'lobby', address_book_alias: 'Lobby 2', address_book_peer: 'updated' },
        ],
        ['address_book.peer_update', 'address_book', book.guid, { id: device.id, fields: ['alias', 'tags'], via: 'rustdesk --assign' }],
        [
          'device.assign',
          'device',
          device.id,
          { address_book: 'Field Kit', address_book_tag: 'kiosks', address_book_alias: 'Lobby', address_book_note: 'by the door', address_book_password: 'set', address_book_peer: 'added' },
        ],
        ['address_book.peer_add', 'address_book', book.guid, { id: device.id, via: 'rustdesk --assign' }],
      ]);
      assert.ok(audit.data.filter((r) => r.actor.name === 'ab-script').every((r) => r.actor.type === 'token'));
      assert.ok(!JSON.stringify(audit.data).includes('s3cret'));
    });

    it('refuses address-book fields without address_books:write, an unknown or ambiguous book, and sub-fields without a book, changing nothing', async () => {
      const device = await reported();
      const [one, two] = [await createUser(t, { name: 'twin-owner-1' }), await createUser(t, { name: 'twin-owner-2' })];
      await t.services.addressBooks.createShared(systemActor, ADMIN, { name: 'Twins', owner_id: one.id });
      await t.services.addressBooks.createShared(systemActor, ADMIN, { name: 'twins', owner_id: two.id });
      const scope = await t.app.inject(rust('/api/devices/cli', { ...device, note: 'x', address_book_name: 'Twins' }, token));
      assert.deepEqual([scope.statusCode, errorOf(scope.body)], [403, 'Putting a device into an address book needs the "address_books:write" scope']);
      const unknown = await t.app.inject(rust('/api/devices/cli', { ...device, note: 'x', address_book_name: 'Nowhere' }, abToken));
      assert.deepEqual([unknown.statusCode, errorOf(unknown.body)], [404, 'No shared address book named Nowhere; nothing was changed']);
      // The personal book is no one's to assign to.
      assert.equal(errorOf(await assign({ ...device, address_book_name: 'My address book' }, abToken)), 'No shared address book named My address book; nothing was changed');
      const twins = await t.app.inject(rust('/api/devices/cli', { ...device, note: 'x', address_book_name: 'TWINS', address_book_tag: 't' }, abToken));
      assert.equal(twins.statusCode, 409);
      assert.equal(errorOf(twins.body), 'Several shared address books are named TWINS; rename all but one of them, then try again. Nothing was changed');
      const orphan = await t.app.inject(rust('/api/devices/cli', { ...device, address_book_tag: 'x', address_book_password: 'p' }, abToken));
      assert.deepEqual([orphan.statusCode, errorOf(orphan.body)], [400, 'address_book_tag, address_book_password need address_book_name, the shared address book to put the device in']);
      assert.equal((await t.store.devices.findById(device.id))?.note, '');
      assert.equal((await t.services.audit.list({ action: 'device.assign' }, { current: 1, pageSize: 100 })).data.filter((r) => r.target.id === device.id).length, 0);
    });

    it('never lets a book exceed max_peer_one_ab: a new device is refused and nothing changes; one already in it is updated', async () => {
      const [first, second] = [await reported(), await reported()];
      const owner = await createUser(t, { name: 'tiny-owner' });
      const book = await t.services.addressBooks.createShared(systemActor, ADMIN, { name: 'Tiny', owner_id: owner.id });
      await t.services.settings.set(systemActor, 'max_peer_one_ab', 1);
      try {
        assert.equal(await assign({ ...first, address_book_name: 'Tiny' }, abToken), '');
        const full = await t.app.inject(rust('/api/devices/cli', { ...second, note: 'x', address_book_name: 'Tiny', address_book_tag: 'new-tag' }, abToken));
        assert.deepEqual([full.statusCode, errorOf(full.body)], [403, 'The address book Tiny holds the most devices allowed (max_peer_one_ab 1); nothing was changed']);
        assert.equal((await t.store.devices.findById(second.id))?.note, '');
        assert.deepEqual(await t.services.addressBooks.tags(ADMIN, book.guid), []);
        assert.equal(await assign({ ...first, address_book_name: 'Tiny', address_book_note: 'still fits' }, abToken), '');
      } finally {
        await t.services.settings.set(systemActor, 'max_peer_one_ab', 0);
      }
      assert.deepEqual((await peersOf(book.guid)).map((p) => [p.id, p.note]), [[first.id, 'still fits']]);
    });

    it('holds the cap when several devices are assigned to one book at once', async () => {
      const devices = [await reported(), await reported(), await reported(), await reported()];
      const owner = await createUser(t, { name: 'rush-owner' });
      const book = await t.services.addressBooks.createShared(systemActor, ADMIN, { name: 'Rush', owner_id: owner.id });
      await t.services.settings.set(systemActor, 'max_peer_one_ab', 2);
      try {
        const answers = await Promise.all(devices.map((device) => assign({ ...device, address_book_name: 'Rush', address_book_tag: 'rush' }, abToken)));
        assert.equal(answers.filter((body) => body === '').length, 2, answers.join(' | '));
        assert.ok(answers.filter((body) => body !== '').every((body) => /holds the most devices allowed/.test(errorOf(body))));
      } finally {
        await t.services.settings.set(systemActor, 'max_peer_one_ab', 0);
      }
      assert.equal((await peersOf(book.guid)).length, 2);
      assert.deepEqual(await t.services.addressBooks.tags(ADMIN, book.guid), [{ name: 'rush', color: defaultTagColor('rush') }]);
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
      const reader = (await createApiToken(t, ['devices:read', 'users:write', 'address_books:write'], 'reader')).token;
      for (const url of ['/api/devices/cli', '/api/devices/deploy']) {
        const body = { ...device, note: 'x', pk: PK, address_book_name: 'Field Kit' };
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

    it('deploys a device while admission requires deployment: OK, stored with its key, its registration then admitted; ID_TAKEN still for another machine’s id', async () => {
      const actor = { type: 'cli' as const, id: '', name: 'test', ip: '' };
      await t.services.settings.set(actor, 'rendezvous.admission', 'deployment');
      try {
        const deploy = async (body: unknown) => (await t.app.inject(rust('/api/devices/deploy', body, token))).json() as { result: string };
        const fresh = newDevice();
        const register = () => t.services.connectPolicy.admitRegistration({ ...fresh, pk: PK, from: '192.0.2.5' });
        assert.equal(await register(), 'not_deployed');
        assert.deepEqual(await deploy({ ...fresh, pk: PK }), { result: 'OK' });
        assert.equal((await t.store.devices.findById(fresh.id))?.pk, PK);
        assert.equal(await register(), 'ok');
        assert.deepEqual(await deploy({ id: fresh.id, uuid: 'b3RoZXI=', pk: PK }), { result: 'ID_TAKEN' });
        assert.deepEqual(await deploy({ id: fresh.id, uuid: fresh.uuid }), { result: 'INVALID_INPUT' });
      } finally {
        await t.services.settings.set(actor, 'rendezvous.admission', 'off');
      }
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
      for (const bad of [
        [],
        'x',
        null,
        42,
        { id: device.id },
        { uuid: device.uuid, note: 'x' },
        { ...device, note: 12 },
        { ...device, user_name: ['x'] },
        { ...device, note: 'x'.repeat(600) },
        { ...device, note: 'a\u0000b' },
        { ...device, address_book_name: 12 },
        { ...device, address_book_name: ['Field Kit'] },
        { ...device, address_book_name: 'x'.repeat(65) },
        { ...device, address_book_name: 'Field Kit', address_book_tag: { name: 'x' } },
        { ...device, address_book_name: 'Field Kit', address_book_tag: 'x'.repeat(129) },
        { ...device, address_book_name: 'Field Kit', address_book_alias: 'a\u0000b' },
        { ...device, address_book_name: 'Field Kit', address_book_password: 'x'.repeat(257) },
        { ...device, address_book_name: 'Field Kit', address_book_password: 42 },
        { ...device, address_book_name: 'Field Kit', address_book_note: 'x'.repeat(2001) },
        { ...device, address_book_note: 'no book' },
      ]) {
        const response = await t.app.inject(rust('/api/devices/cli', bad, abToken));
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
