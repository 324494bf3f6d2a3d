import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';
import { noticeListener } from '../../support/notice-listener.js';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const THIS = '0013-token-change-notices';
const CHANNEL = 'deskgate_token_changes';

const user = (id: string, name: string) => ({
  id, name, name_key: name, display_name: name, email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0,
});
/** Access tokens as the schema before this migration stores them (every column given). */
const token = (id: string, userId: string) => ({
  id, token_hash: `hash-${id}`, user_id: userId, device_id: '123456789', device_uuid: 'dXVpZA==', device_info: '{}', ip: '192.0.2.1',
  created_at: T0, last_used_at: T0, expires_at: T0 + 30 * DAY, revoked_at: null, sso_provider_id: '', sso_sid: '',
});

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let url: string | undefined;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;
    /** Another instance's connection (PostgreSQL). */
    let other: Awaited<ReturnType<typeof noticeListener>> | undefined;

    before(async () => {
      ({ db, url, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      await k.insertInto('users').values([user('u1', 'alice'), user('u2', 'bob')]).execute();
      await k.insertInto('access_tokens').values([token('a1', 'u1'), token('a2', 'u1'), token('b1', 'u2'), token('b2', 'u2')]).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
      if (url) other = await noticeListener(url, CHANNEL);
    });
    after(async () => {
      await other?.close();
      await drop();
    });

    it('keeps the users and tokens, which read and write as before', async () => {
      const rows = await k.selectFrom('access_tokens').select(['id', 'user_id', 'revoked_at']).orderBy('id').execute();
      assert.deepEqual(rows, [
        { id: 'a1', user_id: 'u1', revoked_at: null },
        { id: 'a2', user_id: 'u1', revoked_at: null },
        { id: 'b1', user_id: 'u2', revoked_at: null },
        { id: 'b2', user_id: 'u2', revoked_at: null },
      ]);
      await k.updateTable('access_tokens').set({ last_used_at: T0 + 1 }).where('id', '=', 'a1').execute();
      assert.equal((await k.selectFrom('access_tokens').select('last_used_at').where('id', '=', 'a1').executeTakeFirstOrThrow()).last_used_at, T0 + 1);
      assert.deepEqual((await k.selectFrom('users').select('name').orderBy('name').execute()).map((u) => u.name), ['alice', 'bob']);
    });

    if (engine === 'sqlite') {
      it('adds nothing on SQLite', async () => {
        const triggers = await sql<{ name: string }>`select name from sqlite_master where type = 'trigger'`.execute(k);
        assert.deepEqual(triggers.rows, []);
      });
    }

    if (engine === 'postgres') {
      const mark = (n: number) => sql`select pg_notify(${CHANNEL}, ${`marker-${n}`})`.execute(k);

      it('tells listeners of a token revoked, its expiry changed or it deleted unrevoked, and not of its last use', async () => {
        await k.updateTable('access_tokens').set({ last_used_at: T0 + 60_000 }).where('id', '=', 'a1').execute();
        await k.updateTable('access_tokens').set({ revoked_at: T0 + 1 }).where('id', '=', 'a1').execute();
        await k.updateTable('access_tokens').set({ expires_at: T0 + DAY }).where('id', '=', 'a2').execute();
        // Purging revoked tokens says nothing: nobody keeps one.
        await k.deleteFrom('access_tokens').where('id', '=', 'a1').execute();
        await k.deleteFrom('access_tokens').where('id', '=', 'b1').execute();
        await mark(1);
        assert.deepEqual(await other!.upTo('marker-1'), ['t:hash-a1', 't:hash-a2', 't:hash-b1', 'marker-1']);
      });

      it('tells listeners of any change to a user, and of a user deleted with their tokens', async () => {
        await k.updateTable('users').set({ status: 0 }).where('id', '=', 'u1').execute();
        await k.updateTable('users').set({ is_admin: 1 }).where('id', '=', 'u2').execute();
        // Written, but nothing changed: nothing to tell.
        await k.updateTable('users').set({ is_admin: 1 }).where('id', '=', 'u2').execute();
        await k.deleteFrom('users').where('id', '=', 'u2').execute();
        await mark(2);
        const payloads = await other!.upTo('marker-2');
        assert.deepEqual(payloads.slice(0, 2), ['u:u1', 'u:u2']);
        // The delete: the user, and the live token that went with them (in either order).
        assert.deepEqual(payloads.slice(2).sort(), ['marker-2', 't:hash-b2', 'u:u2']);
      });

      it('tells nobody of a change rolled back', async () => {
        await assert.rejects(
          k.transaction().execute(async (trx) => {
            await trx.updateTable('users').set({ note: 'never' }).where('id', '=', 'u1').execute();
            await trx.updateTable('access_tokens').set({ revoked_at: T0 + 2 }).where('id', '=', 'a2').execute();
            throw new Error('rolled back');
          }),
          /rolled back/,
        );
        await mark(3);
        assert.deepEqual(await other!.upTo('marker-3'), ['marker-3']);
      });
    }
  });
}
