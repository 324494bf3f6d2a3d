import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, formOf } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE, rust } from '../support/rustdesk-client.js';
import { authBodyProblems } from '../support/rustdesk-shapes.js';

const PENDING = 'No authed oidc is found';

for (const engine of await testEngines()) {
  describe(`single sign-on with a real OpenID provider (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let base: string;
    let admin: { headers: Record<string, string> };

    before(async () => {
      t = await buildTestApp(engine);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const redirect = `${base}/api/oidc/callback`;
      idp = await startIdp([
        { client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [redirect] },
        // Hybrid over plain-http loopback is allowed for native clients only (oidc-provider's rule).
        {
          client_id: 'deskgate-hybrid',
          client_secret: 'hybrid-secret',
          redirect_uris: [redirect],
          application_type: 'native',
          response_types: ['code id_token', 'code'],
          grant_types: ['authorization_code', 'implicit'],
        },
      ]);
      admin = await createApiToken(t, ['oidc:write', 'users:write']);
      for (const [name, body] of [
        ['corp', { client_id: 'deskgate', client_secret: 'deskgate-secret' }],
        ['corp-post', { client_id: 'deskgate', client_secret: 'deskgate-secret', response_mode: 'form_post' }],
        ['corp-hybrid', { client_id: 'deskgate-hybrid', client_secret: 'hybrid-secret', response_type: 'code id_token' }],
      ] as const) {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/admin/oidc/providers',
          headers: admin.headers,
          payload: { type: 'oidc', name, issuer: idp.issuer, enabled: true, ...body },
        });
        assert.equal(created.statusCode, 201, created.body);
      }
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    async function authQuery(code: string) {
      const response = await fetch(`${base}/api/oidc/auth-query?${new URLSearchParams({ code, id: DEVICE.id, uuid: DEVICE.uuid })}`);
      return (await response.json()) as Record<string, unknown>;
    }

    /** Exactly what the Rust client sends (`post_request`): POST, `Content-Type: application/json`. */
    async function startClient(op: string) {
      const response = await fetch(`${base}/api/oidc/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op, id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo, apiDomain: 'http://elsewhere.example:21114' }),
      });
      assert.equal(response.status, 200);
      return (await response.json()) as { code: string; url: string };
    }

    it('lists enabled providers in /api/login-options as oidc/<name> and one common-oidc entry', async () => {
      const options = (await t.app.inject({ method: 'GET', url: '/api/login-options' })).json() as string[];
      assert.deepEqual(options.slice(0, 3), ['oidc/corp', 'oidc/corp-post', 'oidc/corp-hybrid']);
      const common = options.find((o) => o.startsWith('common-oidc/'));
      assert.deepEqual(JSON.parse(common?.slice('common-oidc/'.length) ?? ''), [{ name: 'corp' }, { name: 'corp-post' }, { name: 'corp-hybrid' }]);
    });

    it('tests a provider: discovery and keys answer, or the report says what failed', async () => {
      const providers = (await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers: admin.headers })).json() as { id: string; name: string }[];
      const corp = providers.find((p) => p.name === 'corp');
      const good = await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${corp?.id}/test`, headers: admin.headers });
      assert.equal(good.statusCode, 200, good.body);
      const report = good.json() as { ok: boolean; checks: { name: string; ok: boolean; message: string }[] };
      assert.equal(report.ok, true);
      assert.deepEqual(report.checks.map((c) => c.name), ['discovery', 'issuer', 'algorithm', 'response_type', 'keys', 'client_secret', 'redirect_uri']);
      assert.match(report.checks[0]?.message ?? '', new RegExp(idp.issuer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

      const dead = await t.app.inject({
        method: 'POST',
        url: '/api/admin/oidc/providers',
        headers: admin.headers,
        payload: { type: 'oidc', name: 'dead', issuer: 'http://127.0.0.1:9/nothing', client_id: 'x', enabled: false },
      });
      const bad = await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${(dead.json() as { id: string }).id}/test`, headers: admin.headers });
      const failed = bad.json() as { ok: boolean; checks: { ok: boolean; message: string }[] };
      assert.equal(failed.ok, false);
      assert.match(failed.checks[0]?.message ?? '', /Discovery failed/);
    });

    it('signs a person in to the console and returns to a local path', async () => {
      idp.signInAs('alice');
      const browser = createBrowser();
      const end = await browser.navigate(`${base}/api/oidc/login/corp?return_to=/users?page=2`, { stopAt: (next) => next === `${base}/users?page=2` });
      assert.equal(end.url, `${base}/users?page=2`);
      const session = await fetch(`${base}/api/session`, { headers: { cookie: `deskgate_session=${browser.cookies(new URL(base).host).get('deskgate_session')}` } });
      assert.equal(session.status, 200);
      const body = (await session.json()) as { user: { name: string; email: string; display_name: string } };
      assert.equal(body.user.name, 'alice');
      assert.equal(body.user.email, 'alice@corp.example');
      assert.equal(body.user.display_name, 'Alice Example');
    });

    it('never links by username or e-mail: another subject with the same name and e-mail is a new user', async () => {
      idp.signInAs('aliceImpostor');
      const browser = createBrowser();
      await browser.navigate(`${base}/api/oidc/login/corp`, { stopAt: (next) => next === `${base}/` });
      const session = await fetch(`${base}/api/session`, { headers: { cookie: `deskgate_session=${browser.cookies(new URL(base).host).get('deskgate_session')}` } });
      const body = (await session.json()) as { user: { name: string } };
      assert.equal(body.user.name, 'alice-2');
    });

    it('lets an administrator see and unlink a user’s identities', async () => {
      const users = (await t.app.inject({ method: 'GET', url: '/api/admin/users?search=alice-2', headers: admin.headers })).json() as { data: { id: string }[] };
      const id = users.data[0]?.id;
      assert.ok(id);
      const links = (await t.app.inject({ method: 'GET', url: `/api/admin/users/${id}/identities`, headers: admin.headers })).json() as Record<string, string>[];
      assert.equal(links.length, 1);
      assert.equal(links[0]?.provider_name, 'corp');
      assert.equal(links[0]?.issuer, idp.issuer);
      assert.equal(links[0]?.subject, 'aliceImpostor');
      const unlink = await t.app.inject({ method: 'DELETE', url: `/api/admin/users/${id}/identities/${links[0]?.id}`, headers: admin.headers });
      assert.equal(unlink.statusCode, 204);
      const after = (await t.app.inject({ method: 'GET', url: `/api/admin/users/${id}/identities`, headers: admin.headers })).json() as unknown[];
      assert.deepEqual(after, []);
      const again = await t.app.inject({ method: 'DELETE', url: `/api/admin/users/${id}/identities/${links[0]?.id}`, headers: admin.headers });
      assert.equal(again.statusCode, 404);
    });

    it('refuses an off-site return_to before going to the provider', async () => {
      for (const target of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
        const response = await fetch(`${base}/api/oidc/login/corp?return_to=${encodeURIComponent(target)}`, { redirect: 'manual' });
        assert.equal(response.status, 400, target);
        assert.match(await response.text(), /return_to must be a path on this site/);
      }
    });

    // Three providers at one IdP are three providers: an identity belongs to the provider that
    // vouched for it (DESIGN.md "Sign-in design"), so bob is a new user through each.
    for (const [op, label, name] of [
      ['corp', 'code + query', 'bob'],
      ['corp-post', 'code + form_post', 'bob-2'],
      ['corp-hybrid', 'hybrid (code id_token) + form_post', 'bob-3'],
    ] as const) {
      it(`signs a RustDesk client in through ${label}, after confirmation, once`, async () => {
        idp.signInAs('bob');
        const { code, url } = await startClient(op);
        assert.ok(url.startsWith(`${base}/api/oidc/start/`), url);
        assert.deepEqual(await authQuery(code), { error: PENDING });

        const browser = createBrowser();
        const page = await browser.navigate(url);
        assert.equal(page.status, 200, page.body);
        assert.match(page.body, /Sign in to RustDesk on this device\?/);
        assert.match(page.body, /build-box/);
        assert.match(page.body, /linux/);
        assert.match(page.body, new RegExp(DEVICE.id));
        assert.deepEqual(await authQuery(code), { error: PENDING });

        const confirm = formOf(page.body);
        assert.ok(confirm && confirm.fields.get('decision') === 'confirm');
        const done = await browser.request(new URL(confirm.action, base).href, { method: 'POST', body: confirm.fields });
        assert.match(done.body, /RustDesk is now signed in/);

        const body = await authQuery(code);
        assert.deepEqual(authBodyProblems(body), []);
        const user = body.user as Record<string, unknown>;
        assert.equal(user.name, name);
        assert.equal(user.third_auth_type, op);
        // Collected: the sign-in is gone, and the answer ends any further wait.
        assert.deepEqual(await authQuery(code), { error: 'Sign-in request not found' });

        const current = await t.app.inject(rust('/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, String(body.access_token)));
        assert.equal(current.statusCode, 200);
        assert.equal((current.json() as { name: string }).name, name);
      });
    }

    it('links the same person on the next sign-in instead of creating another user', async () => {
      const before = (await t.app.inject({ method: 'GET', url: '/api/admin/users?search=bob', headers: admin.headers })).json() as { total: number };
      idp.signInAs('bob');
      const { code, url } = await startClient('corp');
      const page = await createBrowser().navigate(url);
      const confirm = formOf(page.body);
      assert.ok(confirm);
      await fetch(new URL(confirm.action, base), { method: 'POST', body: confirm.fields });
      assert.equal(((await authQuery(code)).user as { name: string }).name, 'bob');
      const users = (await t.app.inject({ method: 'GET', url: '/api/admin/users?search=bob', headers: admin.headers })).json() as { total: number };
      assert.equal(users.total, before.total);
    });

    it('ends the client’s wait with an error when the person denies', async () => {
      idp.signInAs('bob');
      const { code, url } = await startClient('corp');
      const browser = createBrowser();
      const page = await browser.navigate(url);
      const deny = [...page.body.matchAll(/<form[\s\S]*?<\/form>/g)].map((m) => formOf(m[0])).find((f) => f?.fields.get('decision') === 'deny');
      assert.ok(deny);
      const result = await browser.request(new URL(deny.action, base).href, { method: 'POST', body: deny.fields });
      assert.match(result.body, /Sign-in denied/);
      assert.deepEqual(await authQuery(code), { error: 'Sign-in was denied in the browser' });
    });

    it('refuses a confirmation without the page’s token', async () => {
      idp.signInAs('bob');
      const { code, url } = await startClient('corp');
      const page = await createBrowser().navigate(url);
      const confirm = formOf(page.body);
      assert.ok(confirm);
      confirm.fields.set('token', 'forged');
      const response = await fetch(new URL(confirm.action, base), { method: 'POST', body: confirm.fields });
      assert.equal(response.status, 404);
      assert.deepEqual(await authQuery(code), { error: PENDING });
    });

    it('expires a client sign-in after three minutes', async () => {
      const { code } = await startClient('corp');
      t.clock.advance(3 * 60_000 + 1);
      assert.deepEqual(await authQuery(code), { error: 'Sign-in timed out; please try again' });
    });

    it('answers a wrong device id or uuid with an error that ends the wait', async () => {
      const { code } = await startClient('corp');
      const response = await fetch(`${base}/api/oidc/auth-query?${new URLSearchParams({ code, id: 'someone-else', uuid: DEVICE.uuid })}`);
      assert.equal(response.status, 400);
      assert.deepEqual(await response.json(), { error: 'Sign-in request not found' });
    });

    it('completes without a confirmation page when confirmation is turned off', async () => {
      const off = await t.app.inject({ method: 'PUT', url: '/api/admin/oidc/settings', headers: admin.headers, payload: { confirm_client_sign_in: false } });
      assert.equal(off.statusCode, 204, off.body);
      try {
        idp.signInAs('alice');
        const { code, url } = await startClient('corp');
        const page = await createBrowser().navigate(url);
        assert.match(page.body, /RustDesk is now signed in/);
        assert.equal(((await authQuery(code)).user as { name: string }).name, 'alice');
      } finally {
        await t.app.inject({ method: 'PUT', url: '/api/admin/oidc/settings', headers: admin.headers, payload: { confirm_client_sign_in: true } });
      }
    });

    it('answers unknown providers and malformed requests with JSON errors', async () => {
      const unknown = await t.app.inject(rust('/api/oidc/auth', { op: 'nope', id: DEVICE.id, uuid: DEVICE.uuid }));
      assert.equal(unknown.statusCode, 404);
      assert.equal(typeof (unknown.json() as { error: string }).error, 'string');
      for (const payload of ['{', '[]', JSON.stringify({ op: 42 }), JSON.stringify({ op: 'corp', id: { x: 1 }, uuid: 'u' }), '']) {
        const response = await t.app.inject({ method: 'POST', url: '/api/oidc/auth', headers: { 'content-type': 'application/json' }, payload });
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${payload} → ${response.statusCode}`);
        assert.equal(typeof (response.json() as { error: string }).error, 'string');
      }
      // The browser-side routes answer bad input with an error page, never a 5xx.
      const pages: [string, string, string?][] = [
        ['GET', '/api/oidc/start/not-a-sign-in'],
        ['GET', `/api/oidc/start/${'x'.repeat(100)}`],
        ['GET', '/api/oidc/login/nope'],
        ['GET', '/api/oidc/callback'],
        ['GET', '/api/oidc/callback?state=unknown&code=x'],
        ['POST', '/api/oidc/callback', 'state=unknown&code=x'],
        ['POST', '/api/oidc/callback', `state=${'s'.repeat(9000)}`],
        ['POST', '/api/oidc/confirm', 'id=x&token=y&decision=maybe'],
        ['POST', '/api/oidc/confirm', ''],
        ['POST', '/api/oidc/confirm', 'id=x&token=y&decision=confirm'],
      ];
      for (const [method, url, form] of pages) {
        const response = await t.app.inject({
          method: method as 'GET' | 'POST',
          url,
          ...(form === undefined ? {} : { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form }),
        });
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${method} ${url} → ${response.statusCode}`);
      }
      for (const query of ['', 'code=', 'code=x', `code=${'x'.repeat(300)}&id=1&uuid=2`]) {
        const response = await t.app.inject({ method: 'GET', url: `/api/oidc/auth-query?${query}` });
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${query} → ${response.statusCode}`);
        assert.equal(typeof (response.json() as { error: string }).error, 'string');
      }
    });
  });
}
