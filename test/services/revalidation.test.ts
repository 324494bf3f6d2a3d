/**
 * Re-validating people at their provider with the refresh token a sign-in brought
 * (`offline_access`), against panva's oidc-provider in this process: a person the provider no
 * longer vouches for loses the sign-ins it gave them; a provider that does not answer changes
 * nothing. Rounds are run by calling the job directly, with time from the test clock.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FetchLike } from '../../src/oidc/client.js';
import { offersOfflineAccess } from '../../src/oidc/transactions.js';
import { systemActor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, formOf } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createProvider, createUser, signInConsole } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE, rust } from '../support/rustdesk-client.js';

const MINUTE = 60_000;
const SECRET = 'deskgate-secret-0123456789-0123456789';

for (const engine of await testEngines()) {
  describe(`re-validating people at their provider (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let plainIdp: Idp;
    let base: string;
    let providerId: string;
    /** What the provider's token endpoint does: answer, be unreachable, or fail with a 503. */
    let tokenEndpoint: 'up' | 'down' | '503' = 'up';

    // Outbound requests to providers go through the real network, but the token endpoint can be cut off.
    const oidcFetch: FetchLike = async (url, init) => {
      if (url.endsWith('/token') && tokenEndpoint === 'down') throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
      if (url.endsWith('/token') && tokenEndpoint === '503') {
        return new Response('<html>Service Unavailable</html>', { status: 503, headers: { 'content-type': 'text/html' } });
      }
      return fetch(url, init);
    };

    before(async () => {
      t = await buildTestApp(engine, { oidcFetch });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      const client = { client_id: 'deskgate', client_secret: SECRET, redirect_uris: [`${base}/api/oidc/callback`], grant_types: ['authorization_code', 'refresh_token'] };
      // Rotating: a refresh token works once, so a check that did not keep the new one would fail the next.
      idp = await startIdp([client], { refreshTokens: { rotate: true } });
      // Issues refresh tokens, but does not list offline_access (as Google does not).
      plainIdp = await startIdp([client], { refreshTokens: {}, offlineAccess: false });
      providerId = (await createProvider(t, { type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: SECRET })).id;
      await createProvider(t, { type: 'oidc', name: 'plain', issuer: plainIdp.issuer, client_id: 'deskgate', client_secret: SECRET });
    });
    after(async () => {
      await idp.close();
      await plainIdp.close();
      await t.close();
    });

    /** Signs `account` in to the console through `provider`; answers the session cookie. */
    async function ssoConsole(at: Idp, account: string, provider = 'corp'): Promise<string> {
      at.signInAs(account);
      const browser = createBrowser();
      await browser.navigate(`${base}/api/oidc/login/${provider}`, { stopAt: (next) => next === `${base}/` });
      const value = browser.cookies(new URL(base).host).get('deskgate_session');
      assert.ok(value, `${account} signed in`);
      return `deskgate_session=${value}`;
    }

    /** A RustDesk client signs `account` in through the provider, confirmed in the browser; answers its token. */
    async function ssoClient(account: string): Promise<string> {
      idp.signInAs(account);
      const started = await fetch(`${base}/api/oidc/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op: 'corp', id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }),
      });
      const { code, url } = (await started.json()) as { code: string; url: string };
      const browser = createBrowser();
      const confirm = formOf((await browser.navigate(url)).body);
      assert.ok(confirm, 'confirmation page');
      await browser.request(new URL(confirm.action, base).href, { method: 'POST', body: confirm.fields });
      const polled = await t.app.inject({ method: 'GET', url: `/api/oidc/auth-query?${new URLSearchParams({ code, id: DEVICE.id, uuid: DEVICE.uuid })}` });
      const token = (polled.json() as { access_token?: string }).access_token;
      assert.ok(token, polled.body);
      return token;
    }

    const sessionLive = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode === 200;
    const tokenLive = async (token: string) => (await t.app.inject(rust('/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token))).statusCode === 200;

    /** The link of the provider's account `subject`, and its user. */
    async function linkOf(subject: string, provider = providerId) {
      const link = await t.store.identities.findByProvider(provider, subject);
      assert.ok(link, `${subject} is linked`);
      const user = await t.store.users.findById(link.user_id);
      assert.ok(user);
      return { user, link };
    }

    const auditOf = async (userId: string) =>
      t.store.db.kysely
        .selectFrom('console_audit')
        .select(['action', 'actor_name', 'detail'])
        .where('target_id', '=', userId)
        .where('action', '=', 'identity.revalidation_failed')
        .execute();

    it('asks for offline_access only when discovery lists it, and keeps only a refresh token it asked for, sealed', async () => {
      const asked = await t.app.inject({ method: 'GET', url: '/api/oidc/login/corp' });
      assert.equal(asked.statusCode, 302);
      assert.deepEqual(new URL(String(asked.headers.location)).searchParams.get('scope')?.split(' '), ['openid', 'profile', 'email', 'offline_access']);
      const notAsked = await t.app.inject({ method: 'GET', url: '/api/oidc/login/plain' });
      assert.deepEqual(new URL(String(notAsked.headers.location)).searchParams.get('scope')?.split(' '), ['openid', 'profile', 'email']);

      t.clock.set(Date.now());
      await ssoConsole(idp, 'alice');
      const { link } = await linkOf('alice');
      assert.match(link.refresh_token, /^v1\./, 'sealed with the secret box');
      assert.equal(link.revalidated_at, t.clock.now());

      // This provider sends a refresh token unasked (one tied to its browser session): not kept.
      await ssoConsole(plainIdp, 'bob', 'plain');
      const plain = await t.store.authProviders.findByName('plain');
      assert.equal((await linkOf('bob', plain?.id)).link.refresh_token, '');

      // Never for plain OAuth 2 providers (GitHub), whatever they list.
      assert.equal(offersOfflineAccess('oauth2', 'read:user offline_access', { scopes_supported: ['offline_access'] }), false);
    });

    it('ends the client tokens and console sessions from the provider of a person it no longer vouches for', async () => {
      t.clock.set(Date.now());
      const aliceConsole = await ssoConsole(idp, 'alice');
      const aliceClient = await ssoClient('alice');
      const otherConsole = await ssoConsole(idp, 'noEmail');
      const { user: alice } = await linkOf('alice');
      // A token from a password sign-in is not the provider's to end.
      const aliceOther = await t.services.accessTokens.issue(alice.id, { deviceId: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo, ip: '192.0.2.1' });

      // Not due yet: the provider's interval (60 minutes) has not passed.
      t.clock.advance(59 * MINUTE);
      assert.deepEqual(await t.services.maintenance.revalidate(), { valid: 0, refused: 0, unanswered: 0 });

      idp.disable('alice');
      try {
        t.clock.advance(2 * MINUTE);
        const round = await t.services.maintenance.revalidate();
        assert.equal(round.refused, 1);
        assert.equal(round.unanswered, 0);
      } finally {
        idp.disable('alice', false);
      }

      assert.equal(await sessionLive(aliceConsole), false);
      assert.equal(await tokenLive(aliceClient), false);
      assert.equal(await tokenLive(aliceOther), true);
      assert.equal(await sessionLive(otherConsole), true, 'someone the provider still vouches for stays');
      const { link } = await linkOf('alice');
      assert.equal(link.refresh_token, '', 'the refused refresh token is forgotten');
      const audit = await auditOf(alice.id);
      assert.equal(audit.length, 1);
      assert.equal(audit[0]?.actor_name, 'corp');
      const detail = JSON.parse(audit[0]?.detail ?? '{}') as Record<string, unknown>;
      assert.equal(detail.provider, 'corp');
      assert.equal(detail.error, 'invalid_grant');
      assert.equal(detail.client_tokens, 1);
      // This session and the one she opened in the first test.
      assert.equal(detail.console_sessions, 2);

      // Nothing left to check for her until she signs in again.
      t.clock.advance(61 * MINUTE);
      await t.services.maintenance.revalidate();
      assert.equal((await auditOf(alice.id)).length, 1);
    });

    it('checks an identity connected on My account too, and ends what it signed in, not the person’s password sessions', async () => {
      t.clock.set(Date.now());
      await createUser(t, { name: 'ada' });
      const password = await signInConsole(t, 'ada');
      idp.signInAs('otherDomain');
      // The console's POST, to the listening server: the callback URL is built on its address.
      const started = await fetch(`${base}/api/account/identities`, {
        method: 'POST',
        headers: { ...password.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ provider: 'corp' }),
      });
      assert.equal(started.status, 200, await started.clone().text());
      const { redirect } = (await started.json()) as { redirect: string };
      assert.deepEqual(new URL(redirect).searchParams.get('scope')?.split(' '), ['openid', 'profile', 'email', 'offline_access']);
      const browser = createBrowser();
      await browser.request(`${base}/healthz`);
      const host = new URL(base).host;
      browser.cookies(host).set('deskgate_session', password.cookie.split('=')[1]!);
      const [pair = ''] = started.headers.getSetCookie().filter((c) => c.startsWith('deskgate_oidc='));
      browser.cookies(host).set('deskgate_oidc', pair.split(';')[0]!.slice('deskgate_oidc='.length));
      const end = await browser.navigate(redirect, { stopAt: (next) => next.startsWith(`${base}/account`) });
      assert.equal(end.url, `${base}/account?connected=corp`, `${end.status} ${end.body}`);
      const { user, link } = await linkOf('otherDomain');
      assert.equal(user.name, 'ada');
      assert.match(link.refresh_token, /^v1\./, 'the refresh token the link brought is kept, sealed');

      // ada signs in through the provider too; then the provider stops vouching for carol.
      const sso = await ssoConsole(idp, 'otherDomain');
      idp.disable('otherDomain');
      try {
        t.clock.advance(61 * MINUTE);
        assert.equal((await t.services.maintenance.revalidate()).refused, 1);
      } finally {
        idp.disable('otherDomain', false);
      }
      assert.equal(await sessionLive(sso), false, 'the sign-in through the provider ended');
      assert.equal(await sessionLive(password.cookie), true, 'her password session is hers, not the provider’s');
    });

    it('keeps a person the provider still vouches for signed in, round after round, with the rotated refresh token', async () => {
      t.clock.set(Date.now());
      const cookie = await ssoConsole(idp, 'bob');
      const first = (await linkOf('bob')).link;
      for (let round = 0; round < 2; round++) {
        t.clock.advance(61 * MINUTE);
        // Two instances running a round at the same moment: each link is checked once (a second
        // use of a rotated refresh token would be refused, and end the person's sign-ins).
        const [a, b] = await Promise.all([t.services.maintenance.revalidate(), t.services.maintenance.revalidate()]);
        assert.equal(a.refused + b.refused, 0);
      }
      const { user, link } = await linkOf('bob');
      assert.notEqual(link.refresh_token, first.refresh_token, 'the rotated refresh token is kept');
      assert.equal(link.revalidated_at, t.clock.now());
      assert.equal(await sessionLive(cookie), true);
      assert.deepEqual(await auditOf(user.id), []);
    });

    for (const failure of ['down', '503'] as const) {
      it(`changes nothing when the provider ${failure === 'down' ? 'cannot be reached' : 'answers 503'}, and asks again at the next round`, async () => {
        t.clock.set(Date.now());
        const cookie = await ssoConsole(idp, 'bob');
        const token = await ssoClient('bob');
        const before = (await linkOf('bob')).link;
        t.clock.advance(61 * MINUTE);
        tokenEndpoint = failure;
        try {
          const round = await t.services.maintenance.revalidate();
          assert.ok(round.unanswered >= 1);
          assert.equal(round.refused, 0);
        } finally {
          tokenEndpoint = 'up';
        }
        const { user, link } = await linkOf('bob');
        assert.equal(link.refresh_token, before.refresh_token);
        assert.equal(await sessionLive(cookie), true);
        assert.equal(await tokenLive(token), true);
        assert.deepEqual(await auditOf(user.id), []);

        // The next round (a minute on) asks again, and the provider answers.
        t.clock.advance(MINUTE);
        const again = await t.services.maintenance.revalidate();
        assert.ok(again.valid >= 1);
        assert.equal((await linkOf('bob')).link.revalidated_at, t.clock.now());
      });
    }

    it('checks no one through a provider whose interval is 0', async () => {
      t.clock.set(Date.now());
      await ssoConsole(idp, 'bob');
      await t.services.providers.update(systemActor, providerId, { revalidate_minutes: 0 });
      try {
        t.clock.advance(24 * 60 * MINUTE);
        assert.deepEqual(await t.services.maintenance.revalidate(), { valid: 0, refused: 0, unanswered: 0 });
      } finally {
        await t.services.providers.update(systemActor, providerId, { revalidate_minutes: 60 });
      }
    });
  });
}
