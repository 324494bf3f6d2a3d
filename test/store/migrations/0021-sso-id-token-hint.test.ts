import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { createConsoleSessionStore } from '../../../src/store/console-sessions.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0021-sso-id-token-hint';

/** A user and their console sessions as the schema before this migration stores them. */
const user = { id: 'u1', name: 'alice', name_key: 'alice', display_name: 'Alice', email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0 };
const session = (id: string, sso: { sso_provider_id: string; sso_sid: string }) => ({
  id,
  token_hash: `hash-${id}`,
  csrf_token: `csrf-${id}`,
  user_id: 'u1',
  remember: 0,
  ip: '198.51.100.7',
  user_agent: 'Firefox',
  created_at: T0,
  last_seen_at: T0,
  expires_at: T0 + 86_400_000,
  revoked_at: null,
  ...sso,
});
const before0021 = [session('password', { sso_provider_id: '', sso_sid: '' }), session('sso', { sso_provider_id: 'p1', sso_sid: 'sid-1' })];

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      // Written through a Kysely without the new column's type: the table as it was.
      const old = k as unknown as Kysely<{ users: typeof user; console_sessions: (typeof before0021)[number] }>;
      await old.insertInto('users').values(user).execute();
      await old.insertInto('console_sessions').values(before0021).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps every console session as it was, with no ID token to hint a logout with', async () => {
      const store = createConsoleSessionStore(k);
      const rows = await store.listForUser('u1', T0);
      assert.deepEqual(
        rows.map((r) => [r.id, r.token_hash, r.expires_at, r.sso_provider_id, r.sso_sid]).sort(),
        before0021.map((s) => [s.id, s.token_hash, s.expires_at, s.sso_provider_id, s.sso_sid]).sort(),
      );
      assert.equal(await store.ssoIdTokenOf('sso', T0), '');
      assert.equal(await store.ssoIdTokenOf('password', T0), '');
    });

    it('keeps a new single sign-on session’s sealed ID token beside it, never in what a session read returns, and only while it lives', async () => {
      const store = createConsoleSessionStore(k);
      await store.insert({ ...session('sso-2', { sso_provider_id: 'p1', sso_sid: 'sid-2' }), remember: false, sso_id_token: 'sealed-id-token' });
      assert.equal(await store.ssoIdTokenOf('sso-2', T0), 'sealed-id-token');
      const found = await store.findByHash('hash-sso-2');
      assert.ok(found);
      assert.equal('sso_id_token' in found, false);
      assert.equal(await store.revoke({ id: 'sso-2' }, T0 + 1000), 1);
      assert.equal(await store.ssoIdTokenOf('sso-2', T0 + 2000), '');
    });
  });
}
