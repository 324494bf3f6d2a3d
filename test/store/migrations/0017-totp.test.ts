import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0017-totp';

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
      await k.insertInto('user_groups').values({ id: 'g1', name: 'Ops', name_key: 'ops', note: '', created_at: T0, updated_at: T0 }).execute();
      await k.insertInto('user_group_members').values({ group_id: 'g1', user_id: 'u1' }).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps the users and groups, with no enrolment, code, requirement or challenge', async () => {
      const users = await k.selectFrom('users').select(['id', 'name', 'password_hash']).orderBy('id').execute();
      assert.deepEqual(users, [
        { id: 'u1', name: 'alice', password_hash: 'h' },
        { id: 'u2', name: 'bob', password_hash: 'h' },
      ]);
      assert.equal((await k.selectFrom('user_group_members').selectAll().execute()).length, 1);
      for (const table of ['user_totp', 'user_backup_codes', 'two_factor_requirements', 'two_factor_challenges'] as const) {
        assert.deepEqual(await k.selectFrom(table).selectAll().execute(), [], table);
      }
    });

    it('stores an enrolment with its defaults, backup codes once each, requirements and challenges', async () => {
      await k.insertInto('user_totp').values({ user_id: 'u1', secret: 'v1.sealed', confirmed_at: null, created_at: T0, updated_at: T0 }).execute();
      const row = await k.selectFrom('user_totp').selectAll().where('user_id', '=', 'u1').executeTakeFirstOrThrow();
      assert.equal(Number(row.last_step), 0);
      assert.equal(row.confirmed_at, null);
      await assert.rejects(k.insertInto('user_totp').values({ user_id: 'u1', secret: 'x', confirmed_at: null, created_at: T0, updated_at: T0 }).execute());

      await k.insertInto('user_backup_codes').values([
        { user_id: 'u1', code_hash: 'a', used_at: null, created_at: T0 },
        { user_id: 'u1', code_hash: 'b', used_at: null, created_at: T0 },
      ]).execute();
      await assert.rejects(k.insertInto('user_backup_codes').values({ user_id: 'u1', code_hash: 'a', used_at: null, created_at: T0 }).execute());

      await k.insertInto('two_factor_requirements').values([
        { subject: 'user:u2', user_id: 'u2', group_id: null, created_at: T0 },
        { subject: 'group:g1', user_id: null, group_id: 'g1', created_at: T0 },
      ]).execute();
      await k.insertInto('two_factor_challenges').values({ secret_hash: 's', user_id: 'u1', channel: 'client', device_id: '123', device_uuid: 'uu', created_at: T0, expires_at: T0 + 300_000 }).execute();
      const challenge = await k.selectFrom('two_factor_challenges').selectAll().executeTakeFirstOrThrow();
      assert.equal(Number(challenge.attempts), 0);
    });

    it('deletes a user’s enrolment, codes, requirement and challenges with the user, and a group’s requirement with the group', async () => {
      await k.deleteFrom('user_groups').where('id', '=', 'g1').execute();
      assert.deepEqual(await k.selectFrom('two_factor_requirements').select('subject').execute(), [{ subject: 'user:u2' }]);
      await k.deleteFrom('users').where('id', 'in', ['u1', 'u2']).execute();
      for (const table of ['user_totp', 'user_backup_codes', 'two_factor_requirements', 'two_factor_challenges'] as const) {
        assert.deepEqual(await k.selectFrom(table).selectAll().execute(), [], table);
      }
    });
  });
}
