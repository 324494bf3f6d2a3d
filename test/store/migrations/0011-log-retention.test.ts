import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { createLeaseStore } from '../../../src/store/leases.js';
import { createLogPruningStore } from '../../../src/store/log-pruning.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const THIS = '0011-log-retention';

/** Device audit records as the schema before this migration stores them (every column given). */
const deviceRecord = (id: string, kind: string, createdAt: number, closedAt: number) => ({
  id, created_at: createdAt, kind, device_id: '100', device_uuid: 'uuid-100', conn_id: 1, type: 0, action: 'new', ip: '203.0.113.5',
  info: '{}', session_id: '', peer_id: '200', peer_name: 'bob', note: '', authorized_at: 0, closed_at: closedAt,
});
const consoleRecord = (id: string, createdAt: number) => ({
  id, created_at: createdAt, actor_type: 'user', actor_id: 'u1', actor_name: 'root', action: 'user.create', target_type: 'user', target_id: 'u2',
  target_name: 'alice', detail: '{}', ip: '',
});
const failure = (id: string, createdAt: number) => ({
  id, created_at: createdAt, ip: '203.0.113.9', name: 'mallory', reason: 'bad_credentials', channel: 'console', kind: 'password', provider_id: '',
  provider_name: '', detail: '',
});

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      await k
        .insertInto('device_audit')
        .values([
          deviceRecord('closed-old', 'conn', T0 - 100 * DAY, T0 - 100 * DAY + 60_000),
          deviceRecord('open-old', 'conn', T0 - 100 * DAY, 0),
          deviceRecord('file-old', 'file', T0 - 100 * DAY, 0),
          deviceRecord('conn-new', 'conn', T0, 0),
        ])
        .execute();
      await k.insertInto('console_audit').values([consoleRecord('console-old', T0 - 100 * DAY), consoleRecord('console-new', T0)]).execute();
      await k.insertInto('login_failures').values([failure('failure-old', T0 - 100 * DAY), failure('failure-new', T0)]).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps every log record and starts with no leases', async () => {
      const ids = async (table: 'device_audit' | 'console_audit' | 'login_failures') =>
        (await k.selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id);
      assert.deepEqual(await ids('device_audit'), ['closed-old', 'conn-new', 'file-old', 'open-old']);
      assert.deepEqual(await ids('console_audit'), ['console-new', 'console-old']);
      assert.deepEqual(await ids('login_failures'), ['failure-new', 'failure-old']);
      assert.equal((await k.selectFrom('leases').selectAll().execute()).length, 0);
    });

    it('indexes device audit records by age alone, for pruning', async () => {
      const found =
        engine === 'sqlite'
          ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name = 'device_audit_created'`.execute(k)
          : await sql<{ name: string }>`select indexname as name from pg_indexes where indexname = 'device_audit_created'`.execute(k);
      assert.deepEqual(found.rows, [{ name: 'device_audit_created' }]);
    });

    it('prunes the records kept from before, an old open connection only past its grace', async () => {
      const pruning = createLogPruningStore(k);
      const before = T0 - 30 * DAY;
      assert.equal(await pruning.deviceAudit(before, before - 90 * DAY, 100), 2);
      assert.deepEqual((await k.selectFrom('device_audit').select('id').orderBy('id').execute()).map((r) => r.id), ['conn-new', 'open-old']);
      assert.equal(await pruning.deviceAudit(before, before - 7 * DAY, 100), 1);
      assert.equal(await pruning.consoleAudit(before, 100), 1);
      assert.equal(await pruning.signInFailures(before, 100), 1);
      assert.deepEqual((await k.selectFrom('console_audit').select('id').execute()).map((r) => r.id), ['console-new']);
      assert.deepEqual((await k.selectFrom('login_failures').select('id').execute()).map((r) => r.id), ['failure-new']);
    });

    it('gives a lease to one holder until it expires', async () => {
      const leases = createLeaseStore(k);
      assert.equal(await leases.acquire('log-retention', 'a', T0, 1000), true);
      assert.equal(await leases.acquire('log-retention', 'b', T0 + 999, 1000), false);
      assert.equal(await leases.acquire('log-retention', 'b', T0 + 1000, 1000), true);
    });
  });
}
