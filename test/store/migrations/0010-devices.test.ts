import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { createDeviceStore } from '../../../src/store/devices.js';
import type { NewDevice } from '../../../src/store/devices.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0010-devices';

/** A user as the schema before this migration stores it. */
const user = { id: 'u1', name: 'alice', name_key: 'alice', display_name: 'Alice', email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0 };

const device = (id: string, userId: string | null): NewDevice => ({
  id, uuid: `uuid-${id}`, hostname: 'box', username: 'alice', os: 'linux / Linux', cpu: '', memory: '', version: '1.4.9', ver: 1004090,
  user_id: userId, group_id: null, alias: '', note: '', enabled: true, conns: [], strategy_modified_at: 0, sysinfo_at: T0, last_online_at: T0,
  created_at: T0, updated_at: T0,
});

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      const old = k as unknown as Kysely<{ users: typeof user }>;
      await old.insertInto('users').values(user).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps the users and starts with no devices', async () => {
      assert.deepEqual((await k.selectFrom('users').select('name').execute()).map((r) => r.name), ['alice']);
      assert.equal((await k.selectFrom('devices').selectAll().execute()).length, 0);
    });

    it('stores a device bound to its uuid, and keeps it when its owner is deleted', async () => {
      const store = createDeviceStore(k);
      assert.equal(await store.insert(device('100', 'u1')), true);
      assert.equal(await store.insert({ ...device('100', null), uuid: 'another' }), false);
      assert.deepEqual(await store.heartbeats([{ id: '100', uuid: 'another', at: T0 + 1, ver: 1, conns: '[]', strategy_modified_at: 0 }]), new Map());
      assert.deepEqual(await store.heartbeats([{ id: '100', uuid: 'uuid-100', at: T0 + 1, ver: 1, conns: '[5]', strategy_modified_at: 0 }]), new Map([['100', { sysinfoAt: T0, strategyId: null }]]));
      await k.deleteFrom('users').where('id', '=', 'u1').execute();
      const stored = await store.findById('100');
      assert.deepEqual([stored?.user_id, stored?.uuid, stored?.conns], [null, 'uuid-100', [5]]);
    });
  });
}
