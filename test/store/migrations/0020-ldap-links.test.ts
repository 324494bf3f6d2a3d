import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0020-ldap-links';

const user = (id: string, name: string) => ({
  id, name, name_key: name, display_name: name, email: '', note: '', status: 1, is_admin: 0, password_hash: 'h', created_at: T0, updated_at: T0,
});

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      await k.insertInto('users').values([user('u1', 'alice'), user('u2', 'bob')]).execute();
      await k.insertInto('settings').values({ key: 'password_login', value: 'true', updated_at: T0 }).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps the users and settings, with no link', async () => {
      const users = await k.selectFrom('users').select(['id', 'password_hash']).orderBy('id').execute();
      assert.deepEqual(users, [
        { id: 'u1', password_hash: 'h' },
        { id: 'u2', password_hash: 'h' },
      ]);
      assert.equal((await k.selectFrom('settings').select('value').where('key', '=', 'password_login').executeTakeFirstOrThrow()).value, 'true');
      assert.deepEqual(await k.selectFrom('ldap_links').selectAll().execute(), []);
    });

    it('links one account to one directory id, and drops the link with its user', async () => {
      const link = (userId: string, directoryId: string) => ({ user_id: userId, directory_id: directoryId, dn: `uid=${userId}`, created_at: T0, last_sign_in_at: T0 });
      await k.insertInto('ldap_links').values(link('u1', 'b7957040-843c-1041-865c-a39dcc613908')).execute();
      // One directory entry, one account; one account, one entry.
      await assert.rejects(k.insertInto('ldap_links').values(link('u2', 'b7957040-843c-1041-865c-a39dcc613908')).execute());
      await assert.rejects(k.insertInto('ldap_links').values(link('u1', 'another')).execute());
      await assert.rejects(k.insertInto('ldap_links').values(link('nobody', 'third')).execute());
      await k.deleteFrom('users').where('id', '=', 'u1').execute();
      assert.deepEqual(await k.selectFrom('ldap_links').selectAll().execute(), []);
    });
  });
}
