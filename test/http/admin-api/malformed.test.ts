import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createApiToken, createUser } from '../../support/fixtures.js';
import { assertJsonError, malformedCases, type RouteExample } from '../../support/malformed.js';

/**
 * Every admin route, each with a valid example; malformedCases() spoils it every way it knows.
 * The ids of existing rows are filled in at run time (`:user`, `:group`, `:token`, `:provider`).
 */
const routes: (RouteExample & { id?: 'user' | 'group' | 'token' | 'provider' })[] = [
  {
    method: 'GET',
    path: '/api/admin/users',
    paged: true,
    badQuery: { status: ['2', 'x'], is_admin: ['maybe'], group: ['%00', 'a%20b'], search: ['a'.repeat(200), '%00'] },
  },
  {
    method: 'POST',
    path: '/api/admin/users',
    body: { name: 'victim', password: PASSWORD, display_name: 'V', email: 'v@example.com', note: 'n', is_admin: false, status: 1, group_ids: ['00000000-0000-4000-8000-000000000000'] },
  },
  { method: 'GET', path: '/api/admin/users/:id', id: 'user' },
  {
    method: 'PATCH',
    path: '/api/admin/users/:id',
    id: 'user',
    body: { display_name: 'V', email: 'v@example.com', note: 'n', is_admin: false, status: 1, group_ids: [] },
  },
  { method: 'DELETE', path: '/api/admin/users/:id', id: 'user' },
  { method: 'POST', path: '/api/admin/users/:id/enable', id: 'user' },
  { method: 'POST', path: '/api/admin/users/:id/disable', id: 'user' },
  { method: 'POST', path: '/api/admin/users/:id/password', id: 'user', body: { password: 'another password' } },
  { method: 'POST', path: '/api/admin/users/:id/sign-out', id: 'user' },
  { method: 'GET', path: '/api/admin/users/:id/sessions', id: 'user' },
  { method: 'GET', path: '/api/admin/groups', paged: true },
  { method: 'POST', path: '/api/admin/groups', body: { name: 'Target', note: 'n' } },
  { method: 'GET', path: '/api/admin/groups/:id', id: 'group' },
  { method: 'PATCH', path: '/api/admin/groups/:id', id: 'group', body: { name: 'Target', note: 'n' } },
  { method: 'DELETE', path: '/api/admin/groups/:id', id: 'group' },
  { method: 'POST', path: '/api/admin/groups/:id/members', id: 'group', body: { add: [], remove: [] } },
  { method: 'GET', path: '/api/admin/tokens', paged: true, badQuery: { include_revoked: ['maybe', '%00'] } },
  { method: 'POST', path: '/api/admin/tokens', body: { name: 'x', scopes: ['users:read'], expires_in_days: 30 } },
  { method: 'DELETE', path: '/api/admin/tokens/:id', id: 'token' },
  {
    method: 'GET',
    path: '/api/admin/audit/console',
    paged: true,
    badQuery: { from: ['x', '-1', '1e400'], to: ['x'], action: ['a'.repeat(100), '%00'], actor: ['%00'], target: ['a'.repeat(200)] },
  },
  { method: 'GET', path: '/api/admin/audit/sign-in-failures', paged: true },
  { method: 'PUT', path: '/api/admin/settings', body: { password_login: true } },
  { method: 'GET', path: '/api/admin/users/:id/identities', id: 'user' },
  { method: 'PUT', path: '/api/admin/oidc/settings', body: { public_url: '', max_authorized_users: 0, confirm_client_sign_in: true, password_login: true } },
  {
    method: 'POST',
    path: '/api/admin/oidc/providers',
    body: { type: 'oidc', name: 'target-idp', issuer: 'https://idp.example', client_id: 'client', client_secret: 'secret', enabled: true },
  },
  { method: 'PUT', path: '/api/admin/oidc/providers/order', body: { ids: [] } },
  { method: 'GET', path: '/api/admin/oidc/providers/:id', id: 'provider' },
  { method: 'PATCH', path: '/api/admin/oidc/providers/:id', id: 'provider', body: { display_name: 'Corp', unlink_identities: false } },
  { method: 'DELETE', path: '/api/admin/oidc/providers/:id', id: 'provider' },
  { method: 'POST', path: '/api/admin/oidc/sign-in-ways/preview', body: { change: 'password_login_off' } },
];

for (const engine of await testEngines()) {
  describe(`admin API: malformed input (${engine})`, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    const ids = { user: '', group: '', token: '', provider: '' };

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'root', is_admin: true });
      ids.user = (await createUser(t, { name: 'target', email: 'target@example.com' })).id;
      ids.group = (await t.services.groups.findByName('Default'))!.id;
      headers = (await createApiToken(t, ['admin'])).headers;
      const made = await t.app.inject({ method: 'POST', url: '/api/admin/tokens', headers, payload: { name: 'target', scopes: ['users:read'] } });
      ids.token = (made.json() as { info: { id: string } }).info.id;
      const provider = { type: 'oidc', name: 'corp', issuer: 'https://corp.example', client_id: 'corp-client', display_name: 'Corp SSO' };
      ids.provider = (await t.app.inject({ method: 'POST', url: '/api/admin/oidc/providers', headers, payload: provider })).json().id;
    });
    after(() => t.close());

    for (const route of routes) {
      it(`${route.method} ${route.path}: every malformed request gets a 4xx JSON error and the server keeps serving`, async () => {
        const cases = malformedCases(route, route.id ? ids[route.id] : undefined);
        assert.ok(cases.length > 0);
        for (const { name, request, status, router } of cases) {
          const response = await t.app.inject({ ...request, headers: { ...headers, ...request.headers } });
          assertJsonError(response, status, { router: router ?? false });
          assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `after ${name}`);
        }
      });
    }

    it('lost nothing: the rows the malformed requests aimed at are unchanged', async () => {
      const user = await t.app.inject({ method: 'GET', url: `/api/admin/users/${ids.user}`, headers });
      assert.equal(user.statusCode, 200);
      assert.deepEqual(
        (({ name, email, status, is_admin }) => ({ name, email, status, is_admin }))(user.json() as Record<string, unknown>),
        { name: 'target', email: 'target@example.com', status: 1, is_admin: false },
      );
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/admin/groups/${ids.group}`, headers })).json().name, 'Default');
      const tokens = (await t.app.inject({ method: 'GET', url: '/api/admin/tokens', headers })).json() as { data: { id: string }[] };
      assert.ok(tokens.data.some((tk) => tk.id === ids.token));
      assert.equal(await t.services.users.findByName('victim'), undefined);
      assert.equal(await t.services.groups.findByName('Target'), undefined);
      const provider = (await t.app.inject({ method: 'GET', url: `/api/admin/oidc/providers/${ids.provider}`, headers })).json();
      assert.deepEqual({ name: provider.name, display_name: provider.display_name }, { name: 'corp', display_name: 'Corp SSO' });
      const providers = (await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers })).json() as { name: string }[];
      assert.deepEqual(providers.map((p) => p.name), ['corp']);
    });
  });
}
