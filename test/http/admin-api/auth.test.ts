import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createApiToken, createUser, signInConsole } from '../../support/fixtures.js';
import { assertJsonError } from '../../support/malformed.js';
import { dart, loginBody } from '../../support/rustdesk-client.js';

type Headers = Record<string, string>;

for (const engine of await testEngines()) {
  describe(`admin API authentication (${engine})`, () => {
    let t: TestApp;
    let adminSession: { cookie: string; csrf: string; headers: Headers };
    let userSession: { headers: Headers };

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'root', is_admin: true });
      await createUser(t, { name: 'alice' });
      adminSession = await signInConsole(t, 'root');
      userSession = await signInConsole(t, 'alice');
    });
    after(() => t.close());

    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, headers: Headers = {}, payload?: unknown) =>
      t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

    it('refuses every admin and account route without credentials (401), found from the OpenAPI document', async () => {
      const doc = (await call('GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
      const routes = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/api/admin/') || path.startsWith('/api/account'))
        .flatMap(([path, methods]) => Object.keys(methods).map((method) => [method.toUpperCase(), path.replace('{id}', randomUUID())] as const));
      assert.ok(routes.length >= 27, `only ${routes.length} routes`);
      for (const [method, url] of routes) {
        const response = await call(method as 'GET', url, {}, method === 'GET' || method === 'DELETE' ? undefined : {});
        assert.equal(assertJsonError(response, 401).code, 'auth.required', `${method} ${url}`);
      }
    });

    it('lists every admin route under a tag and the admin security schemes in the OpenAPI document', async () => {
      const doc = (await call('GET', '/api/openapi.json')).json() as {
        paths: Record<string, Record<string, { tags?: string[]; security?: unknown[]; responses?: Record<string, unknown> }>>;
      };
      for (const [path, methods] of Object.entries(doc.paths)) {
        if (!path.startsWith('/api/admin/')) continue;
        for (const [method, operation] of Object.entries(methods)) {
          assert.match(String(operation.tags?.[0]), /^Admin: /, `${method} ${path}`);
          assert.equal(operation.security?.length, 2, `${method} ${path}`);
          assert.ok(operation.responses?.['4XX'] ?? operation.responses?.['4xx'], `${method} ${path} documents its errors`);
        }
      }
    });

    it('lets an administrator’s session read without the CSRF token, but not change anything', async () => {
      assert.equal((await call('GET', '/api/admin/users', { cookie: adminSession.cookie })).statusCode, 200);
      const body = { name: 'csrf-victim', password: PASSWORD };
      assert.equal(assertJsonError(await call('POST', '/api/admin/users', { cookie: adminSession.cookie }, body), 403).code, 'auth.csrf');
      const alice = (await t.services.users.findByName('alice'))!;
      const patch = await call('PATCH', `/api/admin/users/${alice.id}`, { cookie: adminSession.cookie }, { is_admin: true });
      assert.equal(assertJsonError(patch, 403).code, 'auth.csrf');
      assert.equal(assertJsonError(await call('DELETE', `/api/admin/users/${alice.id}`, { cookie: adminSession.cookie }), 403).code, 'auth.csrf');
      const wrong = { cookie: adminSession.cookie, 'x-csrf-token': `${adminSession.csrf.slice(0, -2)}xx` };
      assert.equal(assertJsonError(await call('POST', '/api/admin/users', wrong, body), 403).code, 'auth.csrf');
      assert.equal((await t.services.users.findByName('alice'))?.is_admin, false);
      assert.equal(await t.services.users.findByName('csrf-victim'), undefined);
      assert.equal((await call('POST', '/api/admin/users', adminSession.headers, body)).statusCode, 201);
    });

    it('refuses a non-administrator’s session with 403', async () => {
      assert.equal(assertJsonError(await call('GET', '/api/admin/users', userSession.headers), 403).code, 'auth.forbidden');
      const create = await call('POST', '/api/admin/groups', userSession.headers, { name: 'sneaky' });
      assert.equal(assertJsonError(create, 403).code, 'auth.forbidden');
      assert.equal(assertJsonError(await call('GET', '/api/admin/settings', userSession.headers), 403).code, 'auth.forbidden');
      // Their own account is theirs, though.
      assert.equal((await call('GET', '/api/account', userSession.headers)).statusCode, 200);
    });

    it('refuses a RustDesk client access token with auth.client_token_refused', async () => {
      const login = await t.app.inject(dart('POST', '/api/login', loginBody('root', PASSWORD)));
      const token = (login.json() as { access_token: string }).access_token;
      for (const url of ['/api/admin/users', '/api/account']) {
        const response = await call('GET', url, { authorization: `Bearer ${token}` });
        assert.equal(assertJsonError(response, 401).code, 'auth.client_token_refused', url);
      }
    });

    it('refuses an unknown bearer token with 401', async () => {
      for (const token of ['dgt_not-a-token', 'garbage', 'x'.repeat(5000)]) {
        const response = await call('GET', '/api/admin/users', { authorization: `Bearer ${token}` });
        assert.equal(assertJsonError(response, 401).code, 'auth.invalid_token', token.slice(0, 10));
      }
      // `Bearer ` with nothing after it is no credential at all.
      assert.equal(assertJsonError(await call('GET', '/api/admin/users', { authorization: 'Bearer ' }), 401).code, 'auth.required');
    });

    it('answers 401, not a validation error, to an anonymous request with a bad body', async () => {
      for (const payload of ['{"name": ', '[]', JSON.stringify({ name: { $ne: '' } })]) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/admin/users',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        assert.equal(assertJsonError(response, 401).code, 'auth.required');
      }
    });

    it('holds API tokens to their scopes', async () => {
      const usersRead = await createApiToken(t, ['users:read']);
      assert.equal((await call('GET', '/api/admin/users', usersRead.headers)).statusCode, 200);
      const create = await call('POST', '/api/admin/users', usersRead.headers, { name: 'by-reader', password: PASSWORD });
      assert.equal(assertJsonError(create, 403).code, 'auth.scope');
      assertJsonError(await call('GET', '/api/admin/groups', usersRead.headers), 403);

      const groupsWrite = await createApiToken(t, ['groups:write']);
      assert.equal(assertJsonError(await call('GET', '/api/admin/users', groupsWrite.headers), 403).code, 'auth.scope');
      assert.equal((await call('GET', '/api/admin/groups', groupsWrite.headers)).statusCode, 200, 'write implies read');
      assert.equal((await call('POST', '/api/admin/groups', groupsWrite.headers, { name: 'by-script' })).statusCode, 201);

      const auditRead = await createApiToken(t, ['audit:read']);
      assert.equal((await call('GET', '/api/admin/audit/console', auditRead.headers)).statusCode, 200);
      assertJsonError(await call('GET', '/api/admin/tokens', auditRead.headers), 403);
      assertJsonError(await call('PUT', '/api/admin/settings', auditRead.headers, { password_login: true }), 403);
    });

    it('lets an `admin` token do everything, and refuses API tokens on /api/account', async () => {
      const admin = await createApiToken(t, ['admin']);
      assert.equal((await call('GET', '/api/admin/users', admin.headers)).statusCode, 200);
      assert.equal((await call('POST', '/api/admin/users', admin.headers, { name: 'by-admin-token', password: PASSWORD })).statusCode, 201);
      assert.equal((await call('POST', '/api/admin/groups', admin.headers, { name: 'by-admin-token' })).statusCode, 201);
      assert.equal((await call('GET', '/api/admin/audit/sign-in-failures', admin.headers)).statusCode, 200);
      assert.equal((await call('PUT', '/api/admin/settings', admin.headers, { password_login: true })).statusCode, 200);
      assert.equal((await call('POST', '/api/admin/tokens', admin.headers, { name: 'child', scopes: ['admin'] })).statusCode, 201);
      assert.equal(assertJsonError(await call('GET', '/api/account', admin.headers), 403).code, 'auth.forbidden');
    });

    it('refuses a revoked or expired API token with 401', async () => {
      const admin = await createApiToken(t, ['admin']);
      const made = await call('POST', '/api/admin/tokens', admin.headers, { name: 'to-revoke', scopes: ['admin'] });
      const { token, info } = made.json() as { token: string; info: { id: string } };
      const revoked = { authorization: `Bearer ${token}` };
      assert.equal((await call('GET', '/api/admin/users', revoked)).statusCode, 200);
      assert.equal((await call('DELETE', `/api/admin/tokens/${info.id}`, admin.headers)).statusCode, 204);
      assert.equal(assertJsonError(await call('GET', '/api/admin/users', revoked), 401).code, 'auth.invalid_token');

      const created = await call('POST', '/api/admin/tokens', admin.headers, { name: 'short', scopes: ['users:read'], expires_in_days: 1 });
      const expiring = { authorization: `Bearer ${(created.json() as { token: string }).token}` };
      assert.equal((await call('GET', '/api/admin/users', expiring)).statusCode, 200);
      t.clock.advance(86_400_000);
      assertJsonError(await call('GET', '/api/admin/users', expiring), 401);
    });

    it('does not let an API token mint a token with a scope it lacks', async () => {
      const settingsWrite = await createApiToken(t, ['settings:write', 'users:read']);
      const escalate = await call('POST', '/api/admin/tokens', settingsWrite.headers, { name: 'escalate', scopes: ['admin'] });
      assert.equal(assertJsonError(escalate, 403).code, 'auth.scope');
      assertJsonError(await call('POST', '/api/admin/tokens', settingsWrite.headers, { name: 'w', scopes: ['users:write'] }), 403);
      const fine = await call('POST', '/api/admin/tokens', settingsWrite.headers, { name: 'fine', scopes: ['users:read', 'settings:read'] });
      assert.equal(fine.statusCode, 201, fine.body);
      // An administrator's session may grant anything.
      const fresh = await signInConsole(t, 'root');
      const bySession = await call('POST', '/api/admin/tokens', fresh.headers, { name: 'full', scopes: ['admin'] });
      assert.equal(bySession.statusCode, 201);
    });
  });
}
