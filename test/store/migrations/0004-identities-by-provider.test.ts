import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Kysely } from 'kysely';
import { buildApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { systemActor } from '../../../src/services/audit.js';
import { type Db } from '../../../src/store/db.js';
import type { AuthProviderRow, Database, UserIdentityRow } from '../../../src/store/schema.js';
import { testPasswords } from '../../support/app.js';
import { createBrowser } from '../../support/browser.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';
import { startHostileIdp, type HostileIdp } from '../../support/hostile-idp.js';

const T0 = Date.UTC(2026, 0, 1);
/** Rows as the schema before this migration held them (later migrations added columns). */
type OldProviderRow = Omit<AuthProviderRow, 'subject_field' | 'token_ttl_days' | 'session_ttl_hours' | 'revalidate_minutes'>;
type OldIdentityRow = Omit<UserIdentityRow, 'tenant_id' | 'object_id' | 'refresh_token' | 'revalidated_at'>;
const THIS = '0004-identities-by-provider';
const CLIENT_ID = 'deskgate';
const CLIENT_SECRET = 'migration-test-client-secret-0123456789';

function providerRow(id: string, issuer: string): OldProviderRow {
  return {
    id, name: id, type: 'oidc', display_name: id, icon: '', enabled: 1, position: 0, client_id: CLIENT_ID, client_secret: '', issuer,
    tenant_id: '', scopes: 'openid profile email', authorization_endpoint: '', token_endpoint: '', userinfo_endpoint: '', jwks_uri: '',
    token_endpoint_auth_method: 'client_secret_basic', id_token_signed_response_alg: 'RS256', response_mode: 'query', response_type: 'code',
    allow_insecure_http: 0, policy: JSON.stringify({ auto_register: true, username_claim: '' }), created_at: T0, updated_at: T0,
  };
}

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let url: string | undefined;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;
    let idp: HostileIdp;
    let applied: string[];

    /** Linked users as the schema before this migration keyed them: by (issuer, subject). */
    const link = (id: string, user: string, provider: string, issuer: string, subject: string, lastSignIn = T0): OldIdentityRow => ({
      id, user_id: user, provider_id: provider, issuer, subject, email: '', created_at: T0, last_sign_in_at: lastSignIn,
    });
    let links: OldIdentityRow[] = [];

    before(async () => {
      idp = await startHostileIdp({ clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET }] });
      ({ db, url, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      for (const name of ['alice', 'bob', 'carol', 'dave', 'dave-2', 'erin']) {
        await k.insertInto('users').values({ id: `u-${name}`, name, name_key: name, display_name: '', email: '', note: '', status: 1, is_admin: name === 'alice' ? 1 : 0, password_hash: null, created_at: T0, updated_at: T0 }).execute();
      }
      await k.insertInto('auth_providers').values(providerRow('corp', idp.issuer)).execute();
      await k.insertInto('auth_providers').values({ ...providerRow('partner', 'https://partner.example'), position: 1 }).execute();
      links = [
        link('i-alice', 'u-alice', 'corp', idp.issuer, 'alice'),
        link('i-bob', 'u-bob', 'corp', idp.issuer, 'bob'),
        // The same subject at another provider: another person.
        link('i-carol', 'u-carol', 'partner', 'https://partner.example', 'alice'),
        // corp's issuer was changed once: dave signed in under both, and got a second user.
        link('i-dave-old', 'u-dave', 'corp', 'https://old-issuer.example', 'dave', T0),
        link('i-dave', 'u-dave-2', 'corp', idp.issuer, 'dave', T0 + 60_000),
        // Linked through a provider deleted long ago.
        link('i-erin', 'u-erin', 'deleted-provider', 'https://gone.example', 'erin'),
      ];
      for (const row of links) await k.insertInto('user_identities').values(row).execute();
      applied = await db.migrate();
    });
    after(async () => {
      await idp.close();
      await drop();
    });

    it('keeps every link, except the older of two that now share (provider, subject), which it records', async () => {
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
      // The columns this migration knew (later ones added more).
      const rows = await k
        .selectFrom('user_identities')
        .select(['id', 'user_id', 'provider_id', 'issuer', 'subject', 'email', 'created_at', 'last_sign_in_at'])
        .orderBy('id')
        .execute();
      assert.deepEqual(rows, links.filter((l) => l.id !== 'i-dave-old').sort((a, b) => a.id.localeCompare(b.id)));
      const audit = await k.selectFrom('console_audit').selectAll().where('action', '=', 'identity.unlink').execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.target_id, 'u-dave');
      assert.equal(audit[0]?.target_name, 'dave');
      assert.equal(audit[0]?.actor_type, 'system');
      assert.deepEqual(JSON.parse(audit[0]?.detail ?? ''), {
        identity: 'i-dave-old', provider_id: 'corp', issuer: 'https://old-issuer.example', subject: 'dave', kept: 'i-dave',
        reason: 'two links of one provider had this subject; the one used last is kept',
      });
    });

    it('makes (provider, subject) unique instead of (issuer, subject)', async () => {
      const again = link('i-alice-again', 'u-bob', 'corp', 'https://any-issuer.example', 'alice');
      await assert.rejects(k.insertInto('user_identities').values(again).execute());
      // Refused before: the same issuer and subject through another provider is another identity.
      await k.insertInto('user_identities').values(link('i-alice-elsewhere', 'u-bob', 'another-provider', idp.issuer, 'alice')).execute();
      await k.deleteFrom('user_identities').where('id', '=', 'i-alice-elsewhere').execute();
      // The user's links are still found by user.
      assert.deepEqual(await k.selectFrom('user_identities').select('id').where('user_id', '=', 'u-alice').execute(), [{ id: 'i-alice' }]);
      // And still go with their user.
      await k.deleteFrom('users').where('id', '=', 'u-erin').execute();
      assert.equal(await k.selectFrom('user_identities').select('id').where('id', '=', 'i-erin').executeTakeFirst(), undefined);
    });

    it('lets linked users sign in afterwards through their provider, as themselves', async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'deskgate-data-'));
      const config = loadConfig({
        DESKGATE_DATA_DIR: dataDir,
        DESKGATE_LOG_LEVEL: 'silent',
        ...(url ? { DATABASE_URL: url, DESKGATE_SECRET_KEY: 'test-secret-key-test-secret-key-0123' } : {}),
      });
      const app: App = await buildApp(config, { passwords: testPasswords, db });
      try {
        // A new client secret keeps everyone's link.
        await app.services.providers.update(systemActor, 'corp', { client_secret: CLIENT_SECRET });
        const users = (await k.selectFrom('users').select('id').execute()).length;
        await app.app.listen({ port: 0, host: '127.0.0.1' });
        const base = `http://127.0.0.1:${(app.app.server.address() as AddressInfo).port}`;
        for (const [sub, userId] of [['alice', 'u-alice'], ['bob', 'u-bob'], ['dave', 'u-dave-2']] as const) {
          idp.scenario = { sub };
          const browser = createBrowser();
          const end = await browser.navigate(`${base}/api/oidc/login/corp?return_to=/devices`, {
            stopAt: (next) => next.startsWith(base) && !new URL(next).pathname.startsWith('/api/oidc/'),
          });
          const cookie = browser.cookies(new URL(base).host).get('deskgate_session');
          assert.ok(cookie, `${sub}: not signed in (status ${end.status}): ${end.body.slice(0, 300)}`);
          const session = await fetch(`${base}/api/session`, { headers: { cookie: `deskgate_session=${cookie}` } });
          assert.equal(((await session.json()) as { user: { id: string } }).user.id, userId, sub);
        }
        assert.equal((await k.selectFrom('users').select('id').execute()).length, users, 'a user was created');
      } finally {
        await app.app.close();
        await app.services.accessTokens.flush();
        app.services.registry.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  });
}
