import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0018-trusted-devices';

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
      await k.insertInto('user_totp').values({ user_id: 'u1', secret: 'v1.sealed', confirmed_at: T0, created_at: T0, updated_at: T0 }).execute();
      // A second step under way while the server is upgraded.
      await k.insertInto('two_factor_challenges').values({ secret_hash: 's', user_id: 'u1', channel: 'client', device_id: '123', device_uuid: 'uu', created_at: T0, expires_at: T0 + 300_000 }).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps a challenge written before as a code step after a password, with no device trusted and no e-mail verification', async () => {
      const challenge = await k.selectFrom('two_factor_challenges').selectAll().executeTakeFirstOrThrow();
      assert.equal(challenge.user_id, 'u1');
      assert.equal(challenge.device_id, '123');
      assert.equal(challenge.purpose, 'code');
      assert.equal(challenge.sso_provider_id, '');
      assert.equal(challenge.sso_sid, '');
      assert.equal(challenge.code_hash, '');
      assert.equal((await k.selectFrom('user_totp').selectAll().execute()).length, 1);
      assert.deepEqual(await k.selectFrom('trusted_devices').selectAll().execute(), []);
      assert.deepEqual(await k.selectFrom('email_login_verification').selectAll().execute(), []);
    });

    it('stores trusted devices and e-mail verification, once per person, and deletes them with their user', async () => {
      // One row at a time: each leaves other columns to their defaults.
      await k.insertInto('trusted_devices').values({ id: 't1', user_id: 'u1', kind: 'client', device_id: '123', device_uuid: 'uu', password_mark: 'm', created_at: T0, expires_at: T0 + 1 }).execute();
      await k.insertInto('trusted_devices').values({ id: 't2', user_id: 'u1', kind: 'console', token_hash: 'th', password_mark: 'm', created_at: T0, expires_at: T0 + 1 }).execute();
      const browser = await k.selectFrom('trusted_devices').selectAll().where('id', '=', 't2').executeTakeFirstOrThrow();
      assert.deepEqual([browser.device_id, browser.device_uuid, browser.label], ['', '', '']);
      await k.insertInto('email_login_verification').values({ user_id: 'u2', created_at: T0 }).execute();
      await assert.rejects(k.insertInto('email_login_verification').values({ user_id: 'u2', created_at: T0 }).execute());
      await k.insertInto('two_factor_challenges').values({ secret_hash: 'e', user_id: 'u2', channel: 'console', purpose: 'email', code_hash: 'ch', created_at: T0, expires_at: T0 + 1 }).execute();

      await k.deleteFrom('users').where('id', 'in', ['u1', 'u2']).execute();
      for (const table of ['trusted_devices', 'email_login_verification', 'two_factor_challenges'] as const) {
        assert.deepEqual(await k.selectFrom(table).selectAll().execute(), [], table);
      }
    });
  });
}
