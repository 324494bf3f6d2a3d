import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { createDeviceAuditStore } from '../../../src/store/device-audit.js';
import { createDeviceStore } from '../../../src/store/devices.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0022-rendezvous-devices';

/** Rows as the schema before this migration stores them. */
const user = { id: 'u1', name: 'alice', name_key: 'alice', display_name: 'Alice', email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0 };
const device = (id: string, enabled: number) => ({
  id, uuid: `uuid-${id}`, hostname: `host-${id}`, user_id: 'u1', group_id: null, note: `note-${id}`, enabled, created_at: T0, updated_at: T0,
});
const conn = {
  id: 'a1', created_at: T0, kind: 'conn', device_id: '100', device_uuid: 'uuid-100', conn_id: 5, type: 0, action: 'new', ip: '192.0.2.1', info: '{}',
};

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      const old = k as unknown as Kysely<{ users: typeof user; devices: ReturnType<typeof device>; device_audit: typeof conn }>;
      await old.insertInto('users').values(user).execute();
      await old.insertInto('devices').values([device('100', 1), device('200', 0)]).execute();
      await old.insertInto('device_audit').values(conn).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps every device as it was, approved and deployed, with no key yet', async () => {
      const store = createDeviceStore(k);
      for (const [id, enabled] of [['100', true], ['200', false]] as const) {
        const found = await store.findById(id);
        assert.deepEqual(
          [found?.uuid, found?.user_id, found?.note, found?.enabled, found?.pk, found?.approved, found?.deployed],
          [`uuid-${id}`, 'u1', `note-${id}`, enabled, '', true, true],
        );
      }
    });

    it('keeps the devices’ own connection records, marked as posted by the client, beside new server-side ones', async () => {
      const audit = createDeviceAuditStore(k);
      await audit.insert({
        id: 'a2', created_at: T0 + 1, kind: 'conn', source: 'server', device_id: '100', device_uuid: 'uuid-100', conn_id: 0, type: -1, action: 'punch',
        ip: '192.0.2.2', info: { allowed: true }, session_id: '', peer_id: '', peer_name: 'alice', note: '', authorized_at: T0 + 1, closed_at: T0 + 1,
      });
      const rows = await k.selectFrom('device_audit').select(['id', 'source', 'action']).orderBy('id').execute();
      assert.deepEqual(rows, [
        { id: 'a1', source: 'client', action: 'new' },
        { id: 'a2', source: 'server', action: 'punch' },
      ]);
    });

    it('stores a new device’s key and admission flags as given', async () => {
      const store = createDeviceStore(k);
      await store.insert({
        id: '300', uuid: 'uuid-300', hostname: '', username: '', os: '', cpu: '', memory: '', version: '', ver: 0, user_id: null, group_id: null, alias: '', note: '',
        enabled: true, conns: [], strategy_modified_at: 0, sysinfo_at: 0, last_online_at: T0, created_at: T0, updated_at: T0, pk: 'a2V5', approved: false, deployed: false,
      });
      const found = await store.findById('300');
      assert.deepEqual([found?.pk, found?.approved, found?.deployed], ['a2V5', false, false]);
    });
  });
}
