import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { AbViewer } from '../../src/domain/address-book.js';
import { AppError, type ErrorCode } from '../../src/errors.js';
import { systemActor, type Actor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { refuseAudit } from '../support/refuse-audit.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD } from '../support/fixtures.js';

const DAY = 86_400_000;
const admin: Actor = { type: 'user', id: 'admin', name: 'root', ip: '10.0.0.1' };
const refusedWith = (code: ErrorCode) => (error: unknown) => error instanceof AppError && error.code === code;
const page = { current: 1, pageSize: 100 };
const peer = (id: string, fields = {}) => ({ id, fields });

for (const engine of await testEngines()) {
  describe(`address books (${engine})`, () => {
    let t: TestApp;
    let ab: TestApp['services']['addressBooks'];
    const people: Record<string, AbViewer> = {};
    let sales = '';
    let support = '';

    async function person(name: string, groups: string[] = [], isAdmin = false): Promise<AbViewer> {
      const user = await t.services.users.create(systemActor, { name, password: PASSWORD, is_admin: isAdmin, ...(groups.length ? { group_ids: groups } : {}) });
      people[name] = { user_id: user.id, is_admin: isAdmin };
      return people[name];
    }
    const lastAudit = async () => (await t.services.audit.list({}, { current: 1, pageSize: 1 })).data[0];
    const peerIds = async (viewer: AbViewer, guid: string) => (await ab.peers(viewer, guid, page)).data.map((p) => p.id);

    before(async () => {
      t = await buildTestApp(engine);
      ab = t.services.addressBooks;
      sales = (await t.services.groups.create(systemActor, { name: 'Sales' })).id;
      support = (await t.services.groups.create(systemActor, { name: 'Support' })).id;
      await person('root', [], true);
      await person('owner');
      await person('alice', [sales]);
      await person('bob', [sales, support]);
      await person('carol');
      await person('dave', [support]);
    });
    after(() => t.close());
    afterEach(() => refuseAudit(t, false));

    it('makes a person’s personal book once, for them alone: not even an administrator sees it', async () => {
      const guid = await ab.personalGuid(people.alice!);
      assert.equal(await ab.personalGuid(people.alice!), guid);
      const both = await Promise.all([ab.personalGuid(people.carol!), ab.personalGuid(people.carol!)]);
      assert.equal(both[0], both[1]);
      await ab.addPeer(people.alice!, guid, peer('111111111', { alias: 'home', hash: 'c2VjcmV0', password: 'ignored' }));
      const [mine] = (await ab.peers(people.alice!, guid, page)).data;
      assert.deepEqual([mine?.alias, mine?.hash, mine?.password], ['home', 'c2VjcmV0', '']);
      for (const other of [people.root!, people.bob!]) {
        await assert.rejects(ab.peers(other, guid, page), refusedWith('addressbook.not_found'));
        await assert.rejects(ab.addPeer(other, guid, peer('2')), refusedWith('addressbook.not_found'));
      }
      // Never among the shared books.
      assert.ok(!(await ab.sharedProfiles(people.alice!, page)).data.some((b) => b.guid === guid));
      // The hash is sealed at rest.
      const row = await t.store.db.kysely.selectFrom('address_book_peers').select('hash').where('peer_id', '=', '111111111').executeTakeFirstOrThrow();
      assert.ok(row.hash.startsWith('v1.') && !row.hash.includes('c2VjcmV0'));
    });

    it('gives a person their own rule, else their groups’ highest, else everyone’s; owner and administrators full control', async () => {
      const book = await ab.createShared(admin, people.owner!, { name: 'Team', note: 'shared', password: 'team-pass' });
      assert.deepEqual([book.rule, book.has_password, book.owner_name, book.kind], [3, true, 'owner', 'shared']);
      assert.deepEqual([(await lastAudit())?.action, (await lastAudit())?.detail], ['address_book.create', { owner_id: people.owner!.user_id, note: 'shared', has_password: true }]);
      const g = book.guid;
      const rule = async (name: string) => (await ab.sharedProfiles(people[name]!, page)).data.find((b) => b.guid === g)?.rule;

      // Nothing yet: the book does not exist for them.
      assert.equal(await rule('alice'), undefined);
      await assert.rejects(ab.peers(people.alice!, g, page), refusedWith('addressbook.not_found'));
      assert.equal(await rule('owner'), 3);
      assert.equal(await rule('root'), 3);

      await ab.addRule(admin, people.owner!, g, { everyone: true }, 1);
      await ab.addRule(admin, people.owner!, g, { group_id: sales }, 2);
      await ab.addRule(admin, people.owner!, g, { group_id: support }, 3);
      assert.deepEqual([await rule('carol'), await rule('alice'), await rule('bob'), await rule('dave')], [1, 2, 3, 3]);
      // A person's own rule wins over their groups', even a lower one.
      const bobs = await ab.addRule(admin, people.owner!, g, { user_id: people.bob!.user_id }, 1);
      assert.deepEqual([bobs.subject, bobs.subject_name, bobs.rule], ['user', 'bob', 1]);
      assert.equal(await rule('bob'), 1);
      await assert.rejects(ab.addRule(admin, people.owner!, g, { user_id: people.bob!.user_id }, 2), refusedWith('addressbook.rule_exists'));
      await ab.setRule(admin, people.owner!, bobs.guid, 2);
      assert.equal(await rule('bob'), 2);
      await ab.deleteRule(admin, people.owner!, bobs.guid);
      assert.equal(await rule('bob'), 3);
      assert.equal((await lastAudit())?.action, 'address_book.rule_delete');
      assert.deepEqual((await ab.listRules(people.root!, g)).map((r) => [r.subject, r.subject_name, r.rule]), [['group', 'Sales', 2], ['group', 'Support', 3], ['everyone', '', 1]]);

      // The default password is sealed at rest and open to those who may read the book.
      const stored = await t.store.addressBooks.findByGuid(g);
      assert.ok(stored?.password?.startsWith('v1.') && !stored.password.includes('team-pass'));
      assert.equal((await ab.sharedProfiles(people.carol!, page)).data.find((b) => b.guid === g)?.password, 'team-pass');
    });

    it('refuses read-only people every change, and those without full control the book’s settings and rules', async () => {
      const g = (await ab.listAllBooks(page)).data.find((b) => b.name === 'Team')!.guid;
      await ab.addPeer(people.alice!, g, peer('200000001', { password: 'p1', hash: 'not kept' }));
      const seen = (await ab.peers(people.carol!, g, page)).data[0];
      assert.deepEqual([seen?.id, seen?.password, seen?.hash], ['200000001', 'p1', '']);
      for (const change of [
        () => ab.addPeer(people.carol!, g, peer('200000002')),
        () => ab.updatePeer(people.carol!, g, peer('200000001', { alias: 'x' })),
        () => ab.deletePeers(people.carol!, g, ['200000001']),
        () => ab.addTag(people.carol!, g, { name: 'x', color: 1 }),
        () => ab.renameTag(people.carol!, g, { from: 'x', to: 'y' }),
        () => ab.setTagColor(people.carol!, g, { name: 'x', color: 1 }),
        () => ab.deleteTags(people.carol!, g, ['x']),
        () => ab.listBin(people.carol!, g, page),
      ]) {
        await assert.rejects(change(), refusedWith('addressbook.read_only'));
      }
      await assert.rejects(ab.updateShared(admin, people.alice!, g, { note: 'x' }), refusedWith('addressbook.full_control_required'));
      await assert.rejects(ab.addRule(admin, people.alice!, g, { everyone: true }, 3), refusedWith('addressbook.full_control_required'));
      await assert.rejects(ab.deleteShared(admin, people.alice!, g), refusedWith('addressbook.full_control_required'));
      // Someone in a full-control group may.
      await ab.updateShared(admin, people.dave!, g, { note: 'by dave' });
      assert.equal((await ab.getBook(people.carol!, g)).note, 'by dave');
    });

    it('keeps shared names unique per owner ignoring case, and refuses the client’s own names', async () => {
      await assert.rejects(ab.createShared(admin, people.owner!, { name: 'team' }), refusedWith('addressbook.name_taken'));
      // Another owner may use it.
      const other = await ab.createShared(admin, people.root!, { name: 'Team', owner_id: people.carol!.user_id });
      assert.equal(other.owner_name, 'carol');
      for (const name of ['My address book', ' legacy ADDRESS book ']) {
        await assert.rejects(ab.createShared(admin, people.owner!, { name }), refusedWith('addressbook.reserved_name'));
        await assert.rejects(ab.updateShared(admin, people.carol!, other.guid, { name }), refusedWith('addressbook.reserved_name'));
      }
      for (const name of ['', '   ', 'x'.repeat(65), 'a\nb']) await assert.rejects(ab.createShared(admin, people.owner!, { name }), refusedWith('addressbook.invalid_name'));
      // Moving it to an owner who has that name already is refused too.
      await assert.rejects(ab.updateShared(admin, people.root!, other.guid, { owner_id: people.owner!.user_id }), refusedWith('addressbook.name_taken'));
      // Only administrators make books for others.
      await assert.rejects(ab.createShared(admin, people.carol!, { name: 'Mine', owner_id: people.alice!.user_id }), refusedWith('auth.forbidden'));
      const renamed = await ab.updateShared(admin, people.carol!, other.guid, { name: 'Carol’s', password: 'pw' });
      assert.deepEqual([renamed.name, renamed.has_password], ['Carol’s', true]);
      assert.deepEqual((await lastAudit())?.detail, { name: 'Carol’s', password: 'set' });
      assert.equal((await ab.updateShared(admin, people.carol!, other.guid, { password: '' })).has_password, false);
      await ab.deleteShared(admin, people.carol!, other.guid);
      await assert.rejects(ab.getBook(people.carol!, other.guid), refusedWith('addressbook.not_found'));
    });

    it('writes nothing when the audit record cannot be written', async () => {
      await refuseAudit(t, true);
      await assert.rejects(ab.createShared(admin, people.owner!, { name: 'Unaudited' }), /audit refused/);
      await refuseAudit(t, false);
      assert.ok(!(await ab.listAllBooks(page)).data.some((b) => b.name === 'Unaudited'));
    });

    it('caps a book at max_peer_one_ab, not counting its recycle bin; re-adding an id from the bin replaces it', async () => {
      const g = (await ab.createShared(admin, people.owner!, { name: 'Capped' })).guid;
      await t.services.settings.set(systemActor, 'max_peer_one_ab', 2);
      assert.deepEqual(await ab.clientSettings(), { max_peer_one_ab: 2 });
      await ab.addPeer(people.owner!, g, peer('300000001', { alias: 'one', note: 'first' }));
      await ab.addPeer(people.owner!, g, peer('300000002'));
      await assert.rejects(ab.addPeer(people.owner!, g, peer('300000003')), refusedWith('addressbook.peer_limit'));
      await assert.rejects(ab.addPeer(people.owner!, g, peer('300000001')), refusedWith('addressbook.peer_exists'));
      assert.equal(await ab.deletePeers(people.owner!, g, ['300000001', 'never-there']), 1);
      assert.deepEqual(await peerIds(people.owner!, g), ['300000002']);
      await ab.addPeer(people.owner!, g, peer('300000003'));
      // The bin is full of one; restoring it would pass the cap.
      await assert.rejects(ab.restorePeers(admin, people.owner!, g, ['300000001']), refusedWith('addressbook.peer_limit'));
      await ab.deletePeers(people.owner!, g, ['300000003']);
      assert.equal(await ab.restorePeers(admin, people.owner!, g, ['300000001']), 1);
      assert.deepEqual((await ab.peers(people.owner!, g, page)).data.map((p) => [p.id, p.alias, p.note]), [['300000001', 'one', 'first'], ['300000002', '', '']]);
      assert.equal((await lastAudit())?.action, 'address_book.restore');
      // 300000003 is in the bin: adding it again makes a new peer of it.
      await ab.deletePeers(people.owner!, g, ['300000002']);
      await ab.addPeer(people.owner!, g, peer('300000003', { alias: 'new' }));
      assert.deepEqual((await ab.listBin(people.owner!, g, page)).data.map((p) => p.id), ['300000002']);
      assert.equal((await ab.peers(people.owner!, g, page)).data.find((p) => p.id === '300000003')?.alias, 'new');
      await t.services.settings.set(systemActor, 'max_peer_one_ab', 0);
    });

    it('keeps deleted peers 30 days in the bin: restorable until then, purged after', async () => {
      const g = (await ab.createShared(admin, people.owner!, { name: 'Bin' })).guid;
      await ab.addPeer(people.owner!, g, peer('400000001', { password: 'secret' }));
      await ab.addPeer(people.owner!, g, peer('400000002'));
      await ab.deletePeers(people.owner!, g, ['400000001']);
      t.clock.advance(10 * DAY);
      await ab.deletePeers(people.owner!, g, ['400000002']);
      const bin = await ab.listBin(people.owner!, g, page);
      assert.deepEqual([bin.total, bin.data.map((p) => p.id), bin.data[1]?.password], [2, ['400000002', '400000001'], 'secret']);
      t.clock.advance(21 * DAY);
      // 400000001 has been there 31 days: no longer restorable, and purged.
      assert.equal(await ab.restorePeers(admin, people.owner!, g, ['400000001']), 0);
      assert.deepEqual((await ab.listBin(people.owner!, g, page)).data.map((p) => p.id), ['400000002']);
      await t.services.maintenance.purgeExpired();
      const left = await t.store.db.kysely.selectFrom('address_book_peers').select('peer_id').where('peer_id', 'like', '40000000%').execute();
      assert.deepEqual(left.map((r) => r.peer_id), ['400000002']);
      assert.equal(await ab.restorePeers(admin, people.owner!, g, ['400000002']), 1);
    });

    it('changes only the fields given, seals shared passwords, and ignores a hash on a shared book', async () => {
      const g = (await ab.createShared(admin, people.owner!, { name: 'Fields' })).guid;
      await ab.addPeer(people.owner!, g, peer('500000001', { alias: 'a', note: 'n', tags: ['x'], force_always_relay: true, same_server: true }));
      await ab.updatePeer(people.owner!, g, peer('500000001', { note: 'changed', password: 'pw', hash: 'h' }));
      const [p] = (await ab.peers(people.owner!, g, page)).data;
      assert.deepEqual(
        [p?.alias, p?.note, p?.tags, p?.force_always_relay, p?.same_server, p?.password, p?.hash],
        ['a', 'changed', ['x'], true, true, 'pw', ''],
      );
      const row = await t.store.db.kysely.selectFrom('address_book_peers').select('password').where('peer_id', '=', '500000001').executeTakeFirstOrThrow();
      assert.ok(row.password.startsWith('v1.'));
      await assert.rejects(ab.updatePeer(people.owner!, g, peer('500000009', { note: 'x' })), refusedWith('addressbook.peer_not_found'));
      // A console change is audited, naming the fields and never their values.
      await ab.updatePeer(people.owner!, g, peer('500000001', { password: 'pw2' }), admin);
      assert.deepEqual([(await lastAudit())?.action, (await lastAudit())?.detail], ['address_book.peer_update', { id: '500000001', fields: ['password'] }]);
    });

    it('renames and deletes tags in every peer’s list, and refuses a rename onto an existing tag', async () => {
      const g = (await ab.createShared(admin, people.owner!, { name: 'Tags' })).guid;
      for (const [name, color] of [['red', 4294901760], ['blue', 4278190335], ['green', 4278255360]] as const) {
        await ab.addTag(people.owner!, g, { name, color });
        t.clock.advance(1);
      }
      await assert.rejects(ab.addTag(people.owner!, g, { name: 'red', color: 1 }), refusedWith('addressbook.tag_exists'));
      await ab.addPeer(people.owner!, g, peer('600000001', { tags: ['red', 'blue'] }));
      await ab.addPeer(people.owner!, g, peer('600000002', { tags: ['blue'] }));
      await assert.rejects(ab.renameTag(people.owner!, g, { from: 'red', to: 'blue' }), refusedWith('addressbook.tag_exists'));
      await assert.rejects(ab.renameTag(people.owner!, g, { from: 'nope', to: 'other' }), refusedWith('addressbook.tag_not_found'));
      await ab.renameTag(people.owner!, g, { from: 'blue', to: 'navy' });
      await ab.setTagColor(people.owner!, g, { name: 'navy', color: 4280391411 });
      await assert.rejects(ab.setTagColor(people.owner!, g, { name: 'blue', color: 1 }), refusedWith('addressbook.tag_not_found'));
      assert.deepEqual(await ab.tags(people.owner!, g), [{ name: 'red', color: 4294901760 }, { name: 'navy', color: 4280391411 }, { name: 'green', color: 4278255360 }]);
      const tagsOf = async () => (await ab.peers(people.owner!, g, page)).data.map((p) => [p.id, p.tags]);
      assert.deepEqual(await tagsOf(), [['600000001', ['red', 'navy']], ['600000002', ['navy']]]);
      await ab.deleteTags(people.owner!, g, ['navy', 'unknown']);
      assert.deepEqual(await tagsOf(), [['600000001', ['red']], ['600000002', []]]);
      assert.deepEqual((await ab.tags(people.owner!, g)).map((tag) => tag.name), ['red', 'green']);
    });

    it('replaces the personal book from a legacy push: kept fields stay, missing peers go to the bin', async () => {
      const viewer = people.dave!;
      const guid = await ab.personalGuid(viewer);
      await ab.addPeer(viewer, guid, peer('700000001', { alias: 'old', note: 'kept', hash: 'h1' }));
      await ab.addPeer(viewer, guid, peer('700000002'));
      await ab.replaceLegacyBook(viewer, {
        peers: [peer('700000001', { alias: 'new', tags: ['t'] }), peer('700000003', { hash: 'h3', hostname: 'box' })],
        tags: [{ name: 't', color: 5 }],
      });
      const book = await ab.legacyBook(viewer);
      assert.deepEqual(book.peers.map((p) => [p.id, p.alias, p.note, p.hash, p.hostname, p.tags]), [
        ['700000001', 'new', 'kept', 'h1', '', ['t']],
        ['700000003', '', '', 'h3', 'box', []],
      ]);
      assert.deepEqual(book.tags, [{ name: 't', color: 5 }]);
      assert.deepEqual((await ab.listBin(viewer, guid, page)).data.map((p) => p.id), ['700000002']);
      await t.services.settings.set(systemActor, 'max_peer_one_ab', 1);
      await assert.rejects(ab.replaceLegacyBook(viewer, { peers: [peer('1'), peer('2')], tags: [] }), refusedWith('addressbook.peer_limit'));
      await t.services.settings.set(systemActor, 'max_peer_one_ab', 0);
    });

    if (engine === 'postgres') {
      it('holds the cap under concurrent adds', async () => {
        const g = (await ab.createShared(admin, people.owner!, { name: 'Race' })).guid;
        await t.services.settings.set(systemActor, 'max_peer_one_ab', 5);
        const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => ab.addPeer(people.owner!, g, peer(`80000${String(i).padStart(4, '0')}`))));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
        assert.ok(results.every((r) => r.status === 'fulfilled' || refusedWith('addressbook.peer_limit')(r.reason)));
        assert.equal((await ab.peers(people.owner!, g, page)).total, 5);
        await t.services.settings.set(systemActor, 'max_peer_one_ab', 0);
      });
    }
  });
}
