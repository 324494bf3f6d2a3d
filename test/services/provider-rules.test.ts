/**
 * Rules the provider service applies when a provider is saved: a tenant pasted as an Entra URL,
 * one scheme for all of a provider's endpoints, and one button label per provider.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import type { Actor } from '../../src/services/audit.js';
import { tenantFromInput } from '../../src/services/provider-settings.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createApiToken } from '../support/fixtures.js';

const admin: Actor = { type: 'user', id: 'admin-id', name: 'root', ip: '10.0.0.5' };
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
/** Refused with `c`, and the message matches `words`. */
const refused = (c: ErrorCode, words: RegExp) => (error: unknown) => isAppError(error, c) && words.test(error.publicMessage);

describe('tenant_id as typed or pasted', () => {
  it('takes the tenant out of Entra issuer and authority URLs', () => {
    const cases: [string, string, string][] = [
      [TENANT, TENANT, `https://login.microsoftonline.com/${TENANT}/v2.0`],
      ['contoso.onmicrosoft.com', 'contoso.onmicrosoft.com', 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0'],
      [`https://login.microsoftonline.com/${TENANT}/v2.0`, TENANT, `https://login.microsoftonline.com/${TENANT}/v2.0`],
      [`https://login.microsoftonline.com/${TENANT}/`, TENANT, `https://login.microsoftonline.com/${TENANT}/v2.0`],
      [`https://sts.windows.net/${TENANT}/`, TENANT, `https://login.microsoftonline.com/${TENANT}/v2.0`],
      [`login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`, TENANT, `https://login.microsoftonline.com/${TENANT}/v2.0`],
      [`https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`, TENANT, `https://login.microsoftonline.com/${TENANT}/v2.0`],
      [`https://login.microsoftonline.us/${TENANT}/v2.0`, TENANT, `https://login.microsoftonline.us/${TENANT}/v2.0`],
    ];
    for (const [input, tenant, issuer] of cases) assert.deepEqual(tenantFromInput(input), { tenant, issuer }, input);
  });

  it('says what is wrong with the field otherwise', () => {
    const wrong: [string, RegExp][] = [
      ['https://accounts.google.com', /tenant_id is a URL at accounts\.google\.com, which is not Microsoft Entra ID/],
      ['https://login.microsoftonline.com/', /tenant_id is a Microsoft URL with no tenant in its path/],
      ['https://login.microsoftonline.com/not a tenant/v2.0', /tenant_id has "not a tenant" where the tenant belongs/],
      ['my tenant', /tenant_id is not a tenant ID or domain/],
    ];
    for (const [input, words] of wrong) {
      assert.throws(() => tenantFromInput(input), refused('provider.invalid', words), input);
      assert.throws(() => tenantFromInput(input), refused('provider.invalid', /Directory \(tenant\) ID such as/), input);
    }
  });
});

for (const engine of await testEngines()) {
  describe(`provider rules when saved (${engine})`, () => {
    let t: TestApp;
    let providers: TestApp['services']['providers'];
    let counter = 0;
    const fresh = () => `r${++counter}`;

    before(async () => {
      t = await buildTestApp(engine);
      // New providers start disabled; these tests judge providers that are on unless they say otherwise.
      providers = { ...t.services.providers, create: (actor, input) => t.services.providers.create(actor, { enabled: true, ...input }) };
    });
    after(() => t.close());

    it('stores the tenant of a pasted issuer URL, and the issuer made from it', async () => {
      const v2 = await providers.create(admin, { type: 'azure', name: fresh(), client_id: 'app', tenant_id: `https://login.microsoftonline.com/${TENANT}/v2.0` });
      assert.equal(v2.tenant_id, TENANT);
      assert.equal(v2.issuer, `https://login.microsoftonline.com/${TENANT}/v2.0`);
      const v1 = await providers.create(admin, { type: 'azure', name: fresh(), client_id: 'app', display_name: 'Entra v1', tenant_id: `https://sts.windows.net/${TENANT}/` });
      assert.equal(v1.tenant_id, TENANT);
      assert.equal(v1.issuer, `https://login.microsoftonline.com/${TENANT}/v2.0`);
      await assert.rejects(
        providers.update(admin, v1.id, { tenant_id: 'https://example.com/tenant' }),
        refused('provider.invalid', /^tenant_id is a URL at example\.com/),
      );
    });

    it('refuses an https provider with a plain-http endpoint, naming the endpoint', async () => {
      const mixed = {
        type: 'oauth2' as const,
        client_id: 'x',
        authorization_endpoint: 'https://auth.example/authorize',
        token_endpoint: 'http://127.0.0.1:9/token',
        userinfo_endpoint: 'https://auth.example/userinfo',
      };
      await assert.rejects(providers.create(admin, { ...mixed, name: fresh() }), refused('provider.invalid', /^token_endpoint uses plain http while authorization_endpoint uses https/));
      // allow_insecure_http does not help: sign-in would still refuse it.
      await assert.rejects(
        providers.create(admin, { ...mixed, name: fresh(), token_endpoint: 'https://auth.example/token', userinfo_endpoint: 'http://idp.internal/userinfo', allow_insecure_http: true }),
        refused('provider.invalid', /^userinfo_endpoint uses plain http/),
      );
      await assert.rejects(
        providers.create(admin, { type: 'oidc', name: fresh(), client_id: 'x', issuer: 'https://idp.example', jwks_uri: 'http://127.0.0.1:9/jwks' }),
        refused('provider.invalid', /^jwks_uri uses plain http while issuer uses https/),
      );
      // All plain http on loopback, or all https: accepted.
      const local = await providers.create(admin, {
        ...mixed,
        name: fresh(),
        display_name: 'Local',
        authorization_endpoint: 'http://127.0.0.1:9/authorize',
        userinfo_endpoint: 'http://127.0.0.1:9/userinfo',
      });
      assert.equal(local.token_endpoint, 'http://127.0.0.1:9/token');
      await assert.rejects(providers.update(admin, local.id, { authorization_endpoint: 'https://auth.example/authorize' }), refused('provider.invalid', /^token_endpoint uses plain http/));
    });

    it('a provider saved before the rule, https with a plain-http token endpoint, fails its sign-in with a 4xx, never a 500', async () => {
      const name = fresh();
      const saved = await providers.create(admin, {
        type: 'oauth2',
        name,
        display_name: 'Saved before',
        client_id: 'x',
        authorization_endpoint: 'https://auth.example/authorize',
        token_endpoint: 'https://auth.example/token',
        userinfo_endpoint: 'https://auth.example/userinfo',
      });
      await t.database.db.kysely.updateTable('auth_providers').set({ token_endpoint: 'http://127.0.0.1:9/token' }).where('id', '=', saved.id).execute();
      t.clock.advance(60_000);
      const start = await t.app.inject({ method: 'GET', url: `/api/oidc/login/${name}` });
      assert.equal(start.statusCode, 302, start.body);
      const state = new URL(String(start.headers.location)).searchParams.get('state');
      const cookie = String(start.headers['set-cookie']).split(';')[0] ?? '';
      const callback = await t.app.inject({ method: 'GET', url: `/api/oidc/callback?code=abc&state=${state}`, headers: { cookie } });
      assert.ok(callback.statusCode >= 400 && callback.statusCode < 500, `${callback.statusCode}`);
    });

    it('refuses a second provider with the same button label, whatever its case, at create and update', async () => {
      const first = await providers.create(admin, { type: 'oidc', name: fresh(), client_id: 'x', issuer: 'https://one.example', display_name: 'Corp Login' });
      const name = fresh();
      await assert.rejects(
        providers.create(admin, { type: 'oidc', name, client_id: 'x', issuer: 'https://two.example', display_name: ' corp  login ' }),
        refused('provider.label_taken', new RegExp(`The provider "${first.name}" already has the button label "Corp Login" \\(display_name\\)`)),
      );
      assert.equal((await providers.list()).some((p) => p.name === name), false);
      const second = await providers.create(admin, { type: 'oidc', name, client_id: 'x', issuer: 'https://two.example', display_name: 'Partner Login' });
      await assert.rejects(providers.update(admin, second.id, { display_name: 'CORP LOGIN' }), refused('provider.label_taken', /display_name/));
      assert.equal((await providers.get(second.id)).display_name, 'Partner Login');
      // Its own label, in another case, is not taken by itself.
      assert.equal((await providers.update(admin, second.id, { display_name: 'partner login' })).display_name, 'partner login');
    });

    it('adds the provider’s name to a default label another provider already has', async () => {
      const one = await providers.create(admin, { type: 'okta', name: fresh(), client_id: 'x', issuer: 'https://one.okta.example' });
      const two = await providers.create(admin, { type: 'okta', name: 'okta-eu', client_id: 'x', issuer: 'https://two.okta.example' });
      assert.equal(one.display_name, 'Okta');
      assert.equal(two.display_name, 'Okta (okta-eu)');
    });

    it('answers 409 provider.label_taken on the admin API', async () => {
      const token = await createApiToken(t, ['oidc:write']);
      const create = (name: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/admin/oidc/providers',
          headers: token.headers,
          payload: { type: 'keycloak', name, client_id: 'x', issuer: 'https://kc.example/realms/a', display_name: 'Staff' },
        });
      assert.equal((await create(fresh())).statusCode, 201);
      const again = await create(fresh());
      assert.equal(again.statusCode, 409, again.body);
      assert.equal((again.json() as { code: string }).code, 'provider.label_taken');
      assert.match((again.json() as { error: string }).error, /already has the button label "Staff"/);
    });
  });
}
