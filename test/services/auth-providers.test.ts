/**
 * The provider service by itself: presets, validation, the sealed secret, the key-source rule
 * while people are linked, deletion, order, the audit record of each change and the policy an
 * open provider needs. The admin API's wire shapes are in test/http/admin-api/providers.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import type { Actor } from '../../src/services/audit.js';
import { FULL_AUTHORITY } from '../../src/services/authority.js';
import { createSsoIdentities } from '../../src/services/sso-identities.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';

const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);
const admin: Actor = { type: 'user', id: 'admin-id', name: 'root', ip: '10.0.0.5' };
const SECRET = 'plain-client-secret-4f9a7c';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

for (const engine of await testEngines()) {
  describe(`auth providers (${engine})`, () => {
    let t: TestApp;
    let providers: TestApp['services']['providers'];
    type Input = Parameters<typeof providers.create>[1];
    /** Input as an administrator or a script might send it, wrong types and all. */
    const raw = (input: Record<string, unknown>) => input as Input;
    let counter = 0;
    const fresh = () => `p${++counter}`;

    before(async () => {
      t = await buildTestApp(engine);
      // New providers start disabled; these tests judge providers that are on unless they say otherwise.
      providers = { ...t.services.providers, create: (actor, input) => t.services.providers.create(actor, { enabled: true, ...input }) };
    });
    after(() => t.close());

    /** The secret column as the database holds it. */
    async function storedSecret(id: string): Promise<string> {
      const row = await t.database.db.kysely.selectFrom('auth_providers').select('client_secret').where('id', '=', id).executeTakeFirst();
      return row?.client_secret ?? '<missing>';
    }

    async function auditOf(action: string, name: string) {
      return (await t.services.audit.list({ action, target: name }, { current: 1, pageSize: 50 })).data;
    }

    /** Someone linked through the provider, as a first sign-in links them. */
    async function link(providerId: string, subject: string) {
      const identities = createSsoIdentities({
        store: t.store,
        clock: t.clock,
        users: t.services.users,
        groups: t.services.groups,
        settings: t.services.settings,
        audit: t.services.audit,
      });
      const provider = await providers.forSignIn({ id: providerId });
      return identities.resolve(provider, { issuer: provider.issuer, subject, claims: { preferred_username: subject } });
    }

    it('creates new providers disabled unless the caller turns them on', async () => {
      const quiet = await t.services.providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://idp.example', client_id: 'x' });
      assert.equal(quiet.enabled, false);
      await assert.rejects(t.services.providers.forSignIn({ id: quiet.id }), code('provider.not_found'));
      const on = await t.services.providers.update(admin, quiet.id, { enabled: true });
      assert.equal(on.enabled, true);
      assert.equal((await t.services.providers.forSignIn({ id: quiet.id })).id, quiet.id);
      const explicit = await t.services.providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://idp.example', client_id: 'x', enabled: true });
      assert.equal(explicit.enabled, true);
    });

    it('fills in the Entra issuer from the tenant, and GitHub’s endpoints, scopes and name', async () => {
      const azure = await providers.create(admin, { type: 'azure', name: fresh(), tenant_id: TENANT, client_id: 'app' });
      assert.equal(azure.issuer, `https://login.microsoftonline.com/${TENANT}/v2.0`);
      assert.equal(azure.display_name, 'Microsoft');
      assert.equal(azure.scopes, 'openid profile email');
      assert.equal(azure.needs_policy, false);

      const github = await providers.create(admin, { type: 'github', name: fresh(), client_id: 'gh', policy: { allow_anyone: true } });
      assert.equal(github.authorization_endpoint, 'https://github.com/login/oauth/authorize');
      assert.equal(github.token_endpoint, 'https://github.com/login/oauth/access_token');
      assert.equal(github.userinfo_endpoint, 'https://api.github.com/user');
      assert.equal(github.scopes, 'read:user user:email');
      assert.equal(github.display_name, 'GitHub');

      const google = await providers.create(admin, { type: 'google', name: fresh(), client_id: 'g', policy: { allowed_email_domains: ['Example.COM '] } });
      assert.equal(google.issuer, 'https://accounts.google.com');
      assert.deepEqual(google.policy.allowed_email_domains, ['example.com']);

      // What the administrator typed wins over the preset.
      const named = await providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://idp.example', client_id: 'x', display_name: ' Corp SSO ', scopes: 'openid' });
      assert.equal(named.display_name, 'Corp SSO');
      assert.equal(named.scopes, 'openid');
      // Hybrid never puts an ID token in a query string.
      const hybrid = await providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://idp.example', client_id: 'x', response_type: 'code id_token' });
      assert.equal(hybrid.response_mode, 'form_post');
    });

    it('refuses invalid settings with provider.invalid and stores nothing', async () => {
      const before = (await providers.list()).length;
      const ok = { type: 'oidc', issuer: 'https://idp.example', client_id: 'x' };
      for (const [why, input] of [
        ['a name with spaces', { ...ok, name: 'Has Space' }],
        ['a name too long', { ...ok, name: 'n'.repeat(33) }],
        ['no client id', { ...ok, name: fresh(), client_id: '' }],
        ['an unknown type', { ...ok, name: fresh(), type: 'saml' }],
        ['OIDC without an issuer', { ...ok, name: fresh(), issuer: '' }],
        ['Entra without issuer or tenant', { type: 'azure', name: fresh(), client_id: 'x' }],
        ['a malformed tenant', { type: 'azure', name: fresh(), client_id: 'x', tenant_id: 'not a tenant/' }],
        ['OAuth 2 without endpoints', { type: 'oauth2', name: fresh(), client_id: 'x', issuer: 'https://idp.example' }],
        ['OAuth 2 with the hybrid flow', { type: 'github', name: fresh(), client_id: 'x', response_type: 'code id_token', policy: { allow_anyone: true } }],
        ['a relative issuer', { ...ok, name: fresh(), issuer: '/realms/corp' }],
        ['plain http off loopback', { ...ok, name: fresh(), issuer: 'http://idp.example' }],
        ['a javascript: endpoint', { ...ok, name: fresh(), token_endpoint: 'javascript:alert(1)' }],
        ['an unknown signing algorithm', { ...ok, name: fresh(), id_token_signed_response_alg: 'HS256' }],
        ['an unknown client authentication', { ...ok, name: fresh(), token_endpoint_auth_method: 'private_key_jwt' }],
        ['an unknown response mode', { ...ok, name: fresh(), response_mode: 'fragment' }],
        ['a policy switch that is not a boolean', { ...ok, name: fresh(), policy: { auto_register: 'yes' } }],
        ['a tenant list on a non-Microsoft provider', { ...ok, name: fresh(), policy: { allowed_tenants: [TENANT] } }],
        ['a tenant that is not a GUID', { type: 'azure', tenant_id: 'organizations', name: fresh(), client_id: 'x', policy: { allowed_tenants: ['contoso.com'] } }],
        ['an icon with a script', { ...ok, name: fresh(), icon: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' }],
      ] as const) {
        await assert.rejects(providers.create(admin, raw(input)), code('provider.invalid'), why);
      }
      assert.equal((await providers.list()).length, before);
      // Plain http is accepted on loopback, or when explicitly allowed.
      await providers.create(admin, { ...ok, type: 'oidc', name: fresh(), issuer: 'http://127.0.0.1:8080/realms/corp' });
      await providers.create(admin, { ...ok, type: 'oidc', name: fresh(), issuer: 'http://idp.internal', allow_insecure_http: true });
    });

    it('refuses a name already taken, on create and on rename', async () => {
      const name = fresh();
      await providers.create(admin, { type: 'oidc', name, issuer: 'https://idp.example', client_id: 'x' });
      await assert.rejects(providers.create(admin, { type: 'oidc', name, issuer: 'https://other.example', client_id: 'y' }), code('provider.name_taken'));
      const other = await providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://idp.example', client_id: 'x' });
      await assert.rejects(providers.update(admin, other.id, { name }), code('provider.name_taken'));
      assert.notEqual((await providers.get(other.id)).name, name);
    });

    it('seals the secret at rest, never shows it, opens it only for a sign-in, and keeps it when a change leaves it out', async () => {
      const created = await providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://idp.example', client_id: 'x', client_secret: SECRET });
      assert.equal(created.has_client_secret, true);
      assert.ok(!('client_secret' in created));
      assert.ok(!JSON.stringify(await providers.list()).includes(SECRET));
      assert.ok(!JSON.stringify(await providers.get(created.id)).includes(SECRET));
      const sealed = await storedSecret(created.id);
      assert.notEqual(sealed, '');
      assert.ok(!sealed.includes(SECRET), 'the database holds the secret in clear');
      assert.ok(!sealed.includes(Buffer.from(SECRET).toString('base64').slice(0, 12)));
      assert.equal((await providers.forSignIn({ id: created.id })).client_secret, SECRET);

      // Absent or empty: unchanged.
      await providers.update(admin, created.id, { display_name: 'Renamed' });
      await providers.update(admin, created.id, { client_secret: '' });
      assert.equal(await storedSecret(created.id), sealed);
      assert.equal((await providers.forTest(created.id)).client_secret, SECRET);
      // A new one replaces it, sealed afresh; the audit record names the field, never the value.
      await providers.update(admin, created.id, { client_secret: 'a-new-secret-value' });
      assert.notEqual(await storedSecret(created.id), sealed);
      assert.equal((await providers.forTest(created.id)).client_secret, 'a-new-secret-value');
      const records = await auditOf('provider.update', created.name);
      assert.ok(records.some((r) => (r.detail.changed as string[]).includes('client_secret')));
      assert.ok(!JSON.stringify(records).includes('a-new-secret-value'));

      const none = await providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://idp.example', client_id: 'public' });
      assert.equal(none.has_client_secret, false);
      assert.equal(await storedSecret(none.id), '');
    });

    it('writes an audit record with each change, naming who made it', async () => {
      const created = await providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://idp.example', client_id: 'x' });
      const [createRecord] = await auditOf('provider.create', created.name);
      assert.equal(createRecord?.target.id, created.id);
      assert.equal(createRecord?.actor.name, 'root');
      assert.equal(createRecord?.ip, '10.0.0.5');
      assert.deepEqual(createRecord?.detail, { type: 'oidc' });

      await providers.update(admin, created.id, { scopes: 'openid email', enabled: false });
      const [updateRecord] = await auditOf('provider.update', created.name);
      assert.deepEqual([...(updateRecord?.detail.changed as string[])].sort(), ['enabled', 'scopes']);
      // A change that changes nothing writes nothing.
      await providers.update(admin, created.id, { scopes: 'openid email' });
      assert.equal((await auditOf('provider.update', created.name)).length, 1);

      await providers.delete(admin, created.id);
      const [deleteRecord] = await auditOf('provider.delete', created.name);
      assert.equal(deleteRecord?.target.id, created.id);
      assert.deepEqual(deleteRecord?.detail, { unlinked: 0 });
    });

    it('refuses a change of where answers come from while people are linked, and unlinks them when asked', async () => {
      const created = await providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://idp.example', client_id: 'x', client_secret: SECRET });
      const ada = await link(created.id, 'ada');
      await link(created.id, 'bo');
      const token = await t.services.accessTokens.issue(ada.id, { deviceId: '1', uuid: 'u', deviceInfo: {}, ip: '10.0.0.1' });

      for (const change of [
        { issuer: 'https://evil.example' },
        { jwks_uri: 'https://evil.example/keys' },
        { token_endpoint: 'https://evil.example/token' },
        { userinfo_endpoint: 'https://evil.example/userinfo' },
        { authorization_endpoint: 'https://evil.example/authorize' },
        { type: 'keycloak' },
      ]) {
        await assert.rejects(providers.update(admin, created.id, raw(change)), code('provider.has_links'), JSON.stringify(change));
      }
      assert.equal((await providers.get(created.id)).issuer, 'https://idp.example');
      // A new client id, secret or name keeps everyone's link.
      await providers.update(admin, created.id, { client_id: 'y', client_secret: 'rotated', display_name: 'Corp' });
      assert.ok(await t.store.identities.findByProvider(created.id, 'ada'));

      const changed = await providers.update(admin, created.id, { issuer: 'https://new-idp.example' }, { unlinkIdentities: true, authority: FULL_AUTHORITY });
      assert.equal(changed.issuer, 'https://new-idp.example');
      assert.equal(await t.store.identities.findByProvider(created.id, 'ada'), undefined);
      assert.equal(await t.store.identities.findByProvider(created.id, 'bo'), undefined);
      // The users stay; their sign-ins end.
      assert.equal((await t.services.users.get(ada.id)).name, 'ada');
      await assert.rejects(t.services.accessTokens.verify(token), code('auth.invalid_token'));
      const [record] = (await auditOf('provider.update', created.name)).filter((r) => r.detail.unlinked !== undefined);
      assert.equal(record?.detail.unlinked, 2);
      // Nobody linked now: the key source may change freely.
      await providers.update(admin, created.id, { issuer: 'https://newer-idp.example' });
    });

    it('deletes a provider with its links; the users stay and their sign-ins end', async () => {
      const created = await providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://gone.example', client_id: 'x' });
      const cy = await link(created.id, 'cy');
      const token = await t.services.accessTokens.issue(cy.id, { deviceId: '2', uuid: 'u', deviceInfo: {}, ip: '10.0.0.1' });
      await providers.delete(admin, created.id, { authority: FULL_AUTHORITY });
      await assert.rejects(providers.get(created.id), code('provider.not_found'));
      await assert.rejects(providers.forSignIn({ id: created.id }), code('provider.not_found'));
      assert.equal(await t.store.identities.findByProvider(created.id, 'cy'), undefined);
      assert.equal((await t.services.users.get(cy.id)).name, 'cy');
      await assert.rejects(t.services.accessTokens.verify(token), code('auth.invalid_token'));
      assert.equal((await auditOf('provider.delete', created.name))[0]?.detail.unlinked, 1);
      await assert.rejects(providers.delete(admin, created.id, { authority: FULL_AUTHORITY }), code('provider.not_found'));
      await assert.rejects(providers.update(admin, created.id, { display_name: 'x' }), code('provider.not_found'));
    });

    it('needs authority over an administrator linked through a provider to unlink or delete it', async () => {
      const created = await providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://admins.example', client_id: 'x' });
      const boss = await link(created.id, 'boss');
      await t.services.users.update(admin, boss.id, { is_admin: true }, { scopes: ['admin'] });
      // Another administrator signs in with a password: unlinking boss leaves a way in (sign-in-ways.ts).
      await t.services.users.create(admin, { name: fresh(), password: 'correct horse battery', is_admin: true }, FULL_AUTHORITY);
      const script: Actor = { type: 'token', id: 'tok', name: 'script', ip: '' };
      const oidcOnly = { authority: { scopes: ['oidc:write'] } };
      await assert.rejects(providers.delete(script, created.id, oidcOnly), code('auth.scope'));
      await assert.rejects(providers.update(script, created.id, { issuer: 'https://elsewhere.example' }, { ...oidcOnly, unlinkIdentities: true }), code('auth.scope'));
      assert.ok(await t.store.identities.findByProvider(created.id, 'boss'));
      await providers.delete(script, created.id, { authority: { scopes: ['admin'] } });
      assert.equal(await t.store.identities.findByProvider(created.id, 'boss'), undefined);
    });

    it('needs admin to change where the answers of a provider with admin groups come from, the claim it reads, or who it admits', async () => {
      const created = await t.services.providers.create(
        admin,
        { type: 'oidc', name: fresh(), enabled: true, issuer: 'https://admins-from-groups.example', client_id: 'x', policy: { groups_claim: 'groups', admin_groups: ['deskgate-admins'] } },
        { authority: FULL_AUTHORITY },
      );
      const script: Actor = { type: 'token', id: 'tok', name: 'script', ip: '' };
      const oidcOnly = { authority: { scopes: ['oidc:write'] } };
      // Each would let the token's holder decide whom the provider makes an administrator.
      const risky: Input[] = [
        { issuer: 'https://attacker.example' },
        { token_endpoint: 'https://attacker.example/token' },
        { client_id: 'another-app' },
        { client_secret: 'another secret' },
        { policy: { groups_claim: 'preferred_username' } },
        { policy: { allow_anyone: true } },
        { policy: { allowed_email_domains: ['attacker.example'] } },
      ];
      for (const change of risky) {
        await assert.rejects(providers.update(script, created.id, change, oidcOnly), (error) => {
          assert.ok(isAppError(error, 'auth.scope'), JSON.stringify(change));
          assert.match((error as Error).message, /admin_groups make administrators needs the "admin" scope/);
          return true;
        });
      }
      assert.equal((await providers.get(created.id)).issuer, 'https://admins-from-groups.example');
      // What leaves the admin groups' source alone stays open to oidc:write.
      await providers.update(script, created.id, { display_name: 'Corp admins', scopes: 'openid profile email groups', token_ttl_days: 7 }, oidcOnly);
      await providers.update(script, created.id, { policy: { default_group: '', auto_register: false } }, oidcOnly);
      // And the same changes with admin, or on a provider without admin groups, go through.
      await providers.update(script, created.id, { issuer: 'https://moved.example' }, { authority: { scopes: ['admin'] } });
      const plain = await providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://plain.example', client_id: 'x' });
      await providers.update(script, plain.id, { issuer: 'https://plain-moved.example', policy: { groups_claim: 'roles' } }, oidcOnly);
    });

    it('needs users:write to let a provider take over accounts by e-mail, or to move such a provider elsewhere', async () => {
      const script: Actor = { type: 'token', id: 'tok', name: 'script', ip: '' };
      const oidcOnly = { authority: { scopes: ['oidc:write'] } };
      const both = { authority: { scopes: ['oidc:write', 'users:write'] } };
      const created = await t.services.providers.create(script, { type: 'oidc', name: fresh(), enabled: true, issuer: 'https://by-email.example', client_id: 'x' }, oidcOnly);
      await assert.rejects(providers.update(script, created.id, { policy: { link_by_verified_email: true } }, oidcOnly), (error) => {
        assert.ok(isAppError(error, 'auth.scope'));
        assert.match((error as Error).message, /link_by_verified_email.*needs the "users:write" scope/);
        return true;
      });
      await assert.rejects(t.services.providers.create(script, { type: 'oidc', name: fresh(), issuer: 'https://x.example', client_id: 'x', policy: { link_by_verified_email: true } }, oidcOnly), code('auth.scope'));
      await providers.update(script, created.id, { policy: { link_by_verified_email: true } }, both);
      for (const change of [{ issuer: 'https://attacker.example' }, { client_secret: 'another' }, { userinfo_endpoint: 'https://attacker.example/me' }] as Input[]) {
        await assert.rejects(providers.update(script, created.id, change, oidcOnly), code('auth.scope'), JSON.stringify(change));
      }
      // Its label, lifetimes and the rest of its policy stay open to oidc:write; turning it off too.
      await providers.update(script, created.id, { display_name: 'By e-mail', token_ttl_days: 3, policy: { auto_register: false } }, oidcOnly);
      await providers.update(script, created.id, { policy: { link_by_verified_email: false } }, oidcOnly);
      await providers.update(script, created.id, { issuer: 'https://moved.example' }, oidcOnly);
    });

    it('puts providers in the order given, the rest after them, and records the order', async () => {
      const ids = [];
      for (let i = 0; i < 3; i++) ids.push((await providers.create(admin, { type: 'oidc', name: `order-${i}`, issuer: 'https://idp.example', client_id: 'x' })).id);
      const [a, b, c] = ids as [string, string, string];
      const listed = await providers.reorder(admin, [c, a]);
      assert.deepEqual(listed.slice(0, 2).map((p) => p.id), [c, a]);
      assert.ok(listed.findIndex((p) => p.id === b) > 1);
      assert.deepEqual((await providers.list()).map((p) => p.id), listed.map((p) => p.id));
      assert.deepEqual(listed.map((p) => p.position), listed.map((_, i) => i));
      // Sign-in lists follow at once.
      assert.deepEqual((await providers.snapshot()).ordered.slice(0, 2).map((p) => p.id), [c, a]);
      const [record] = (await t.services.audit.list({ action: 'provider.reorder' }, { current: 1, pageSize: 1 })).data;
      assert.deepEqual((record?.detail.order as string[]).slice(0, 2), [c, a]);
      await assert.rejects(providers.reorder(admin, [a, 'no-such-provider']), code('provider.not_found'));
      assert.deepEqual((await providers.list()).map((p) => p.id), listed.map((p) => p.id));
    });

    it('keeps an open provider (multi-tenant Entra, Google, GitHub) off until its policy says who may sign in', async () => {
      const multi = { type: 'azure', tenant_id: 'organizations', client_id: 'app' } as const;
      await assert.rejects(providers.create(admin, { ...multi, name: fresh() }), code('provider.invalid'));
      const off = await providers.create(admin, { ...multi, name: fresh(), enabled: false });
      assert.equal(off.enabled, false);
      assert.equal(off.needs_policy, true);
      assert.equal(off.issuer, 'https://login.microsoftonline.com/organizations/v2.0');
      await assert.rejects(providers.forSignIn({ id: off.id }), code('provider.not_found'));
      await assert.rejects(providers.update(admin, off.id, { enabled: true }), code('provider.invalid'));
      assert.equal((await providers.get(off.id)).enabled, false);

      const on = await providers.update(admin, off.id, { enabled: true, policy: { allowed_tenants: [TENANT.toUpperCase()] } });
      assert.equal(on.enabled, true);
      assert.equal(on.needs_policy, false);
      assert.deepEqual(on.policy.allowed_tenants, [TENANT]);
      assert.equal((await providers.forSignIn({ name: on.name })).id, on.id);
      // Emptying the list of an enabled open provider is refused as well.
      await assert.rejects(providers.update(admin, on.id, { policy: { allowed_tenants: [] } }), code('provider.invalid'));

      await assert.rejects(providers.create(admin, { type: 'google', name: fresh(), client_id: 'g' }), code('provider.invalid'));
      await assert.rejects(providers.create(admin, { type: 'github', name: fresh(), client_id: 'gh' }), code('provider.invalid'));
      await assert.rejects(
        providers.create(admin, { type: 'github', name: fresh(), client_id: 'gh', policy: { allow_anyone: true, allowed_email_domains: ['example.com'] } }),
        code('provider.invalid'),
      );
      const anyone = await providers.create(admin, { type: 'azure', tenant_id: 'consumers', name: fresh(), client_id: 'app', policy: { allow_anyone: true } });
      assert.equal(anyone.needs_policy, false);
      // One organisation's directory needs no policy.
      assert.equal((await providers.create(admin, { type: 'okta', name: fresh(), issuer: 'https://corp.okta.example', client_id: 'o' })).needs_policy, false);
    });

    it('answers sign-ins only for enabled providers, by name or id, and sees a change at once', async () => {
      const created = await providers.create(admin, { type: 'oidc', name: fresh(), issuer: 'https://idp.example', client_id: 'x' });
      assert.equal((await providers.forSignIn({ name: created.name })).id, created.id);
      await providers.update(admin, created.id, { enabled: false });
      await assert.rejects(providers.forSignIn({ name: created.name }), code('provider.not_found'));
      await assert.rejects(providers.forSignIn({ id: created.id }), code('provider.not_found'));
      await assert.rejects(providers.forSignIn({ name: 'no-such-provider' }), code('provider.not_found'));
      await providers.update(admin, created.id, { enabled: true, client_id: 'changed' });
      assert.equal((await providers.forSignIn({ id: created.id })).client_id, 'changed');
      assert.equal(await providers.nameOf(created.id), created.name);
      assert.equal(await providers.nameOf('no-such-provider'), '');
    });
  });
}
