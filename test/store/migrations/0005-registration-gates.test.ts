import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely } from 'kysely';
import { toView } from '../../../src/services/auth-providers.js';
import { createAuthProviderStore } from '../../../src/store/auth-providers.js';
import { type Db } from '../../../src/store/db.js';
import type { AuthProviderRow, Database } from '../../../src/store/schema.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
/** A provider row as the schema before this migration held it (later migrations added columns). */
type OldProviderRow = Omit<AuthProviderRow, 'subject_field' | 'token_ttl_days' | 'session_ttl_hours' | 'revalidate_minutes'>;
const THIS = '0005-registration-gates';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** A provider row as the schema before this migration stores it. */
function provider(name: string, fields: Partial<OldProviderRow>): OldProviderRow {
  return {
    id: `id-${name}`,
    name,
    type: 'oidc',
    display_name: name,
    icon: '',
    enabled: 1,
    position: 0,
    client_id: 'client',
    client_secret: '',
    issuer: '',
    tenant_id: '',
    scopes: 'openid profile email',
    authorization_endpoint: '',
    token_endpoint: '',
    userinfo_endpoint: '',
    jwks_uri: '',
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
    response_mode: 'query',
    response_type: 'code',
    allow_insecure_http: 0,
    policy: JSON.stringify({ auto_register: true, username_claim: '' }),
    created_at: T0,
    updated_at: T0,
    ...fields,
  };
}

const entra = (tenant: string) => ({ type: 'azure', tenant_id: tenant, issuer: `https://login.microsoftonline.com/${tenant}/v2.0` });
const github = {
  type: 'github',
  authorization_endpoint: 'https://github.com/login/oauth/authorize',
  token_endpoint: 'https://github.com/login/oauth/access_token',
  userinfo_endpoint: 'https://api.github.com/user',
};

/** name → fields, and whether the provider is on after the upgrade. */
const before0005: [string, Partial<AuthProviderRow>, boolean][] = [
  ['entra-organizations', entra('organizations'), false],
  ['entra-common', entra('common'), false],
  ['entra-consumers', entra('consumers'), false],
  ['custom-at-microsoft', { type: 'oidc', issuer: 'https://login.microsoftonline.com/common/v2.0' }, false],
  ['github', github, false],
  ['google', { type: 'google', issuer: 'https://accounts.google.com' }, false],
  ['gitlab', { type: 'gitlab', issuer: 'https://gitlab.com' }, false],
  // The Entra guide's case: one tenant, by id or by domain. It keeps working.
  ['entra-single', entra(TENANT), true],
  ['entra-domain', entra('contoso.onmicrosoft.com'), true],
  ['gitlab-own', { type: 'gitlab', issuer: 'https://gitlab.corp.example' }, true],
  [
    'github-enterprise',
    {
      type: 'github',
      authorization_endpoint: 'https://github.corp.example/login/oauth/authorize',
      token_endpoint: 'https://github.corp.example/login/oauth/access_token',
      userinfo_endpoint: 'https://github.corp.example/api/v3/user',
    },
    true,
  ],
  ['okta', { type: 'okta', issuer: 'https://corp.okta.com' }, true],
  ['keycloak', { type: 'keycloak', issuer: 'http://127.0.0.1:8080/realms/corp' }, true],
];

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      for (const [position, [name, fields]] of before0005.entries()) {
        await k.insertInto('auth_providers').values(provider(name, { position, ...fields })).execute();
      }
      await k.insertInto('auth_providers').values(provider('google-off', { type: 'google', issuer: 'https://accounts.google.com', enabled: 0, position: 99 })).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('switches off providers anyone could register through, keeps the rest on, and deletes none', async () => {
      const rows = await k.selectFrom('auth_providers').selectAll().execute();
      assert.equal(rows.length, before0005.length + 1);
      for (const [name, , on] of before0005) {
        const row = rows.find((r) => r.name === name);
        assert.equal(row?.enabled, on ? 1 : 0, name);
        // Settings, secret and policy stay as they were.
        assert.equal(row?.client_id, 'client', name);
        assert.deepEqual(JSON.parse(row?.policy ?? ''), { auto_register: true, username_claim: '' }, name);
      }
      assert.equal(rows.find((r) => r.name === 'google-off')?.enabled, 0);
    });

    it('marks each switched-off provider for the console and records why in the audit log', async () => {
      const stored = await createAuthProviderStore(k).list();
      for (const [name, , on] of before0005) {
        const found = stored.find((r) => r.name === name);
        assert.ok(found, name);
        const view = toView(found);
        assert.equal(view.needs_policy, !on, name);
        // Stored before strip_email_domain existed: it reads as off (new providers get it on).
        const { auto_register, username_claim, allowed_tenants, allowed_email_domains, allow_anyone, strip_email_domain } = view.policy;
        assert.deepEqual({ auto_register, username_claim, allowed_tenants, allowed_email_domains, allow_anyone, strip_email_domain }, { auto_register: true, username_claim: '', allowed_tenants: [], allowed_email_domains: [], allow_anyone: false, strip_email_domain: false }, name);
      }
      const audit = await k.selectFrom('console_audit').selectAll().where('action', '=', 'provider.update').execute();
      const off = before0005.filter(([, , on]) => !on).map(([name]) => name);
      assert.deepEqual(audit.map((a) => a.target_name).sort(), [...off].sort());
      for (const record of audit) {
        assert.equal(record.actor_type, 'system');
        assert.match(JSON.parse(record.detail).reason as string, /Turned off by the upgrade: .*(tenants|domains|allow anyone)/);
      }
    });
  });
}
