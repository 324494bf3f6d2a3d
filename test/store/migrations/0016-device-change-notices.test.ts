import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';
import { noticeListener } from '../../support/notice-listener.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0016-device-change-notices';
const CHANNEL = 'deskgate_token_changes';

const user = (id: string, name: string) => ({
  id, name, name_key: name, display_name: name, email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0,
});
const device = (id: string, userId: string | null, groupId: string | null) => ({
  id, uuid: `uuid-${id}`, hostname: `host-${id}`, user_id: userId, group_id: groupId, created_at: T0, updated_at: T0,
});

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let url: string | undefined;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;
    let other: Awaited<ReturnType<typeof noticeListener>> | undefined;

    before(async () => {
      ({ db, url, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      await k.insertInto('users').values([user('u1', 'alice'), user('u2', 'bob')]).execute();
      await k.insertInto('device_groups').values({ id: 'g1', name: 'Lab', name_key: 'lab', note: '', created_at: T0, updated_at: T0 }).execute();
      await k.insertInto('devices').values([device('100', 'u1', 'g1'), device('200', 'u2', null), device('300', null, 'g1')]).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
      if (url) other = await noticeListener(url, CHANNEL);
    });
    after(async () => {
      await other?.close();
      await drop();
    });

    it('keeps the devices, which read and write as before', async () => {
      const rows = await k.selectFrom('devices').select(['id', 'user_id', 'group_id', 'hostname']).orderBy('id').execute();
      assert.deepEqual(rows, [
        { id: '100', user_id: 'u1', group_id: 'g1', hostname: 'host-100' },
        { id: '200', user_id: 'u2', group_id: null, hostname: 'host-200' },
        { id: '300', user_id: null, group_id: 'g1', hostname: 'host-300' },
      ]);
      await k.updateTable('devices').set({ note: 'kept' }).where('id', '=', '300').execute();
      assert.equal((await k.selectFrom('devices').select('note').where('id', '=', '300').executeTakeFirstOrThrow()).note, 'kept');
    });

    if (engine === 'sqlite') {
      it('adds no trigger on SQLite', async () => {
        const triggers = await sql<{ name: string }>`select name from sqlite_master where type = 'trigger' and name like '%notice%'`.execute(k);
        assert.deepEqual(triggers.rows, []);
      });
    }

    if (engine === 'postgres') {
      const mark = (n: number) => sql`select pg_notify(${CHANNEL}, ${`marker-${n}`})`.execute(k);

      it('tells listeners of a device added, changed in what a client lists, or deleted, and not of a heartbeat or other sysinfo', async () => {
        await k.updateTable('devices').set({ last_online_at: T0 + 1, conns: '[1]', cpu: 'x', version: '1.4.9' }).where('id', '=', '100').execute();
        await k.insertInto('devices').values(device('400', null, null)).execute();
        await k.updateTable('devices').set({ hostname: 'renamed' }).where('id', '=', '100').execute();
        await k.updateTable('devices').set({ enabled: 0 }).where('id', '=', '200').execute();
        // Written, but nothing listed changed: nothing to tell.
        await k.updateTable('devices').set({ enabled: 0 }).where('id', '=', '200').execute();
        await k.deleteFrom('devices').where('id', '=', '400').execute();
        await mark(1);
        // d:300 first: the test above changed its note.
        assert.deepEqual(await other!.upTo('marker-1'), ['d:300', 'd:400', 'd:100', 'd:200', 'd:400', 'marker-1']);
      });

      it('tells of a device group renamed, and of its devices when it is deleted', async () => {
        await k.updateTable('device_groups').set({ note: 'no news' }).where('id', '=', 'g1').execute();
        await k.updateTable('device_groups').set({ name: 'Lab 2', name_key: 'lab 2' }).where('id', '=', 'g1').execute();
        await mark(2);
        assert.deepEqual(await other!.upTo('marker-2'), ['g:g1', 'marker-2']);
        await k.deleteFrom('device_groups').where('id', '=', 'g1').execute();
        await mark(3);
        assert.deepEqual((await other!.upTo('marker-3')).sort(), ['d:100', 'd:300', 'marker-3']);
      });

      it('tells of the devices of a deleted user, who lose their owner', async () => {
        await k.deleteFrom('users').where('id', '=', 'u2').execute();
        await mark(4);
        assert.deepEqual((await other!.upTo('marker-4')).sort(), ['d:200', 'marker-4', 'u:u2']);
      });
    }
  });
}
