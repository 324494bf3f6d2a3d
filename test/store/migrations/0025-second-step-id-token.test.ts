import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { createTwoFactorStore } from '../../../src/store/two-factor.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0025-second-step-id-token';

/** Rows as the schema before this migration stores them. */
const user = { id: 'u1', name: 'alice', name_key: 'alice', display_name: 'Alice', email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0 };
const challenge = {
  secret_hash: 'pending', user_id: 'u1', channel: 'console', device_id: '', device_uuid: '', attempts: 1, created_at: T0, expires_at: T0 + 300_000,
  purpose: 'code', sso_provider_id: 'p1', sso_sid: 'sid-1', code_hash: '',
};

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      // A second step after a single sign-on, under way while the server is upgraded.
      const old = k as unknown as Kysely<{ users: typeof user; two_factor_challenges: typeof challenge }>;
      await old.insertInto('users').values(user).execute();
      await old.insertInto('two_factor_challenges').values(challenge).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps a pending challenge as it was, with no ID token to hint a logout with', async () => {
      const stored = await createTwoFactorStore(k).getChallenge('pending');
      assert.deepEqual(
        stored && [stored.userId, stored.purpose, stored.attempts, stored.ssoProviderId, stored.ssoSid, stored.ssoIdToken],
        ['u1', 'code', 1, 'p1', 'sid-1', ''],
      );
    });

    it('keeps a new challenge’s sealed ID token', async () => {
      const twoFactor = createTwoFactorStore(k);
      await twoFactor.insertChallenge(
        { secretHash: 'new', userId: 'u1', channel: 'console', deviceId: '', deviceUuid: '', expiresAt: T0 + 300_000, purpose: 'code', ssoProviderId: 'p1', ssoSid: '', ssoIdToken: 'v1.sealed', codeHash: '' },
        T0,
      );
      assert.equal((await twoFactor.getChallenge('new'))?.ssoIdToken, 'v1.sealed');
    });
  });
}
