import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { createAccessTokenStore } from '../../../src/store/access-tokens.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';
import { queryPlans } from '../../support/query-plans.js';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const THIS = '0023-access-tokens-by-device';

/** Rows as the schema before this migration stores them. */
const user = (id: string) => ({ id, name: id, name_key: id, display_name: id, email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0 });
const token = (id: string, userId: string, created: number, revoked: number | null = null) => ({
  id, token_hash: `hash-${id}`, user_id: userId, device_id: '700000001', device_uuid: 'dXVpZA==', device_info: '{}', ip: '192.0.2.1',
  created_at: created, last_used_at: created, expires_at: T0 + 30 * DAY, revoked_at: revoked, sso_provider_id: '', sso_sid: '',
});

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      const old = k as unknown as Kysely<{ users: ReturnType<typeof user>; access_tokens: ReturnType<typeof token> }>;
      await old.insertInto('users').values([user('u1'), user('u2'), user('u3')]).execute();
      await old.insertInto('access_tokens').values([token('t1', 'u1', T0), token('t2', 'u2', T0 + 1000), token('t3', 'u3', T0 + 2000, T0 + 3000)]).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('finds who is signed in on a device from the tokens made before it: the newest live one', async () => {
      const tokens = createAccessTokenStore(k);
      assert.equal(await tokens.signedInOn('700000001', 'dXVpZA==', T0 + DAY), 'u2', 'u3 signed out');
      assert.equal(await tokens.signedInOn('700000001', 'b3RoZXI=', T0 + DAY), undefined, 'another machine');
      assert.equal(await tokens.signedInOn('700000001', 'dXVpZA==', T0 + 31 * DAY), undefined, 'all expired');
    });

    if (engine === 'sqlite') {
      it('finds them through the new index, not by reading every token', async () => {
        const plans = queryPlans(k);
        await createAccessTokenStore(plans.db).signedInOn('700000001', 'dXVpZA==', T0);
        assert.match(await plans.explain(/device_id/), /USING INDEX access_tokens_device/);
      });
    } else {
      it('adds the index', async () => {
        const names = (await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'access_tokens'`.execute(k)).rows.map((r) => r.name);
        assert.ok(names.includes('access_tokens_device'), names.join(', '));
      });
    }

    it('keeps every token as it was', async () => {
      const rows = await k.selectFrom('access_tokens').select(['id', 'user_id', 'revoked_at']).orderBy('id').execute();
      assert.deepEqual(rows.map((r) => [r.id, r.user_id, r.revoked_at === null ? null : Number(r.revoked_at)]), [
        ['t1', 'u1', null],
        ['t2', 'u2', null],
        ['t3', 'u3', T0 + 3000],
      ]);
    });
  });
}
