import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { createSignInAttemptStore } from '../../../src/store/sign-in-attempts.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0006-sso-sign-in-failures';

/** Failed password sign-ins as the schema before this migration stores them. */
const before0006 = [
  { id: 'f1', created_at: T0, ip: '198.51.100.7', name: 'frank', reason: 'bad_credentials', channel: 'client' },
  { id: 'f2', created_at: T0 + 1000, ip: '203.0.113.9', name: 'nobody', reason: 'locked', channel: 'console' },
  { id: 'f3', created_at: T0 + 2000, ip: '198.51.100.7', name: 'offline', reason: 'disabled', channel: 'console' },
];

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      // Written through a Kysely without the new columns' types: the table as it was.
      const old = k as unknown as Kysely<{ login_failures: (typeof before0006)[number] }>;
      await old.insertInto('login_failures').values(before0006).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps every earlier failure, which reads as a password failure without a provider', async () => {
      const store = createSignInAttemptStore(k);
      const { total, rows } = await store.listFailures({}, { current: 1, pageSize: 10 });
      assert.equal(total, 3);
      assert.deepEqual(
        rows.map((r) => [r.id, r.name, r.reason, r.channel, r.ip, r.created_at, r.kind, r.provider_id, r.provider_name, r.detail]),
        [...before0006].reverse().map((f) => [f.id, f.name, f.reason, f.channel, f.ip, f.created_at, 'password', '', '', '']),
      );
      assert.equal((await store.listFailures({ kind: 'password' }, { current: 1, pageSize: 10 })).total, 3);
      assert.equal((await store.listFailures({ kind: 'sso' }, { current: 1, pageSize: 10 })).total, 0);
    });

    it('stores single sign-on failures beside them, found by kind and provider', async () => {
      const store = createSignInAttemptStore(k);
      await store.recordFailure({
        id: 's1',
        created_at: T0 + 3000,
        ip: '192.0.2.1',
        name: '',
        reason: 'oidc.discovery_failed',
        channel: 'client',
        kind: 'sso',
        provider_id: 'p1',
        provider_name: 'corp',
        detail: 'connect ECONNREFUSED 127.0.0.1:9',
      });
      // A password failure written as sign-in.ts writes it, without the new fields.
      await store.recordFailure({ id: 'f4', created_at: T0 + 4000, ip: '192.0.2.2', name: 'eve', reason: 'bad_credentials', channel: 'client' });
      const sso = await store.listFailures({ kind: 'sso', providerId: 'p1' }, { current: 1, pageSize: 10 });
      assert.deepEqual(sso.rows.map((r) => [r.id, r.provider_name, r.reason, r.detail]), [['s1', 'corp', 'oidc.discovery_failed', 'connect ECONNREFUSED 127.0.0.1:9']]);
      const passwords = await store.listFailures({ kind: 'password' }, { current: 1, pageSize: 2 });
      assert.equal(passwords.total, 4);
      assert.deepEqual(passwords.rows.map((r) => r.id), ['f4', 'f3']);
      const latest = await store.latestProviderFailures(['p1', 'p2'], []);
      assert.deepEqual([...latest], [['p1', { at: T0 + 3000, reason: 'oidc.discovery_failed', detail: 'connect ECONNREFUSED 127.0.0.1:9' }]]);
    });
  });
}
