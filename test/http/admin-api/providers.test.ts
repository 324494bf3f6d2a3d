import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken } from '../../support/fixtures.js';

const SECRET = 'very-secret-client-value-123';

for (const engine of await testEngines()) {
  describe(`admin API: auth providers (${engine})`, () => {
    let t: TestApp;
    let headers: Record<string, string>;

    before(async () => {
      t = await buildTestApp(engine);
      headers = (await createApiToken(t, ['oidc:write'])).headers;
    });
    after(() => t.close());

    const post = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/admin/oidc/providers', headers, payload: payload as object });

    it('fills the Entra issuer from the tenant id and never returns or stores the secret in clear', async () => {
      const response = await post({ type: 'azure', client_id: 'app-id', client_secret: SECRET, tenant_id: 'c0ffee00-0000-4000-8000-000000000001', enabled: true });
      assert.equal(response.statusCode, 201, response.body);
      const provider = response.json() as Record<string, unknown>;
      assert.equal(provider.name, 'azure');
      assert.equal(provider.display_name, 'Microsoft');
      assert.equal(provider.issuer, 'https://login.microsoftonline.com/c0ffee00-0000-4000-8000-000000000001/v2.0');
      assert.equal(provider.has_client_secret, true);
      assert.equal(provider.scopes, 'openid profile email');
      assert.deepEqual(provider.policy, {
        auto_register: true, username_claim: '', allowed_tenants: [], allowed_email_domains: [], allowed_orgs: [], default_group: '', groups_claim: '',
        admin_groups: [], link_by_verified_email: false, allow_anyone: false, require_local_2fa: false, strip_email_domain: true,
      });
      assert.ok(!response.body.includes(SECRET));
      const list = await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers });
      assert.ok(!list.body.includes(SECRET));
      const row = await t.store.authProviders.findByName('azure');
      assert.ok(row && row.client_secret !== '' && !row.client_secret.includes(SECRET));
      const audit = await t.services.audit.list({ action: 'provider.create' }, { current: 1, pageSize: 10 });
      assert.ok(!JSON.stringify(audit).includes(SECRET));
      assert.equal(audit.data[0]?.target.name, 'azure');
    });

    it('keeps the secret when a PATCH leaves it out or empty, and replaces it when given', async () => {
      const id = ((await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers })).json() as { id: string }[])[0]?.id;
      const before = (await t.store.authProviders.findByName('azure'))?.client_secret;
      await t.app.inject({ method: 'PATCH', url: `/api/admin/oidc/providers/${id}`, headers, payload: { client_secret: '', display_name: 'Contoso' } });
      assert.equal((await t.store.authProviders.findByName('azure'))?.client_secret, before);
      await t.app.inject({ method: 'PATCH', url: `/api/admin/oidc/providers/${id}`, headers, payload: { client_secret: 'rotated' } });
      const opened = await t.services.providers.forSignIn({ name: 'azure' });
      assert.equal(opened.client_secret, 'rotated');
      assert.equal(opened.display_name, 'Contoso');
    });

    it('presets GitHub as an OAuth 2 provider and forces form_post for the hybrid flow', async () => {
      // Anyone has a GitHub account: enabled only with an explicit allow_anyone (provider-policy.test.ts).
      const github = (await post({ type: 'github', client_id: 'gh', client_secret: 's', policy: { allow_anyone: true } })).json() as Record<string, string>;
      assert.equal(github.authorization_endpoint, 'https://github.com/login/oauth/authorize');
      assert.equal(github.userinfo_endpoint, 'https://api.github.com/user');
      const hybrid = (await post({ type: 'oidc', name: 'hybrid', issuer: 'https://idp.example', client_id: 'c', response_type: 'code id_token', response_mode: 'query' })).json() as Record<string, string>;
      assert.equal(hybrid.response_mode, 'form_post');
    });

    it('refuses plain-http issuers unless loopback or explicitly allowed', async () => {
      const refused = await post({ type: 'oidc', name: 'plain', issuer: 'http://idp.example', client_id: 'c' });
      assert.equal(refused.statusCode, 400);
      assert.match((refused.json() as { error: string }).error, /https/);
      assert.equal((await post({ type: 'oidc', name: 'loop', issuer: 'http://127.0.0.1:9/x', client_id: 'c' })).statusCode, 201);
      assert.equal((await post({ type: 'oidc', name: 'allowed', issuer: 'http://idp.lan', client_id: 'c', allow_insecure_http: true })).statusCode, 201);
    });

    it('stores icons sanitised and lists them in login-options in order, without a restart', async () => {
      const hostile = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><a href="javascript:x"><circle r="4"/></a></svg>';
      const refused = await post({ type: 'okta', name: 'okta', issuer: 'https://corp.okta.com', client_id: 'c', icon: hostile });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal((refused.json() as { code: string }).code, 'provider.invalid');
      const icon = '<!-- exported --><svg xmlns="http://www.w3.org/2000/svg" data-name="x"><metadata>m</metadata><a href="#c"><circle r="4"/></a></svg>';
      const created = (await post({ type: 'okta', name: 'okta', issuer: 'https://corp.okta.com', client_id: 'c', icon, enabled: true })).json() as { id: string; icon: string };
      assert.ok(!/exported|data-name|metadata|<a/i.test(created.icon), created.icon);
      assert.match(created.icon, /<circle r="4"\/>/);
      const options = (await t.app.inject({ method: 'GET', url: '/api/login-options' })).json() as string[];
      assert.ok(options.includes('oidc/okta'));
      const common = JSON.parse(options.find((o) => o.startsWith('common-oidc/'))?.slice(12) ?? '[]') as { name: string; icon?: string }[];
      assert.equal(common.find((c) => c.name === 'okta')?.icon, created.icon);

      await t.app.inject({ method: 'PATCH', url: `/api/admin/oidc/providers/${created.id}`, headers, payload: { enabled: false } });
      assert.ok(!((await t.app.inject({ method: 'GET', url: '/api/login-options' })).json() as string[]).includes('oidc/okta'));
    });

    it('shows no icon stored under older rules that the current ones refuse, anywhere', async () => {
      const created = (await post({ type: 'okta', name: 'legacy-icon', issuer: 'https://legacy.okta.com', client_id: 'c', enabled: true })).json() as { id: string };
      // Written straight to the table, as an older deskgate's sanitiser may have let it through.
      const stale = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="4"/></svg>';
      await t.database.db.kysely.updateTable('auth_providers').set({ icon: stale }).where('id', '=', created.id).execute();
      const admin = (await t.app.inject({ method: 'GET', url: `/api/admin/oidc/providers/${created.id}`, headers })).json() as { icon: string };
      assert.equal(admin.icon, '');
      const listed = (await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers })).json() as { id: string; icon: string }[];
      assert.equal(listed.find((p) => p.id === created.id)?.icon, '');
      const options = (await t.app.inject({ method: 'GET', url: '/api/login-options' })).json() as string[];
      const common = JSON.parse(options.find((o) => o.startsWith('common-oidc/'))?.slice(12) ?? '[]') as { name: string; icon?: string }[];
      assert.deepEqual(common.find((c) => c.name === 'legacy-icon'), { name: 'legacy-icon' });
      const page = (await t.app.inject({ method: 'GET', url: '/api/session/options' })).body;
      assert.ok(!page.includes('alert(1)'), page);
    });

    it('reorders providers', async () => {
      const list = (await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers })).json() as { id: string; name: string }[];
      const reversed = list.map((p) => p.id).reverse();
      const response = await t.app.inject({ method: 'PUT', url: '/api/admin/oidc/providers/order', headers, payload: { ids: reversed } });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual((response.json() as { id: string }[]).map((p) => p.id), reversed);
    });

    it('shows the redirect URI the server will send, from the saved public URL', async () => {
      const before = (await t.app.inject({ method: 'GET', url: '/api/admin/oidc/settings', headers })).json() as Record<string, unknown>;
      assert.equal(before.redirect_uri_source, 'request');
      const saved = await t.app.inject({ method: 'PUT', url: '/api/admin/oidc/settings', headers, payload: { public_url: 'https://desk.example.com/console/page', max_authorized_users: 500 } });
      assert.equal(saved.statusCode, 204, saved.body);
      const after = (await t.app.inject({ method: 'GET', url: '/api/admin/oidc/settings', headers })).json() as Record<string, unknown>;
      assert.equal(after.redirect_uri, 'https://desk.example.com/api/oidc/callback');
      assert.equal(after.redirect_uri_source, 'saved');
      assert.equal(after.max_authorized_users, 500);
    });

    it('needs the oidc scope', async () => {
      const users = await createApiToken(t, ['users:write'], 'users-only');
      const response = await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers: users.headers });
      assert.equal(response.statusCode, 403);
      const reader = await createApiToken(t, ['oidc:read'], 'oidc-reader');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers: reader.headers })).statusCode, 200);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/admin/oidc/providers', headers: reader.headers, payload: {} })).statusCode, 403);
    });

    describe('malformed input', () => {
      const bodies: [string, unknown][] = [
        ['an unknown type', { type: 'saml', client_id: 'c', issuer: 'https://x' }],
        ['a bad name', { type: 'oidc', name: 'Bad Name!', client_id: 'c', issuer: 'https://x' }],
        ['no client id', { type: 'oidc', name: 'nocid', issuer: 'https://x' }],
        ['no issuer', { type: 'oidc', name: 'noiss', client_id: 'c' }],
        ['a relative issuer', { type: 'oidc', name: 'rel', client_id: 'c', issuer: '/realms/x' }],
        ['an unknown algorithm', { type: 'oidc', name: 'alg', client_id: 'c', issuer: 'https://x', id_token_signed_response_alg: 'none' }],
        ['wrong types', { type: 'oidc', name: 7, client_id: ['c'], issuer: {} }],
        ['a huge icon', { type: 'oidc', name: 'big', client_id: 'c', issuer: 'https://x', icon: `<svg>${'x'.repeat(40_000)}</svg>` }],
        ['an icon that is not SVG', { type: 'oidc', name: 'png', client_id: 'c', issuer: 'https://x', icon: '<img src=x onerror=alert(1)>' }],
        ['a duplicate name', { type: 'azure', client_id: 'c', tenant_id: 'contoso.onmicrosoft.com' }],
        ['a bad tenant', { type: 'azure', name: 'tenant', client_id: 'c', tenant_id: '../../evil' }],
        ['a policy of the wrong type', { type: 'oidc', name: 'pol', client_id: 'c', issuer: 'https://x', policy: { auto_register: 'yes' } }],
        ['deep nesting', JSON.parse(`{"type":"oidc","policy":${'{"a":'.repeat(500)}1${'}'.repeat(500)}}`)],
      ];
      for (const [name, body] of bodies) {
        it(`refuses ${name} with a 4xx JSON error`, async () => {
          const response = await post(body);
          assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${response.statusCode} ${response.body}`);
          assert.equal(typeof (response.json() as { error: unknown }).error, 'string');
        });
      }
      it('answers unknown ids with 404 and bad settings with 400', async () => {
        for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
          const response = await t.app.inject({ method, url: '/api/admin/oidc/providers/not-an-id', headers, ...(method === 'PATCH' ? { payload: {} } : {}) });
          assert.ok([404, 400].includes(response.statusCode), `${method} ${response.statusCode}`);
        }
        for (const payload of [{ public_url: 'not a url' }, { max_authorized_users: -1 }, { confirm_client_sign_in: 'yes' }]) {
          const response = await t.app.inject({ method: 'PUT', url: '/api/admin/oidc/settings', headers, payload });
          assert.equal(response.statusCode, 400, JSON.stringify(payload));
        }
      });
    });
  });
}
