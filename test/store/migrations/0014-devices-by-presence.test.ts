import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import { createDeviceStore } from '../../../src/store/devices.js';
import type { Database } from '../../../src/store/schema.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';
import { queryPlans } from '../../support/query-plans.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0014-devices-by-presence';

/** Devices as the schema before this migration stores them, each last heard from a minute apart. */
const device = (i: number) => ({ id: `64000000${i}`, uuid: `dXVpZC0${i}`, hostname: `host-${i}`, created_at: T0, updated_at: T0, last_online_at: T0 + i * 60_000 });

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      const old = k as unknown as Kysely<{ devices: ReturnType<typeof device> }>;
      await old.insertInto('devices').values([1, 2, 3].map(device)).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps the devices, listed the latest heard from first and filtered by online state', async () => {
      const store = createDeviceStore(k);
      const page = { current: 1, pageSize: 10 };
      assert.deepEqual((await store.list({}, page)).rows.map((d) => d.hostname), ['host-3', 'host-2', 'host-1']);
      const online = await store.list({ online: { online: true, since: T0 + 2 * 60_000 } }, page);
      assert.deepEqual([online.total, online.rows.map((d) => d.hostname)], [2, ['host-3', 'host-2']]);
    });

    if (engine === 'sqlite') {
      it('reads a page of the device list through the new index instead of sorting every device', async () => {
        const plans = queryPlans(k);
        await createDeviceStore(plans.db).list({}, { current: 1, pageSize: 10 });
        // The page's query (the other one counts the devices).
        const detail = await plans.explain(/order by/);
        assert.match(detail, /devices_last_online/);
        assert.doesNotMatch(detail, /USE TEMP B-TREE FOR ORDER BY/);
      });
    } else {
      it('adds the index', async () => {
        const names = (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'devices'`.execute(k)).rows.map((r) => r.name);
        assert.ok(names.includes('devices_last_online'), names.join(', '));
      });
    }
  });
}
