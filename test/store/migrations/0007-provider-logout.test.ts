import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { createConsoleSessionStore } from '../../../src/store/console-sessions.js';
import { createLogoutTokenStore } from '../../../src/store/logout-tokens.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0007-provider-logout';

/** A user and their console sessions as the schema before this migration stores them. */
const user = { id: 'u1', name: 'alice', name_key: 'alice', display_name: 'Alice', email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0 };
const session = (id: string, at: number) => ({
  id,
  token_hash: `hash-${id}`,
  csrf_token: `csrf-${id}`,
  user_id: 'u1',
  remember: 0,
  ip: '198.51.100.7',
  user_agent: 'Firefox',
  created_at: at,
  last_seen_at: at,
  expires_at: at + 86_400_000,
  revoked_at: null,
});
const before0007 = [session('s1', T0), session('s2', T0 + 1000)];

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      // Written through a Kysely without the new columns' types: the tables as they were.
      const old = k as unknown as Kysely<{ users: typeof user; console_sessions: (typeof before0007)[number] }>;
      await old.insertInto('users').values(user).execute();
      await old.insertInto('console_sessions').values(before0007).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps every console session, which reads as a password sign-in (no provider, no provider session)', async () => {
      const store = createConsoleSessionStore(k);
      const rows = await store.listForUser('u1', T0);
      assert.deepEqual(
        rows.map((r) => [r.id, r.token_hash, r.ip, r.expires_at, r.remember, r.sso_provider_id, r.sso_sid]).sort(),
        before0007.map((s) => [s.id, s.token_hash, s.ip, s.expires_at, false, '', '']).sort(),
      );
      // Sessions without a provider session are never found by one.
      assert.deepEqual(await store.revokeByProviderSession('', '', T0), []);
      assert.equal((await store.listForUser('u1', T0)).length, 2);
    });

    it('records a single sign-on session’s provider and sid, and ends the sessions of one provider session', async () => {
      const store = createConsoleSessionStore(k);
      await store.insert({ ...session('s3', T0 + 2000), remember: false, sso_provider_id: 'p1', sso_sid: 'sid-1' });
      const found = await store.findByHash('hash-s3');
      assert.deepEqual([found?.sso_provider_id, found?.sso_sid], ['p1', 'sid-1']);
      assert.deepEqual(await store.revokeByProviderSession('p2', 'sid-1', T0 + 3000), []);
      assert.deepEqual(await store.revokeByProviderSession('p1', 'sid-1', T0 + 3000), ['u1']);
      assert.deepEqual((await store.listForUser('u1', T0 + 3000)).map((r) => r.id).sort(), ['s1', 's2']);
    });

    it('remembers a logout token jti once per provider until it lapses', async () => {
      const store = createLogoutTokenStore(k);
      assert.equal(await store.remember('p1', 'jti-1', T0 + 60_000), true);
      assert.equal(await store.remember('p1', 'jti-1', T0 + 60_000), false);
      assert.equal(await store.remember('p2', 'jti-1', T0 + 60_000), true);
      const both = await Promise.all([store.remember('p1', 'jti-2', T0 + 60_000), store.remember('p1', 'jti-2', T0 + 60_000)]);
      assert.deepEqual(both.sort(), [false, true]);
      await store.purge(T0 + 60_001);
      assert.equal(await store.remember('p1', 'jti-1', T0 + 120_000), true);
    });
  });
}
