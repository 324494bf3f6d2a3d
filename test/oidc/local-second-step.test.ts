import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/services/audit.js';
import { hashToken } from '../../src/services/secrets.js';
import { totpCode } from '../../src/services/totp.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken, linkIdentity } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE, dart, rust } from '../support/rustdesk-client.js';
import { authBodyProblems } from '../support/rustdesk-shapes.js';

/**
 * Single sign-on and deskgate's own 2FA: the provider's MFA is relied on, unless its policy
 * `require_local_2fa` asks for the local code too; then the console and the RustDesk client
 * ask for it and accept it (Pro asks and then rejects the code).
 */
for (const engine of await testEngines()) {
  describe(`single sign-on and local two-factor sign-in (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let base: string;
    let seed = '';
    let strictId = '';

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      idp = await startIdp([{ client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [`${base}/api/oidc/callback`] }]);
      const admin = await createApiToken(t, ['oidc:write', 'settings:write']);
      for (const [name, policy] of [['relied', {}], ['strict', { require_local_2fa: true }]] as const) {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/admin/oidc/providers',
          headers: admin.headers,
          payload: { type: 'oidc', name, issuer: idp.issuer, enabled: true, client_id: 'deskgate', client_secret: 'deskgate-secret', policy },
        });
        assert.equal(created.statusCode, 201, created.body);
        assert.equal((created.json() as { policy: { require_local_2fa: boolean } }).policy.require_local_2fa, name === 'strict');
        if (name === 'strict') strictId = (created.json() as { id: string }).id;
      }
      await t.services.settings.set(systemActor, 'confirm_client_sign_in', false);
      // Alice's first single sign-on makes her account; then she sets up 2FA.
      idp.signInAs('alice');
      await createBrowser().navigate(`${base}/api/oidc/login/relied`, { stopAt: (next) => next === `${base}/` });
      const alice = (await t.store.users.findByName('alice'))!;
      // The same person at the same IdP, through the other provider entry.
      await linkIdentity(t, alice.id, strictId, 'alice');
      seed = (await t.services.twoFactor.start(systemActor, alice)).secret;
      await t.services.twoFactor.confirm(systemActor, alice, totpCode(seed, t.clock.now()));
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    const fresh = () => (t.clock.advance(30_000), totpCode(seed, t.clock.now()));

    async function consoleSignIn(op: string) {
      const browser = createBrowser();
      const end = await browser.navigate(`${base}/api/oidc/login/${op}?return_to=/devices`, { stopAt: (next) => next === `${base}/devices` });
      assert.equal(end.url, `${base}/devices`);
      const jar = browser.cookies(new URL(base).host);
      return { session: jar.get('deskgate_session'), pending: jar.get('deskgate_2fa') };
    }

    async function clientSignIn(op: string) {
      const started = (await (await fetch(`${base}/api/oidc/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op, id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }),
      })).json()) as { code: string; url: string };
      const page = await createBrowser().navigate(started.url);
      assert.match(page.body, /RustDesk is now signed in/);
      const polled = await fetch(`${base}/api/oidc/auth-query?${new URLSearchParams({ code: started.code, id: DEVICE.id, uuid: DEVICE.uuid })}`);
      return (await polled.json()) as Record<string, unknown>;
    }

    it('relies on the provider’s MFA by default: no local code after single sign-on', async () => {
      idp.signInAs('alice');
      const { session, pending } = await consoleSignIn('relied');
      assert.ok(session);
      assert.equal(pending, undefined);
      const body = await clientSignIn('relied');
      assert.equal(body.type, 'access_token');
    });

    it('asks the console for the local code when the provider’s policy says so, and accepts it', async () => {
      idp.signInAs('alice');
      const { session, pending } = await consoleSignIn('strict');
      assert.equal(session, undefined, 'no session before the code');
      assert.ok(pending);
      const cookie = `deskgate_2fa=${pending}`;
      const state = await t.app.inject({ method: 'GET', url: '/api/session/state', headers: { cookie } });
      assert.deepEqual(state.json(), { signed_in: false, second_factor: 'code' });

      const post = (code: string) =>
        t.app.inject({ method: 'POST', url: '/api/session/2fa', headers: { cookie, origin: 'http://localhost' }, payload: { code } });
      assert.equal((await post('000000')).statusCode, 401);
      const ok = await post(fresh());
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal((ok.json() as { user: { name: string } }).user.name, 'alice');
      assert.match(String(ok.headers['set-cookie']), /deskgate_2fa=; Path=\/api\/session;.*Max-Age=0/);
      // The session came from the provider: it is tied to it as any single sign-on's is, with the
      // sign-in's ID token kept (sealed) for signing out there.
      const opened = /deskgate_session=([^;]+)/.exec(String(ok.headers['set-cookie']))?.[1] ?? assert.fail('a session cookie');
      const row = await t.store.db.kysely.selectFrom('console_sessions').selectAll().where('token_hash', '=', hashToken(opened)).executeTakeFirstOrThrow();
      assert.equal(row.sso_provider_id, strictId);
      assert.match(row.sso_id_token, /^v1\./);
      // So signing out here sends it to the provider as the hint, as after a sign-in without the code.
      const sessionCookie = `deskgate_session=${opened}`;
      const { csrf_token } = (await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: sessionCookie } })).json() as { csrf_token: string };
      const signOut = await t.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: sessionCookie, 'x-csrf-token': csrf_token, origin: 'http://localhost' } });
      assert.equal(signOut.statusCode, 200, signOut.body);
      const hint = new URL((signOut.json() as { logout_url: string }).logout_url).searchParams.get('id_token_hint') ?? '';
      assert.equal(JSON.parse(Buffer.from(hint.split('.')[1] ?? '', 'base64url').toString()).sub, 'alice');
      // Spent.
      assert.equal((await post(fresh())).statusCode, 401);
    });

    it('asks the RustDesk client for the code in §4.3’s shape after single sign-on, and the code step gives the token', async () => {
      idp.signInAs('alice');
      const body = await clientSignIn('strict');
      assert.deepEqual(authBodyProblems(body), []);
      assert.deepEqual([body.type, body.tfa_type, body.access_token], ['email_check', 'tfa_check', '']);
      assert.equal((body.user as { name: string }).name, 'alice');
      const code = fresh();
      const step = await t.app.inject(
        dart('POST', '/api/login', { verificationCode: code, tfaCode: code, secret: body.secret, username: 'alice', id: DEVICE.id, uuid: DEVICE.uuid, autoLogin: true, type: 'email_code', deviceInfo: DEVICE.deviceInfo }),
      );
      assert.equal(step.statusCode, 200, step.body);
      const token = step.json() as { access_token: string; type: string };
      assert.equal(token.type, 'access_token');
      const current = await t.app.inject(rust('/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token.access_token));
      assert.equal((current.json() as { name: string }).name, 'alice');
      const row = await t.store.db.kysely.selectFrom('access_tokens').selectAll().where('token_hash', '!=', '').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
      assert.notEqual(row.sso_provider_id, '', 'the token keeps the provider it came from');
    });

    it('has a person 2FA is required of set it up after single sign-on (console), and refuses their client in words', async () => {
      idp.signInAs('bob');
      await createBrowser().navigate(`${base}/api/oidc/login/relied`, { stopAt: (next) => next === `${base}/` });
      const bob = (await t.store.users.findByName('bob'))!;
      await linkIdentity(t, bob.id, strictId, 'bob');
      await t.services.twoFactor.setRequired(systemActor, { type: 'user', id: bob.id, name: 'bob' }, true);

      idp.signInAs('bob');
      const { session, pending } = await consoleSignIn('strict');
      assert.equal(session, undefined);
      const state = await t.app.inject({ method: 'GET', url: '/api/session/state', headers: { cookie: `deskgate_2fa=${pending}` } });
      assert.deepEqual(state.json(), { signed_in: false, second_factor: 'enrol' });

      idp.signInAs('bob');
      assert.deepEqual(await clientSignIn('strict'), { error: 'Two-factor sign-in is required for your account: sign in to the web console first to set it up' });
    });
  });
}
