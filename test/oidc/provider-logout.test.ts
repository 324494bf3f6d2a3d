import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { hashToken } from '../../src/services/secrets.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createProvider, createUser, linkIdentity, signInConsole } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE } from '../support/rustdesk-client.js';

const EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const LOGOUT = '/api/oidc/backchannel-logout';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

for (const engine of await testEngines()) {
  describe(`logout driven by the identity provider (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let base: string;
    let providerId: string;

    before(async () => {
      t = await buildTestApp(engine);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      // The provider signs with the wall clock; so does this deskgate for these tests.
      t.clock.set(Date.now());
      idp = await startIdp(
        [
          {
            client_id: 'deskgate',
            client_secret: 'deskgate-secret-0123456789-0123456789',
            redirect_uris: [`${base}/api/oidc/callback`],
            backchannel_logout_uri: `${base}${LOGOUT}`,
            backchannel_logout_session_required: true,
            post_logout_redirect_uris: [`${base}/`],
          },
        ],
        { backchannelLogout: true },
      );
      const provider = await createProvider(t, { type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: 'deskgate-secret-0123456789-0123456789' });
      providerId = provider.id;
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    /** Signs `account` in to the console through the provider; answers the session cookie. */
    async function ssoConsole(account: string): Promise<string> {
      idp.signInAs(account);
      const browser = createBrowser();
      await browser.navigate(`${base}/api/oidc/login/corp`, { stopAt: (next) => next === `${base}/` });
      const value = browser.cookies(new URL(base).host).get('deskgate_session');
      assert.ok(value, 'signed in');
      return `deskgate_session=${value}`;
    }

    const sessionLive = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode === 200;

    async function userNamed(name: string) {
      const user = await t.store.users.findByName(name);
      assert.ok(user, name);
      return user;
    }

    async function clientToken(name: string) {
      const user = await userNamed(name);
      await t.services.accessTokens.issue(user.id, { deviceId: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo, ip: '192.0.2.1' });
      return user.id;
    }
    const clientTokens = async (userId: string) => (await t.services.accessTokens.listForUser(userId)).length;

    /** A logout token as the provider makes one; a claim given as undefined is left out. */
    async function logoutToken(
      claims: Record<string, unknown> = {},
      options: { header?: Record<string, unknown>; key?: Parameters<SignJWT['sign']>[0] } = {},
    ): Promise<string> {
      const now = Math.floor(t.clock.now() / 1000);
      const payload: Record<string, unknown> = { iss: idp.issuer, aud: 'deskgate', iat: now, exp: now + 120, jti: randomUUID(), sub: 'alice', events: { [EVENT]: {} }, ...claims };
      for (const [key, value] of Object.entries(payload)) if (value === undefined) delete payload[key];
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1', typ: 'logout+jwt', ...options.header } as { alg: string })
        .sign(options.key ?? idp.signingKey);
    }

    const post = (body: string, contentType: string | null = 'application/x-www-form-urlencoded') =>
      t.app.inject({ method: 'POST', url: LOGOUT, payload: body, headers: contentType ? { 'content-type': contentType } : {} });
    const send = (token: string) => post(new URLSearchParams({ logout_token: token }).toString());

    function assertRefused(response: Awaited<ReturnType<typeof post>>, label: string) {
      assert.equal(response.statusCode, 400, `${label}: ${response.statusCode} ${response.body}`);
      assert.equal(response.headers['cache-control'], 'no-store', label);
      assert.match(String(response.headers['content-type']), /^application\/json/, label);
      assert.equal((response.json() as { error: string }).error, 'invalid_request', label);
    }

    it('ends the person’s console sessions and client tokens when the provider sends a back-channel logout; others stay', async () => {
      const alice = await ssoConsole('alice');
      const bob = await ssoConsole('bob');
      const aliceId = await clientToken('alice');
      const bobId = await clientToken('bob');
      assert.ok(await sessionLive(alice));

      // oidc-provider makes, signs and POSTs the logout token itself, and throws unless answered 200.
      const client = (await idp.provider.Client.find('deskgate')) as unknown as { backchannelLogout(sub: string, sid: string): Promise<void> };
      await client.backchannelLogout('alice', 'idp-session-of-alice');

      assert.equal(await sessionLive(alice), false);
      assert.equal(await clientTokens(aliceId), 0);
      assert.equal(await sessionLive(bob), true);
      assert.equal(await clientTokens(bobId), 1);
      const audit = await t.store.db.kysely
        .selectFrom('console_audit')
        .select(['action', 'target_name', 'actor_name', 'detail'])
        .where('action', '=', 'sso.backchannel_logout')
        .execute();
      assert.deepEqual(audit.map((row) => [row.target_name, row.actor_name]), [['alice', 'corp']]);
      assert.deepEqual(JSON.parse(audit[0]?.detail ?? '{}'), { provider: 'corp', by: 'sub', client_tokens: 1, console_sessions: 1 });
    });

    it('answers 200 with Cache-Control: no-store, and a token naming only a provider session ends the sessions it opened', async () => {
      const alice = await ssoConsole('alice');
      const aliceId = await clientToken('alice');
      const row = await t.store.db.kysely
        .selectFrom('console_sessions')
        .select(['user_id', 'sso_provider_id', 'sso_sid'])
        .where('token_hash', '=', hashToken(alice.slice('deskgate_session='.length)))
        .executeTakeFirstOrThrow();
      assert.equal(row.user_id, aliceId);
      assert.equal(row.sso_provider_id, providerId);
      assert.ok(row.sso_sid.length > 0, 'the ID token’s sid is recorded');

      const response = await send(await logoutToken({ sub: undefined, sid: row.sso_sid }));
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.equal(await sessionLive(alice), false);
      // A provider session is a browser's: the person's RustDesk client is not that session.
      assert.equal(await clientTokens(aliceId), 1);

      // Nobody to sign out (a person unknown here, a sid never seen) is still a success (§2.7).
      assert.equal((await send(await logoutToken({ sub: 'someone-unknown' }))).statusCode, 200);
      assert.equal((await send(await logoutToken({ sub: undefined, sid: 'never-seen' }))).statusCode, 200);
    });

    it('refuses every invalid logout token with 400 {"error": "invalid_request"} and ends nothing', async () => {
      const alice = await ssoConsole('alice');
      const now = Math.floor(t.clock.now() / 1000);
      const otherKey = (await generateKeyPair('RS256')).privateKey;
      const valid = await logoutToken();
      const [header, payload] = valid.split('.');
      const cases: [string, string][] = [
        ['bad signature (another key, same kid)', await logoutToken({}, { key: otherKey })],
        ['signature of another token', `${header}.${b64({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), sub: 'bob' })}.${valid.split('.')[2]}`],
        ['alg none', `${b64({ alg: 'none', typ: 'logout+jwt' })}.${payload}.`],
        ['alg HS256 with the client secret', await logoutToken({}, { header: { alg: 'HS256' }, key: new TextEncoder().encode('deskgate-secret-0123456789-0123456789') })],
        ['wrong aud', await logoutToken({ aud: 'someone-else' })],
        ['wrong iss (no such provider)', await logoutToken({ iss: 'http://127.0.0.1:9/elsewhere' })],
        ['iss of the provider with a path added', await logoutToken({ iss: `${idp.issuer}/other` })],
        ['typ of another kind of token', await logoutToken({}, { header: { typ: 'at+jwt' } })],
        ['missing events', await logoutToken({ events: undefined })],
        ['events without the back-channel event', await logoutToken({ events: { 'http://schemas.openid.net/event/other': {} } })],
        ['events as an array', await logoutToken({ events: [EVENT] })],
        ['the event as a string', await logoutToken({ events: { [EVENT]: 'yes' } })],
        ['nonce present', await logoutToken({ nonce: 'n-0S6_WzA2Mj' })],
        ['neither sub nor sid', await logoutToken({ sub: undefined, sid: undefined })],
        ['sub not a string', await logoutToken({ sub: 42 })],
        ['missing jti', await logoutToken({ jti: undefined })],
        ['missing iat', await logoutToken({ iat: undefined })],
        ['iat an hour ahead', await logoutToken({ iat: now + 3600, exp: now + 3720 })],
        ['expired', await logoutToken({ iat: now - 3600, exp: now - 3480 })],
        ['iat an hour old without exp', await logoutToken({ iat: now - 3600, exp: undefined })],
        ['not a JWT', 'not-a-jwt'],
        ['empty token', ''],
      ];
      for (const [label, token] of cases) assertRefused(await send(token), label);
      assert.equal(await sessionLive(alice), true, 'no invalid token ended a session');
    });

    it('accepts a jti once: the same token again is refused, on any instance', async () => {
      const token = await logoutToken({ sub: 'someone-unknown' });
      assert.equal((await send(token)).statusCode, 200);
      assertRefused(await send(token), 'replayed jti');
    });

    it('answers malformed requests with 400 JSON, never a 500', async () => {
      const token = await logoutToken({ sub: 'someone-unknown' });
      const form = new URLSearchParams({ logout_token: token }).toString();
      const cases: [string, Awaited<ReturnType<typeof post>>][] = [
        ['empty form', await post('')],
        ['empty body without a content type', await post('', null)],
        ['JSON', await post(JSON.stringify({ logout_token: token }), 'application/json')],
        ['form sent as text/plain', await post(form, 'text/plain')],
        ['form without a content type', await post(form, null)],
        ['multipart', await post(`--x\r\ncontent-disposition: form-data; name="logout_token"\r\n\r\n${token}\r\n--x--`, 'multipart/form-data; boundary=x')],
        ['two logout_token fields', await post(`${form}&${form}`)],
        ['other fields only', await post('id_token=x&state=y')],
        ['a NUL in the form', await post('logout_token=a%00b')],
        ['huge form', await post(`logout_token=${'a'.repeat(200_000)}`)],
        ['unknown content encoding', await t.app.inject({ method: 'POST', url: LOGOUT, payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'br' } })],
        ['broken gzip', await t.app.inject({ method: 'POST', url: LOGOUT, payload: 'not gzip', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' } })],
      ];
      for (const [label, response] of cases) assertRefused(response, label);
      // The same token, properly sent, still works: nothing above consumed it.
      assert.equal((await post(form)).statusCode, 200);
    });

    it('finds the provider by the token’s audience when two providers share the issuer (two clients of one realm)', async () => {
      const second = await createProvider(t, { type: 'oidc', name: 'corp-two', issuer: idp.issuer, client_id: 'deskgate-two', client_secret: 'another-secret-0123456789-0123456789' });
      try {
        const dora = await createUser(t, { name: 'dora' });
        await linkIdentity(t, dora.id, second.id, 'dora-at-two');
        const doraTokens = await clientToken('dora');
        assert.equal(await clientTokens(doraTokens), 1);
        // Signed by the realm, for the second client: the first provider at that issuer is not the one meant.
        assert.equal((await send(await logoutToken({ aud: 'deskgate-two', sub: 'dora-at-two' }))).statusCode, 200);
        assert.equal(await clientTokens(doraTokens), 0);
        // The audience still has to be one of them.
        assertRefused(await send(await logoutToken({ aud: 'neither', sub: 'dora-at-two' })), 'an audience no provider has');
      } finally {
        await t.services.providers.delete({ type: 'system', id: '', name: 'test', ip: '' }, second.id);
      }
    });

    it('signing out of a console session from the provider answers its end-session URL; a password session signs out as before', async () => {
      const alice = await ssoConsole('alice');
      const session = (await (await fetch(`${base}/api/session`, { headers: { cookie: alice } })).json()) as { csrf_token: string };
      const signOut = await fetch(`${base}/api/session`, { method: 'DELETE', headers: { cookie: alice, 'x-csrf-token': session.csrf_token, origin: base } });
      assert.equal(signOut.status, 200);
      const { logout_url } = (await signOut.json()) as { logout_url: string };
      const url = new URL(logout_url);
      assert.equal(`${url.origin}${url.pathname}`, `${idp.issuer}/session/end`);
      assert.equal(url.searchParams.get('client_id'), 'deskgate');
      assert.equal(url.searchParams.get('post_logout_redirect_uri'), `${base}/`);
      // The sign-in's own ID token as the hint (Okta refuses a logout without one).
      const hint = decodeJwt(url.searchParams.get('id_token_hint') ?? '');
      assert.deepEqual([hint.iss, hint.aud, hint.sub], [idp.issuer, 'deskgate', 'alice']);
      assert.equal(await sessionLive(alice), false, 'signed out here first');
      // The provider accepts it (an unregistered redirect, an unknown client or a hint it did not issue would be its 400 page).
      assert.equal((await fetch(logout_url, { redirect: 'manual' })).status, 200);
      // Kept sealed at rest, never as the token itself.
      const stored = await t.store.db.kysely
        .selectFrom('console_sessions')
        .select('sso_id_token')
        .where('token_hash', '=', hashToken(alice.slice('deskgate_session='.length)))
        .executeTakeFirstOrThrow();
      assert.ok(stored.sso_id_token.length > 0);
      assert.ok(!stored.sso_id_token.includes(url.searchParams.get('id_token_hint') ?? '-'));
      assert.ok(!stored.sso_id_token.startsWith('eyJ'));

      await createUser(t, { name: 'carol' });
      const carol = await signInConsole(t, 'carol');
      const plain = await t.app.inject({ method: 'DELETE', url: '/api/session', headers: { ...carol.headers, origin: 'http://localhost' } });
      assert.equal(plain.statusCode, 204);
    });
  });
}
