import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import { createAddressBookStore, type NewBook } from '../../../src/store/address-books.js';
import type { Database } from '../../../src/store/schema.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';
import { queryPlans } from '../../support/query-plans.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0015-address-books';

/** Users, a group and a device as the schema before this migration stores them. */
const user = (id: string, name: string) => ({ id, name, name_key: name, display_name: '', email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0 });
const group = { id: 'g1', name: 'Sales', name_key: 'sales', note: '', created_at: T0, updated_at: T0 };
const device = { id: '123456789', uuid: 'dXVpZA==', hostname: 'box', created_at: T0, updated_at: T0 };

const book = (id: string, ownerId: string, kind: 'personal' | 'shared', name: string): NewBook => ({
  id, guid: `guid-${id}`, kind, owner_id: ownerId, name, note: '', password: null, accept_presets: false, created_at: T0, updated_at: T0,
});
const peer = (id: string) => ({
  id, hash: '', password: '', username: '', hostname: '', platform: 'Linux', alias: '', tags: ['a'], force_always_relay: false, rdp_port: '',
  rdp_username: '', login_name: '', device_group_name: '', note: '', same_server: null, created_at: T0, updated_at: T0, deleted_at: null,
});

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      const old = k as unknown as Kysely<{
        users: ReturnType<typeof user>;
        user_groups: typeof group;
        user_group_members: { group_id: string; user_id: string };
        devices: typeof device;
      }>;
      await old.insertInto('users').values([user('u1', 'alice'), user('u2', 'bob')]).execute();
      await old.insertInto('user_groups').values(group).execute();
      await old.insertInto('user_group_members').values({ group_id: 'g1', user_id: 'u2' }).execute();
      await old.insertInto('devices').values(device).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps users, groups and devices, and starts with no address books', async () => {
      assert.deepEqual((await k.selectFrom('users').select('name').orderBy('name').execute()).map((r) => r.name), ['alice', 'bob']);
      assert.equal((await k.selectFrom('devices').select('id').execute()).length, 1);
      assert.equal((await k.selectFrom('address_books').selectAll().execute()).length, 0);
    });

    it('allows one personal book per user and shared names unique per owner ignoring case', async () => {
      const store = createAddressBookStore(k);
      assert.equal(await store.insert(book('b1', 'u1', 'personal', 'My address book')), true);
      assert.equal(await store.insert(book('b2', 'u1', 'personal', 'My address book')), false);
      assert.equal(await store.insert(book('b3', 'u1', 'shared', 'Team')), true);
      assert.equal(await store.insert(book('b4', 'u1', 'shared', 'TEAM')), false);
      assert.equal(await store.insert(book('b5', 'u2', 'shared', 'Team')), true);
      assert.equal((await store.findPersonal('u1'))?.guid, 'guid-b1');
      assert.equal((await store.findByGuid('guid-b5'))?.owner_name, 'bob');
    });

    it('gives a user group a rule once per book, and reads the rule through it', async () => {
      const store = createAddressBookStore(k);
      const rule = { id: 'r1', guid: 'rg1', book_id: 'b3', rule: 2 as const, at: T0, user_id: null, group_id: 'g1' };
      assert.equal(await store.insertRule(rule), true);
      assert.equal(await store.insertRule({ ...rule, id: 'r2', guid: 'rg2', rule: 3 }), false);
      assert.equal(await store.ruleFor('b3', 'u2'), 2);
      assert.equal(await store.ruleFor('b3', 'u1'), null);
    });

    it('keeps peers by book and id with tags, and an ARGB32 tag colour past 2^31', async () => {
      const store = createAddressBookStore(k);
      await store.putPeer('b3', peer('123456789'));
      await store.putPeer('b3', { ...peer('123456789'), alias: 'again' });
      assert.deepEqual((await store.listPeers('b3', { current: 1, pageSize: 10 })).map((p) => [p.id, p.alias, p.tags]), [['123456789', 'again', ['a']]]);
      assert.equal(await store.insertTag('b3', { name: 'a', color: 4280391411 }, T0), true);
      assert.deepEqual(await store.listTags('b3'), [{ name: 'a', color: 4280391411 }]);
    });

    it('deletes a user’s books, and their rules, peers and tags, with the user; a group’s rules with the group', async () => {
      await k.deleteFrom('user_groups').where('id', '=', 'g1').execute();
      assert.equal((await k.selectFrom('address_book_rules').selectAll().execute()).length, 0);
      await k.deleteFrom('users').where('id', '=', 'u1').execute();
      assert.deepEqual((await k.selectFrom('address_books').select('id').execute()).map((r) => r.id), ['b5']);
      assert.equal((await k.selectFrom('address_book_peers').selectAll().execute()).length, 0);
      assert.equal((await k.selectFrom('address_book_tags').selectAll().execute()).length, 0);
    });

    if (engine === 'sqlite') {
      it('finds a book by guid, a person’s personal book and a book’s bin through indexes', async () => {
        const plans = queryPlans(k);
        const store = createAddressBookStore(plans.db);
        await store.findByGuid('guid-b5');
        assert.match(await plans.explain(/"b"\."guid" = \?/), /sqlite_autoindex_address_books|USING INDEX/);
        await store.findPersonal('u2');
        assert.match(await plans.explain(/"b"\."owner_id" = \?/), /address_books_owner/);
        await store.listBin('b5', T0, { current: 1, pageSize: 10 });
        assert.match(await plans.explain(/order by "deleted_at" desc/), /address_book_peers_bin/);
        await store.purgeBin(T0, 10);
        assert.match(await plans.explain(/delete from address_book_peers/), /address_book_peers_deleted/);
      });
    } else {
      it('adds the indexes', async () => {
        const names = (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename like 'address_book%'`.execute(k)).rows.map((r) => r.name);
        for (const index of ['address_books_owner', 'address_books_kind_name', 'address_book_rules_subject', 'address_book_rules_user', 'address_book_rules_group', 'address_book_peers_bin', 'address_book_peers_deleted']) {
          assert.ok(names.includes(index), `${index} in ${names.join(', ')}`);
        }
      });
    }
  });
}
