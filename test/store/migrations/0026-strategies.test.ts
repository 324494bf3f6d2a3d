import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import { createDeviceStore } from '../../../src/store/devices.js';
import type { Database } from '../../../src/store/schema.js';
import { createStrategyStore } from '../../../src/store/strategies.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0026-strategies';

/** Rows as the schema before this migration stores them. */
const user = { id: 'u1', name: 'alice', name_key: 'alice', display_name: 'Alice', email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0 };
const group = { id: 'g1', name: 'Lab', name_key: 'lab', note: '', created_at: T0, updated_at: T0 };
const device = { id: '123456789', uuid: 'dXVpZA==', user_id: 'u1', group_id: 'g1', strategy_modified_at: 77, created_at: T0, updated_at: T0 };

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      // A device that reported under the previous version, owned and in a group.
      const old = k as unknown as Kysely<{ users: typeof user; device_groups: typeof group; devices: typeof device }>;
      await old.insertInto('users').values(user).execute();
      await old.insertInto('device_groups').values(group).execute();
      await old.insertInto('devices').values(device).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('makes no strategy: a device that reported before is under none, and its heartbeats are written as before', async () => {
      const strategies = createStrategyStore(k);
      assert.deepEqual(await strategies.list(), []);
      assert.equal(await strategies.namedForDevice(device.id), null);
      const written = await createDeviceStore(k).heartbeats([{ id: device.id, uuid: device.uuid, at: T0 + 1, ver: 1004090, conns: '[]', strategy_modified_at: 77 }]);
      assert.deepEqual(written.get(device.id), { sysinfoAt: 0, strategyId: null });
      assert.equal((await createDeviceStore(k).findById(device.id))?.strategy_modified_at, 77);
    });

    it('names a strategy for that device through its owner and its group, and forgets it with either', async () => {
      const strategies = createStrategyStore(k);
      const strategy = { id: 's1', name: 'Locked', note: '', enabled: true, is_default: false, options: { 'enable-audio': 'N' }, revision: T0, created_at: T0, updated_at: T0 };
      assert.equal(await strategies.insert(strategy), true);
      assert.equal(await strategies.insert({ ...strategy, id: 's2', name: 'LOCKED' }), false, 'names are unique in any case');
      await strategies.assign('s1', { devices: [], users: [], device_groups: ['g1'] });
      assert.equal(await strategies.namedForDevice(device.id), 's1');
      await k.deleteFrom('device_groups').where('id', '=', 'g1').execute();
      assert.equal(await strategies.namedForDevice(device.id), null);
      await strategies.assign('s1', { devices: [], users: ['u1'], device_groups: [] });
      assert.equal(await strategies.namedForDevice(device.id), 's1');
      await strategies.delete('s1');
      assert.equal(await strategies.namedForDevice(device.id), null);
      assert.deepEqual(await k.selectFrom('user_strategies').selectAll().execute(), []);
    });
  });
}
