/**
 * "Connect <provider>" on My account against a real OpenID provider: a password user links an
 * identity through a full sign-in, bound to their console session and to the browser, under the
 * provider's policy; an identity linked to someone else stays there.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, type Browser, type Step } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken, createUser, signInConsole } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';

type Session = Awaited<ReturnType<typeof signInConsole>>;

for (const engine of await testEngines()) {
  describe(`connecting a provider to my account (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let base: string;
    let host: string;

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      host = new URL(base).host;
      idp = await startIdp([{ client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [`${base}/api/oidc/callback`] }]);
      const admin = await createApiToken(t, ['oidc:write']);
      for (const [name, body] of [
        ['corp', { type: 'oidc', display_name: 'Corp' }],
        ['corp-post', { type: 'oidc', display_name: 'Corp (form_post)', response_mode: 'form_post' }],
        // Only people of one Google Workspace domain; the test provider sends no `hd`.
        ['workspace', { type: 'google', display_name: 'Workspace', policy: { allowed_email_domains: ['corp.example'] } }],
      ] as const) {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/admin/oidc/providers',
          headers: admin.headers,
          payload: { enabled: true, name, issuer: idp.issuer, client_id: 'deskgate', client_secret: 'deskgate-secret', ...body },
        });
        assert.equal(created.statusCode, 201, created.body);
      }
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    /** A browser holding a password user's console session, as the console leaves it. */
    async function signedIn(name: string): Promise<{ browser: Browser; session: Session }> {
      const session = await signInConsole(t, name);
      const browser = createBrowser();
      await browser.request(`${base}/healthz`);
      const [cookieName = '', cookieValue = ''] = session.cookie.split('=');
      browser.cookies(host).set(cookieName, cookieValue);
      return { browser, session };
    }

    /** Connect: the console's POST (session + CSRF), then the browser follows `redirect` through the provider. */
    async function connect(browser: Browser, session: Session, provider: string, person: string): Promise<Step> {
      idp.signInAs(person);
      const started = await fetch(`${base}/api/account/identities`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ provider }),
      });
      assert.equal(started.status, 200, await started.clone().text());
      // The transaction cookie the reply set is the browser's, as in a real console.
      const [pair = ''] = started.headers.getSetCookie().filter((c) => c.startsWith('deskgate_oidc='));
      browser.cookies(host).set('deskgate_oidc', pair.split(';')[0]!.slice('deskgate_oidc='.length));
      const { redirect } = (await started.json()) as { redirect: string };
      return browser.navigate(redirect, { stopAt: (next) => next.startsWith(`${base}/account`) });
    }

    const methods = async (session: Session) =>
      (await t.app.inject({ method: 'GET', url: '/api/account/identities', headers: session.headers })).json() as {
        providers: { name: string; linked: boolean }[];
        identities: { id: string; provider_name: string; subject: string; email: string }[];
      };

    it('links the identity to my account; signing in through that provider then lands in the same account', async () => {
      const me = await createUser(t, { name: 'ada' });
      const { browser, session } = await signedIn('ada');
      const end = await connect(browser, session, 'corp', 'alice');
      assert.equal(end.url, `${base}/account?connected=corp`);
      const listed = await methods(session);
      assert.deepEqual(listed.identities.map((i) => [i.provider_name, i.subject, i.email]), [['corp', 'alice', 'alice@corp.example']]);
      assert.equal(listed.providers.find((p) => p.name === 'corp')?.linked, true);
      const audit = (await t.services.audit.list({ action: 'identity.link' }, { current: 1, pageSize: 5 })).data;
      assert.deepEqual([audit[0]?.actor.name, audit[0]?.target?.id, audit[0]?.detail.by], ['ada', me.id, 'account']);

      idp.signInAs('alice');
      const fresh = createBrowser();
      const signIn = await fresh.navigate(`${base}/api/oidc/login/corp`, { stopAt: (next) => next === `${base}/` });
      assert.equal(signIn.url, `${base}/`);
      const who = await fetch(`${base}/api/session`, { headers: { cookie: `deskgate_session=${fresh.cookies(host).get('deskgate_session')}` } });
      assert.equal(((await who.json()) as { user: { id: string; name: string } }).user.name, 'ada');
      assert.equal(await t.store.users.findByName('alice'), undefined, 'no account was made for the identity');
    });

    it('links through a form_post provider too', async () => {
      await createUser(t, { name: 'grace' });
      const { browser, session } = await signedIn('grace');
      const end = await connect(browser, session, 'corp-post', 'noEmail');
      assert.equal(end.url, `${base}/account?connected=corp-post`);
      assert.deepEqual((await methods(session)).identities.map((i) => i.provider_name), ['corp-post']);
    });

    it('refuses an identity already linked to another account, and leaves it there', async () => {
      // bob signs in through corp first: an account is made for him.
      idp.signInAs('bob');
      await createBrowser().navigate(`${base}/api/oidc/login/corp`, { stopAt: (next) => next === `${base}/` });
      const bob = await t.store.users.findByName('bob');
      assert.ok(bob);
      await createUser(t, { name: 'mallory' });
      const { browser, session } = await signedIn('mallory');
      const end = await connect(browser, session, 'corp', 'bob');
      assert.equal(end.status, 409);
      assert.match(end.body, /already linked to another deskgate account/);
      assert.deepEqual((await methods(session)).identities, []);
      assert.equal((await t.store.identities.findByProvider((await t.services.providers.forSignIn({ name: 'corp' })).id, 'bob'))?.user_id, bob.id);
    });

    it('refuses a link started by another console session', async () => {
      await createUser(t, { name: 'edsger' });
      const { browser, session } = await signedIn('edsger');
      idp.signInAs('noEmail');
      const started = await fetch(`${base}/api/account/identities`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ provider: 'corp' }),
      });
      const txCookie = started.headers.getSetCookie()[0]!.split(';')[0]!.slice('deskgate_oidc='.length);
      browser.cookies(host).set('deskgate_oidc', txCookie);
      // The same browser now holds another session (signed out and in again, or someone else's).
      const other = await signInConsole(t, 'edsger');
      browser.cookies(host).set('deskgate_session', other.cookie.split('=')[1]!);
      const end = await browser.navigate(((await started.json()) as { redirect: string }).redirect, { stopAt: (next) => next.startsWith(`${base}/account`) });
      assert.equal(end.status, 403);
      assert.match(end.body, /started from another console session/);
      assert.deepEqual((await methods(session)).identities, []);
    });

    it('refuses a link whose console session ended meanwhile', async () => {
      await createUser(t, { name: 'barbara' });
      const { browser, session } = await signedIn('barbara');
      idp.signInAs('noEmail');
      const started = await fetch(`${base}/api/account/identities`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ provider: 'corp' }),
      });
      browser.cookies(host).set('deskgate_oidc', started.headers.getSetCookie()[0]!.split(';')[0]!.slice('deskgate_oidc='.length));
      await t.services.consoleSessions.endAllForUser((await t.store.users.findByName('barbara'))!.id);
      const end = await browser.navigate(((await started.json()) as { redirect: string }).redirect, { stopAt: (next) => next.startsWith(`${base}/account`) });
      assert.equal(end.status, 401);
      assert.match(end.body, /console session ended/);
      const barbara = await t.store.users.findByName('barbara');
      assert.deepEqual(await t.store.identities.listForUser(barbara!.id), []);
    });

    it('refuses an identity the provider’s policy does not admit', async () => {
      await createUser(t, { name: 'alan' });
      const { browser, session } = await signedIn('alan');
      const end = await connect(browser, session, 'workspace', 'alice');
      assert.equal(end.status, 403);
      assert.match(end.body, /Google domain may not sign in/);
      assert.deepEqual((await methods(session)).identities, []);
    });

    it('refuses a callback in another browser, and keeps the link for the browser that began it', async () => {
      await createUser(t, { name: 'john' });
      const { browser, session } = await signedIn('john');
      idp.signInAs('noEmail');
      const started = await fetch(`${base}/api/account/identities`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ provider: 'corp' }),
      });
      const { redirect } = (await started.json()) as { redirect: string };
      // The session cookie, but not the transaction cookie: another browser of the same person.
      const callback = await browser.navigate(redirect, { stopAt: (next) => next.startsWith(`${base}/api/oidc/callback`) });
      const other = await browser.navigate(callback.url);
      assert.equal(other.status, 400);
      assert.match(other.body, /started in another browser/);
      browser.cookies(host).set('deskgate_oidc', started.headers.getSetCookie()[0]!.split(';')[0]!.slice('deskgate_oidc='.length));
      const end = await browser.navigate(callback.url, { stopAt: (next) => next.startsWith(`${base}/account`) });
      assert.equal(end.url, `${base}/account?connected=corp`, `${end.status} ${end.body}`);
    });
  });
}
