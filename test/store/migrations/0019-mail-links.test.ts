import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0019-mail-links';

const user = (id: string, name: string, password_hash: string | null) => ({
  id, name, name_key: name, display_name: name, email: `${name}@example.test`, note: '', status: 1, is_admin: 0, password_hash, created_at: T0, updated_at: T0,
});

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      await k.insertInto('users').values([user('u1', 'alice', 'h'), user('u2', 'bob', null)]).execute();
      await k.insertInto('settings').values({ key: 'password_login', value: 'true', updated_at: T0 }).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps the users and settings, with no invitation or reset link', async () => {
      const users = await k.selectFrom('users').select(['id', 'name', 'password_hash']).orderBy('id').execute();
      assert.deepEqual(users, [
        { id: 'u1', name: 'alice', password_hash: 'h' },
        { id: 'u2', name: 'bob', password_hash: null },
      ]);
      assert.equal((await k.selectFrom('settings').selectAll().execute()).length, 1);
      assert.deepEqual(await k.selectFrom('invitations').selectAll().execute(), []);
      assert.deepEqual(await k.selectFrom('password_resets').selectAll().execute(), []);
    });

    it('keeps one pending invitation per address and one row per token, with defaults', async () => {
      const invitation = (id: string, email: string, token_hash: string) => ({ id, email, email_key: email.toLowerCase(), token_hash, created_at: T0, sent_at: T0, expires_at: T0 + 72 * 3600_000 });
      await k.insertInto('invitations').values(invitation('i1', 'Carol@example.test', 't1')).execute();
      const row = await k.selectFrom('invitations').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.name, '');
      assert.equal(row.invited_by, '');
      await assert.rejects(k.insertInto('invitations').values(invitation('i2', 'carol@example.test', 't2')).execute());
      await assert.rejects(k.insertInto('invitations').values(invitation('i3', 'dave@example.test', 't1')).execute());
    });

    it('stores reset links, which go with their user', async () => {
      await k.insertInto('password_resets').values({ token_hash: 'r1', user_id: 'u1', created_at: T0, expires_at: T0 + 3600_000, used_at: null }).execute();
      const row = await k.selectFrom('password_resets').selectAll().executeTakeFirstOrThrow();
      assert.equal(row.ip, '');
      await assert.rejects(k.insertInto('password_resets').values({ token_hash: 'r2', user_id: 'nobody', created_at: T0, expires_at: T0, used_at: null }).execute());
      await k.deleteFrom('users').where('id', '=', 'u1').execute();
      assert.deepEqual(await k.selectFrom('password_resets').selectAll().execute(), []);
    });
  });
}
