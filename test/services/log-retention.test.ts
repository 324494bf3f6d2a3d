import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { systemActor } from '../../src/services/audit.js';
import { createLogRetention, PRUNE_BATCH } from '../../src/services/log-retention.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

let counter = 0;

/** A device audit record as devices report them (connections, file transfers, alarms). */
function deviceRecord(kind: 'conn' | 'file' | 'alarm', createdAt: number, closedAt = 0) {
  return {
    id: `rec-${kind}-${counter++}`, created_at: createdAt, kind, device_id: '100', device_uuid: 'uuid-100', conn_id: 1, type: 0, action: 'new',
    ip: '203.0.113.5', info: '{}', peer_id: '200', peer_name: 'bob', closed_at: closedAt,
  };
}

for (const engine of await testEngines()) {
  describe(`log retention (${engine})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(engine);
    });
    afterEach(() => t.close());

    const k = () => t.store.db.kysely;
    const count = async (table: 'device_audit' | 'console_audit' | 'login_failures') =>
      Number((await k().selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
    const deviceIds = async () => (await k().selectFrom('device_audit').select('id').orderBy('id').execute()).map((r) => r.id);
    const insertDeviceRecords = async (records: ReturnType<typeof deviceRecord>[]) => {
      for (let i = 0; i < records.length; i += 500) await k().insertInto('device_audit').values(records.slice(i, i + 500)).execute();
    };
    /** A failed console sign-in, recorded now, as a person mistyping makes it. */
    const failSignIn = async (name: string) => {
      const response = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: name, password: 'wrong password' }, headers: { 'sec-fetch-site': 'same-origin' } });
      assert.equal(response.statusCode, 401);
    };
    const pruneRecords = async () => (await t.services.audit.list({ action: 'logs.pruned' }, { current: 1, pageSize: 50 })).data;

    it('keeps every record while log_retention_days is 0, the default', async () => {
      assert.equal(await t.services.settings.get('log_retention_days'), 0);
      await createUser(t, { name: 'alice' });
      await failSignIn('alice');
      await insertDeviceRecords([deviceRecord('conn', t.clock.now(), t.clock.now()), deviceRecord('file', t.clock.now()), deviceRecord('alarm', t.clock.now())]);
      t.clock.advance(3650 * DAY);
      const before = { device_audit: await count('device_audit'), console_audit: await count('console_audit'), login_failures: await count('login_failures') };

      assert.deepEqual(await t.services.logRetention.pruneOnce(), { device_audit: 0, console_audit: 0, sign_in_failures: 0 });
      assert.deepEqual(before, { device_audit: 3, console_audit: 1, login_failures: 1 });
      assert.deepEqual({ device_audit: await count('device_audit'), console_audit: await count('console_audit'), login_failures: await count('login_failures') }, before);
      assert.deepEqual(await pruneRecords(), []);
    });

    it('deletes device audit records, console audit records and failed sign-ins older than the period, and records what it deleted', async () => {
      // Older than 30 days once the clock moves: a user created, a failed sign-in, three device records.
      await createUser(t, { name: 'alice' });
      await failSignIn('alice');
      const old = t.clock.now();
      await insertDeviceRecords([deviceRecord('conn', old, old + MINUTE), deviceRecord('file', old), deviceRecord('alarm', old)]);
      t.clock.advance(31 * DAY);
      // Within 30 days: the setting's own change, a failed sign-in, a device record.
      await t.services.settings.set(systemActor, 'log_retention_days', 30);
      await failSignIn('alice');
      const recent = deviceRecord('file', t.clock.now() - 29 * DAY);
      await insertDeviceRecords([recent]);

      const counts = await t.services.logRetention.pruneOnce();

      assert.deepEqual(counts, { device_audit: 3, console_audit: 1, sign_in_failures: 1 });
      assert.deepEqual(await deviceIds(), [recent.id]);
      assert.equal(await count('login_failures'), 1);
      const [record, ...others] = await pruneRecords();
      assert.deepEqual(others, []);
      assert.deepEqual(record?.actor, { type: 'system', id: '', name: 'deskgate' });
      assert.deepEqual(record?.detail, { log_retention_days: 30, before: t.clock.now() - 30 * DAY, device_audit: 3, console_audit: 1, sign_in_failures: 1 });
      const kept = await t.services.audit.list({}, { current: 1, pageSize: 50 });
      assert.deepEqual(kept.data.map((r) => r.action), ['logs.pruned', 'settings.update']);

      // Nothing more to delete: no second record.
      assert.deepEqual(await t.services.logRetention.pruneOnce(), { device_audit: 0, console_audit: 0, sign_in_failures: 0 });
      assert.equal((await pruneRecords()).length, 1);
    });

    it('keeps a connection still open unless it began more than a week before the period', async () => {
      await t.services.settings.set(systemActor, 'log_retention_days', 10);
      const now = t.clock.now();
      const closedOld = deviceRecord('conn', now - 11 * DAY, now - 11 * DAY + MINUTE);
      const openOld = deviceRecord('conn', now - 11 * DAY);
      const openAWeekPast = deviceRecord('conn', now - 17 * DAY + MINUTE);
      const openLong = deviceRecord('conn', now - 17 * DAY - MINUTE);
      const openNew = deviceRecord('conn', now - DAY);
      await insertDeviceRecords([closedOld, openOld, openAWeekPast, openLong, openNew]);

      assert.equal((await t.services.logRetention.pruneOnce())?.device_audit, 2);
      assert.deepEqual(await deviceIds(), [openOld.id, openAWeekPast.id, openNew.id].sort());
    });

    it('deletes more rows than one statement takes, in batches, letting other work run between them, until none are left', async () => {
      await t.services.settings.set(systemActor, 'log_retention_days', 1);
      const old = t.clock.now() - 2 * DAY;
      const total = 2 * PRUNE_BATCH[engine] + 7;
      await insertDeviceRecords(Array.from({ length: total }, (_, i) => deviceRecord(i % 2 === 0 ? 'file' : 'alarm', old + i)));
      const recent = deviceRecord('alarm', t.clock.now());
      await insertDeviceRecords([recent]);

      // Work queued on the event loop (a request, a heartbeat) gets its turn while the prune goes on.
      let turns = 0;
      let pruning = true;
      const queue = () =>
        setImmediate(() => {
          if (!pruning) return;
          turns++;
          queue();
        });
      queue();
      const counts = await t.services.logRetention.pruneOnce();
      pruning = false;

      assert.equal(counts?.device_audit, total);
      assert.deepEqual(await deviceIds(), [recent.id]);
      assert.ok(turns >= 2, `other work ran ${turns} times during three batches`);
    });

    it('prunes on one instance an hour: another asking while the lease is held does nothing', async () => {
      await t.services.settings.set(systemActor, 'log_retention_days', 1);
      const other = createLogRetention({ store: t.store, clock: t.clock, settings: t.services.settings, audit: t.services.audit });
      assert.deepEqual(await t.services.logRetention.pruneOnce(), { device_audit: 0, console_audit: 0, sign_in_failures: 0 });

      await insertDeviceRecords([deviceRecord('file', t.clock.now() - 2 * DAY), deviceRecord('alarm', t.clock.now() - 2 * DAY)]);
      t.clock.advance(30 * MINUTE);
      assert.equal(await other.pruneOnce(), undefined);
      assert.equal(await count('device_audit'), 2);

      // The next hour, whichever instance asks first takes the lease.
      t.clock.advance(30 * MINUTE);
      assert.deepEqual(await other.pruneOnce(), { device_audit: 2, console_audit: 0, sign_in_failures: 0 });
      assert.equal(await t.services.logRetention.pruneOnce(), undefined);
      assert.equal(await count('device_audit'), 0);
    });
  });
}
