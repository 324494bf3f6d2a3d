import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { createAuthProviderStore } from '../../../src/store/auth-providers.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0008-sso-provisioning';

/** A provider, a linked person and their client token as the schema before this migration stores them. */
const user = { id: 'u1', name: 'alice', name_key: 'alice', display_name: 'Alice', email: '', note: '', status: 1, is_admin: 0, password_hash: null, created_at: T0, updated_at: T0 };
const provider = {
  id: 'p1', name: 'entra', type: 'azure', display_name: 'Microsoft', icon: '', enabled: 1, position: 0, client_id: 'client', client_secret: '',
  issuer: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0', tenant_id: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  scopes: 'openid profile email', authorization_endpoint: '', token_endpoint: '', userinfo_endpoint: '', jwks_uri: '',
  token_endpoint_auth_method: 'client_secret_basic', id_token_signed_response_alg: 'RS256', response_mode: 'query', response_type: 'code',
  allow_insecure_http: 0, policy: JSON.stringify({ auto_register: false, username_claim: 'upn', allowed_tenants: [], allowed_email_domains: [], allow_anyone: false }),
  created_at: T0, updated_at: T0,
};
const identity = { id: 'i1', user_id: 'u1', provider_id: 'p1', issuer: provider.issuer, subject: 'pairwise-sub', email: 'alice@contoso.example', created_at: T0, last_sign_in_at: T0 };
const token = {
  id: 't1', token_hash: 'hash-t1', user_id: 'u1', device_id: '123456789', device_uuid: 'uuid-1', device_info: '{"os":"linux"}', ip: '198.51.100.7',
  created_at: T0, last_used_at: T0, expires_at: T0 + 30 * 86_400_000, revoked_at: null,
};

const signIn = {
  id: 'c1', code_hash: 'code-hash', provider_id: 'p1', device_id: '123456789', device_uuid: 'uuid-1', device_info: '{}', ip: '198.51.100.7',
  status: 'approved', user_id: 'u1', error: '', confirm_token: '', created_at: T0, expires_at: T0 + 180_000,
};

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      // Written through a Kysely without the new columns' types: the tables as they were.
      const old = k as unknown as Kysely<{ users: typeof user; auth_providers: typeof provider; user_identities: typeof identity; access_tokens: typeof token; client_sign_ins: typeof signIn }>;
      await old.insertInto('users').values(user).execute();
      await old.insertInto('auth_providers').values(provider).execute();
      await old.insertInto('user_identities').values(identity).execute();
      await old.insertInto('access_tokens').values(token).execute();
      await old.insertInto('client_sign_ins').values(signIn).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps the provider as it was: global lifetimes, its own subject field, its policy, and the new policy fields at their defaults', async () => {
      const stored = await createAuthProviderStore(k).findById('p1');
      assert.ok(stored);
      assert.deepEqual(
        [stored.subject_field, stored.token_ttl_days, stored.session_ttl_hours, stored.revalidate_minutes],
        ['', 0, 0, 60],
      );
      assert.equal(stored.policy.auto_register, false);
      assert.equal(stored.policy.username_claim, 'upn');
      assert.deepEqual(
        [stored.policy.link_by_verified_email, stored.policy.admin_groups, stored.policy.groups_claim, stored.policy.default_group, stored.policy.allowed_orgs],
        [false, [], '', '', []],
      );
    });

    it('keeps the link, without an Entra key or refresh token until the next sign-in', async () => {
      const row = await k.selectFrom('user_identities').selectAll().where('id', '=', 'i1').executeTakeFirstOrThrow();
      assert.deepEqual(
        [row.subject, row.email, row.tenant_id, row.object_id, row.refresh_token, Number(row.revalidated_at)],
        ['pairwise-sub', 'alice@contoso.example', '', '', '', 0],
      );
    });

    it('keeps a client sign-in under way, without a provider session', async () => {
      const row = await k.selectFrom('client_sign_ins').selectAll().where('id', '=', 'c1').executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.user_id, row.error, row.sso_sid], ['approved', 'u1', '', '']);
    });

    it('keeps the client token, which reads as a password sign-in', async () => {
      const row = await k.selectFrom('access_tokens').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow();
      assert.deepEqual([row.token_hash, Number(row.expires_at), row.sso_provider_id, row.sso_sid], ['hash-t1', token.expires_at, '', '']);
    });
  });
}
