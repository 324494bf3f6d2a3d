/**
 * How long what single sign-on gives lives, against panva's oidc-provider in this process: a
 * RustDesk client token and a console session live the shorter of the global lifetime and the
 * provider's, and the provider's back-channel logout of one of its sessions ends the client
 * token that session signed in.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { systemActor } from '../../src/services/audit.js';
import { hashToken } from '../../src/services/secrets.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, formOf, type Browser } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createProvider } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE, rust } from '../support/rustdesk-client.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SECRET = 'deskgate-secret-0123456789-0123456789';
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

for (const engine of await testEngines()) {
  describe(`the life of what single sign-on gives (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let base: string;
    let providerId: string;

    before(async () => {
      // Global lifetimes: client tokens 30 days, console sessions 12 hours.
      t = await buildTestApp(engine, { env: { DESKGATE_TOKEN_TTL_DAYS: '30', DESKGATE_SESSION_TTL_HOURS: '12' } });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      idp = await startIdp(
        [
          {
            client_id: 'deskgate',
            client_secret: SECRET,
            redirect_uris: [`${base}/api/oidc/callback`],
            backchannel_logout_uri: `${base}/api/oidc/backchannel-logout`,
            backchannel_logout_session_required: true,
          },
        ],
        { backchannelLogout: true },
      );
      providerId = (await createProvider(t, { type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: SECRET })).id;
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    const setLifetimes = (input: { token_ttl_days?: number; session_ttl_hours?: number }) => t.services.providers.update(systemActor, providerId, input);

    /** A RustDesk client signs `account` in through the provider in `browser`, confirmed there; answers its token. */
    async function ssoClient(account: string, browser: Browser = createBrowser()): Promise<string> {
      idp.signInAs(account);
      const started = await fetch(`${base}/api/oidc/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op: 'corp', id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }),
      });
      const { code, url } = (await started.json()) as { code: string; url: string };
      const confirm = formOf((await browser.navigate(url)).body);
      assert.ok(confirm, 'confirmation page');
      await browser.request(new URL(confirm.action, base).href, { method: 'POST', body: confirm.fields });
      const polled = await t.app.inject({ method: 'GET', url: `/api/oidc/auth-query?${new URLSearchParams({ code, id: DEVICE.id, uuid: DEVICE.uuid })}` });
      const token = (polled.json() as { access_token?: string }).access_token;
      assert.ok(token, polled.body);
      return token;
    }

    /** Signs `account` in to the console through the provider; answers the session cookie. */
    async function ssoConsole(account: string): Promise<string> {
      idp.signInAs(account);
      const browser = createBrowser();
      await browser.navigate(`${base}/api/oidc/login/corp`, { stopAt: (next) => next === `${base}/` });
      const value = browser.cookies(new URL(base).host).get('deskgate_session');
      assert.ok(value, 'signed in');
      return `deskgate_session=${value}`;
    }

    const tokenLive = async (token: string) => (await t.app.inject(rust('/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token))).statusCode === 200;
    const sessionLive = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode === 200;
    const tokenRow = (token: string) =>
      t.store.db.kysely.selectFrom('access_tokens').select(['sso_provider_id', 'sso_sid', 'created_at', 'expires_at']).where('token_hash', '=', hashToken(token)).executeTakeFirstOrThrow();

    /** Whether `check` holds just before `lifetime` has passed since now, and no longer once it has. */
    async function livesExactly(lifetime: number, check: () => Promise<boolean>) {
      const start = t.clock.now();
      assert.equal(await check(), true, 'alive at first');
      t.clock.set(start + lifetime - 1);
      assert.equal(await check(), true, 'alive until the end of its lifetime');
      t.clock.set(start + lifetime);
      assert.equal(await check(), false, 'ended at the end of its lifetime');
    }

    it('records the provider and the ID token’s sid on a client token from single sign-on', async () => {
      t.clock.set(Date.now());
      const token = await ssoClient('alice');
      const row = await tokenRow(token);
      assert.equal(row.sso_provider_id, providerId);
      assert.ok(row.sso_sid.length > 0, 'the provider session is recorded');
    });

    it('a client token lives the provider’s token_ttl_days when shorter than the global lifetime', async () => {
      await setLifetimes({ token_ttl_days: 1 });
      t.clock.set(Date.now());
      const token = await ssoClient('alice');
      await livesExactly(DAY, () => tokenLive(token));
    });

    it('a client token lives the global lifetime when the provider’s is longer, or 0', async () => {
      for (const days of [45, 0]) {
        await setLifetimes({ token_ttl_days: days });
        t.clock.set(Date.now());
        const token = await ssoClient('alice');
        await livesExactly(30 * DAY, () => tokenLive(token));
      }
    });

    it('a console session lives the provider’s session_ttl_hours when shorter than the global lifetime', async () => {
      await setLifetimes({ session_ttl_hours: 2 });
      t.clock.set(Date.now());
      const cookie = await ssoConsole('alice');
      await livesExactly(2 * HOUR, () => sessionLive(cookie));
    });

    it('a console session lives the global lifetime when the provider’s is longer, or 0', async () => {
      for (const hours of [24, 0]) {
        await setLifetimes({ session_ttl_hours: hours });
        t.clock.set(Date.now());
        const cookie = await ssoConsole('alice');
        await livesExactly(12 * HOUR, () => sessionLive(cookie));
      }
    });

    it('a back-channel logout of a provider session ends the client token that session signed in; others stay', async () => {
      await setLifetimes({ token_ttl_days: 0, session_ttl_hours: 0 });
      t.clock.set(Date.now());
      const inSession = await ssoClient('bob');
      const otherSession = await ssoClient('bob');
      const { sso_sid: sid } = await tokenRow(inSession);
      assert.notEqual((await tokenRow(otherSession)).sso_sid, sid, 'two browsers, two provider sessions');

      // The provider names only its session (no sub), as it may (Back-Channel Logout 1.0 §2.4).
      const now = Math.floor(Date.now() / 1000);
      const logoutToken = await new SignJWT({ iss: idp.issuer, aud: 'deskgate', iat: now, exp: now + 120, jti: randomUUID(), sid, events: { [EVENT]: {} } })
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1', typ: 'logout+jwt' })
        .sign(idp.signingKey);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/oidc/backchannel-logout',
        payload: new URLSearchParams({ logout_token: logoutToken }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(response.statusCode, 200, response.body);

      assert.equal(await tokenLive(inSession), false);
      assert.equal(await tokenLive(otherSession), true);
      const audit = await t.store.db.kysely
        .selectFrom('console_audit')
        .select(['target_name', 'detail'])
        .where('action', '=', 'sso.backchannel_logout')
        .execute();
      assert.deepEqual(
        audit.map((row) => [row.target_name, JSON.parse(row.detail) as unknown]),
        [['bob', { provider: 'corp', by: 'sid', client_tokens: 1, console_sessions: 0 }]],
      );
    });
  });
}
