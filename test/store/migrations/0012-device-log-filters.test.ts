import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import type { DeviceLogFilter } from '../../../src/domain/device-audit.js';
import { type Db } from '../../../src/store/db.js';
import { createDeviceAuditStore } from '../../../src/store/device-audit.js';
import type { Database } from '../../../src/store/schema.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';
import { queryPlans } from '../../support/query-plans.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0012-device-log-filters';
const NEW_INDEXES = ['device_audit_open', 'device_audit_peer', 'device_audit_peer_name'];

const user = { id: 'u1', name: 'alice', name_key: 'alice', display_name: 'Alice', email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0 };
const device = { id: '630000001', uuid: 'dXVpZA==', user_id: 'u1', created_at: T0, updated_at: T0 };
/** Connection records as the schema before this migration stores them: one closed, one open. */
const record = (id: string, at: number, peer: [string, string], closedAt: number) => ({
  id, created_at: at, kind: 'conn', device_id: device.id, device_uuid: device.uuid, conn_id: 1, type: 0, action: closedAt ? 'close' : 'authorized', ip: '198.51.100.9',
  info: '{}', session_id: '7', peer_id: peer[0], peer_name: peer[1], note: '', authorized_at: at, closed_at: closedAt,
});

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      const old = k as unknown as Kysely<{ users: typeof user; devices: typeof device; device_audit: ReturnType<typeof record> }>;
      await old.insertInto('users').values(user).execute();
      await old.insertInto('devices').values(device).execute();
      await old.insertInto('device_audit').values([record('a1', T0, ['123456789', 'Helpdesk-PC'], T0 + 5_000), record('a2', T0 + 60_000, ['987654321', 'home'], 0)]).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('adds the indexes for the controller, its name and open connections', async () => {
      const names =
        engine === 'sqlite'
          ? (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'device_audit'`.execute(k)).rows.map((r) => r.name)
          : (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'device_audit'`.execute(k)).rows.map((r) => r.name);
      for (const index of NEW_INDEXES) assert.ok(names.includes(index), `${index} in ${names.join(', ')}`);
    });

    it('keeps the records, which the new filters find', async () => {
      const store = createDeviceAuditStore(k);
      const ids = async (filter: DeviceLogFilter) => (await store.list({ kind: 'conn', ...filter }, { current: 1, pageSize: 10 })).rows.map((r) => r.id);
      assert.deepEqual(await ids({}), ['a2', 'a1']);
      assert.deepEqual(await ids({ peer: 'helpdesk-pc' }), ['a1']);
      assert.deepEqual(await ids({ peer: '987654321' }), ['a2']);
      assert.deepEqual(await ids({ state: 'open' }), ['a2']);
      assert.deepEqual(await ids({ state: 'closed', ownerId: 'u1' }), ['a1']);
      assert.deepEqual(await ids({ ownerId: 'u2' }), []);
    });

    if (engine === 'sqlite') {
      it('reads a controller’s, a device’s, an owner’s and the open connections through their indexes, not every connection', async () => {
        const plans = queryPlans(k);
        const store = createDeviceAuditStore(plans.db);
        const plan = async (filter: DeviceLogFilter) => {
          await store.listAfter({ kind: 'conn', ...filter }, undefined, 20);
          return plans.explain();
        };
        const peer = await plan({ peer: 'home' });
        assert.match(peer, /device_audit_peer \(kind=\? AND peer_id=\?\)/);
        assert.match(peer, /device_audit_peer_name \(kind=\? AND <expr>=\?\)/);
        assert.match(await plan({ deviceId: device.id }), /USING INDEX device_audit_device \(device_id=\?\)/);
        assert.match(await plan({ ownerId: 'u1' }), /USING INDEX device_audit_device \(device_id=\?\).*devices_user/);
        assert.match(await plan({ state: 'open' }), /USING INDEX device_audit_open \(kind=\? AND closed_at=\?\)/);
        for (const filter of [{ peer: 'home' }, { deviceId: device.id }, { ownerId: 'u1' }, { state: 'open' as const }]) {
          assert.doesNotMatch(await plan(filter), /device_audit_kind/, JSON.stringify(filter));
        }
      });
    }
  });
}
