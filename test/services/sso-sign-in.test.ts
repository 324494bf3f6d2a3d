/**
 * The single sign-on service by itself: starts, the callback, the confirmation and the client's
 * poll, against a real OpenID provider in this process, with time from the test clock. The
 * client's exact HTTP requests are in test/http/client-api/oidc.test.ts, the browser leg end to
 * end in test/oidc/sso-flows.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { createTransactions } from '../../src/oidc/transactions.js';
import { systemActor } from '../../src/services/audit.js';
import { CALLBACK_PATH, CLIENT_SIGN_IN_TTL_MS, createSsoSignInService, type SsoLimits } from '../../src/services/sso-sign-in.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { startIdp, type Idp } from '../support/idp.js';

/** The origin deskgate is reached at; nothing listens there: the browser stops before it. */
const ORIGIN = 'http://127.0.0.1:9';
const REDIRECT = `${ORIGIN}${CALLBACK_PATH}`;
const DEVICE = { deviceId: '123456789', uuid: 'dXVpZC0x', deviceInfo: { os: 'linux', type: 'client', name: 'desk-1' } };
const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);

for (const engine of await testEngines()) {
  describe(`single sign-on service (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let providerIds: Record<string, string>;

    before(async () => {
      t = await buildTestApp(engine);
      idp = await startIdp([
        { client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [REDIRECT] },
        { client_id: 'deskgate-b', client_secret: 'deskgate-b-secret', redirect_uris: [REDIRECT] },
      ]);
      providerIds = {};
      for (const [name, body] of [
        ['corp', { client_id: 'deskgate', client_secret: 'deskgate-secret' }],
        ['corp-b', { client_id: 'deskgate-b', client_secret: 'deskgate-b-secret' }],
        ['off', { client_id: 'deskgate', client_secret: 'deskgate-secret', enabled: false }],
      ] as const) {
        providerIds[name] = (await t.services.providers.create(systemActor, { enabled: true, type: 'oidc', name, issuer: idp.issuer, ...body })).id;
      }
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    /** The service as services/index.ts builds it, with limits of the test's choosing. */
    function service(limits?: SsoLimits) {
      return createSsoSignInService({
        config: t.config,
        store: t.store,
        clock: t.clock,
        providers: t.services.providers,
        registry: t.services.registry,
        transactions: createTransactions({ store: t.store, clock: t.clock }),
        users: t.services.users,
        groups: t.services.groups,
        accessTokens: t.services.accessTokens,
        settings: t.services.settings,
        audit: t.services.audit,
        ...(limits ? { limits } : {}),
      });
    }

    let sso: ReturnType<typeof service>;
    before(() => {
      sso = service();
    });

    /** The person signs in at the provider; returns the answer the browser brings back to the callback. */
    async function atProvider(redirect: string, person = 'alice'): Promise<URLSearchParams> {
      idp.signInAs(person);
      const end = await createBrowser().navigate(redirect, { stopAt: (next) => next.startsWith(REDIRECT) });
      assert.ok(end.url.startsWith(REDIRECT), end.url);
      return new URL(end.url).searchParams;
    }

    const poll = (started: { code: string }, device = DEVICE) => sso.authQuery({ code: started.code, deviceId: device.deviceId, uuid: device.uuid });
    const startClient = (ip = '10.0.0.1', providerName = 'corp', s = sso) =>
      s.startForClient({ providerName, deviceId: DEVICE.deviceId, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo, ip, requestOrigin: ORIGIN });
    const signInIdOf = (started: { url: string }) => started.url.slice(started.url.lastIndexOf('/') + 1);

    it('starts a console sign-in with a transaction bound to the provider, and signs the person in', async () => {
      const started = await sso.startConsole({ providerName: 'corp-b', returnTo: '/users?page=2', requestOrigin: ORIGIN, ip: '10.0.0.1' });
      const url = new URL(started.redirect);
      assert.equal(url.origin, idp.issuer);
      assert.equal(url.searchParams.get('client_id'), 'deskgate-b');
      assert.equal(url.searchParams.get('redirect_uri'), REDIRECT);
      assert.equal(started.formPost, false);
      const state = url.searchParams.get('state') ?? '';
      assert.equal(await sso.awaitsCallback(state), true);

      const params = await atProvider(started.redirect, 'bob');
      const result = await sso.handleCallback({ params, method: 'GET', browserCookie: started.browserCookie, ip: '10.0.0.1' });
      assert.equal(result.kind, 'console');
      assert.ok(result.kind === 'console');
      assert.equal(result.provider, 'corp-b');
      assert.equal(result.returnTo, '/users?page=2');
      assert.equal(result.user.name, 'bob');
      // The link is made through the provider the sign-in began at, not another at the same issuer.
      assert.ok(await t.store.identities.findByProvider(providerIds['corp-b'] ?? '', 'bob'));
      assert.equal(await t.store.identities.findByProvider(providerIds.corp ?? '', 'bob'), undefined);
      assert.equal(await sso.awaitsCallback(state), false);
    });

    it('refuses an unknown or turned-off provider and an off-site return_to', async () => {
      const start = (providerName: string, returnTo?: string) => sso.startConsole({ providerName, returnTo, requestOrigin: ORIGIN, ip: '10.0.0.1' });
      await assert.rejects(start('nobody'), code('provider.not_found'));
      await assert.rejects(start('off'), code('provider.not_found'));
      for (const target of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'relative']) {
        await assert.rejects(start('corp', target), code('oidc.bad_return_to'), target);
      }
      await assert.rejects(startClient('10.0.0.1', 'off'), code('provider.not_found'));
      await assert.rejects(startClient('10.0.0.1', 'nobody'), code('provider.not_found'));
    });

    it('leaves the transaction to the browser that began it, and refuses the same answer twice', async () => {
      const started = await sso.startConsole({ providerName: 'corp', requestOrigin: ORIGIN, ip: '10.0.0.1' });
      const other = await sso.startConsole({ providerName: 'corp', requestOrigin: ORIGIN, ip: '10.0.0.1' });
      const params = await atProvider(started.redirect);
      const callback = (browserCookie: string | undefined) => sso.handleCallback({ params, method: 'GET', browserCookie, ip: '10.0.0.1' });
      await assert.rejects(callback(other.browserCookie), code('oidc.browser_mismatch'));
      await assert.rejects(callback(undefined), code('oidc.browser_mismatch'));
      assert.equal(await sso.awaitsCallback(params.get('state') ?? ''), true);
      assert.equal((await callback(started.browserCookie)).kind, 'console');
      await assert.rejects(callback(started.browserCookie), code('oidc.transaction_not_found'));
    });

    it('signs a RustDesk client in: pending until the person confirms, then the token once', async () => {
      const started = await startClient();
      assert.match(started.url, new RegExp(`^${ORIGIN.replace(/\./g, '\\.')}/api/oidc/start/[\\w-]+$`));
      assert.ok(started.code.length >= 32);
      await assert.rejects(poll(started), code('oidc.client_pending'));

      const browser = await sso.continueClient({ signInId: signInIdOf(started), requestOrigin: ORIGIN, ip: '10.0.0.1' });
      const params = await atProvider(browser.redirect);
      const result = await sso.handleCallback({ params, method: 'GET', browserCookie: browser.browserCookie, ip: '10.0.0.1' });
      assert.ok(result.kind === 'client-confirm', result.kind);
      assert.equal(result.user.name, 'alice');
      assert.equal(result.otherAddress, false);
      assert.equal(result.signIn.device_id, DEVICE.deviceId);
      // Awaiting the person's decision is still pending to the client.
      await assert.rejects(poll(started), code('oidc.client_pending'));
      // The page's token is required.
      await assert.rejects(sso.decideClient({ signInId: result.signIn.id, token: 'forged', approve: true }), code('oidc.sign_in_not_found'));
      await assert.rejects(sso.decideClient({ signInId: result.signIn.id, token: '', approve: true }), code('oidc.sign_in_not_found'));
      assert.equal(await sso.decideClient({ signInId: result.signIn.id, token: result.confirmToken, approve: true }), 'approved');
      // Deciding twice changes nothing.
      await assert.rejects(sso.decideClient({ signInId: result.signIn.id, token: result.confirmToken, approve: false }), code('oidc.sign_in_not_found'));

      const collected = await poll(started);
      assert.ok(collected.kind === 'token');
      assert.equal(collected.user.name, 'alice');
      assert.equal(collected.provider, 'corp');
      assert.equal((await t.services.accessTokens.verify(collected.token)).user.name, 'alice');
      // Collected once: the sign-in is gone, and a second poll gets no second token.
      await assert.rejects(poll(started), code('oidc.client_not_found'));
    });

    it('answers only the device that started the sign-in, and an unknown code as not found', async () => {
      const started = await startClient();
      await assert.rejects(poll(started, { ...DEVICE, deviceId: '987654321' }), code('oidc.client_not_found'));
      await assert.rejects(poll(started, { ...DEVICE, uuid: 'b3RoZXI=' }), code('oidc.client_not_found'));
      await assert.rejects(poll({ code: 'no-such-code' }), code('oidc.client_not_found'));
      await assert.rejects(poll({ code: '' }), code('oidc.client_not_found'));
      await assert.rejects(poll(started), code('oidc.client_pending'));
    });

    it('tells the client the person denied, and warns the page when the browser is elsewhere', async () => {
      const started = await startClient('10.0.0.1');
      const browser = await sso.continueClient({ signInId: signInIdOf(started), requestOrigin: ORIGIN, ip: '10.0.0.1' });
      const result = await sso.handleCallback({ params: await atProvider(browser.redirect), method: 'GET', browserCookie: browser.browserCookie, ip: '192.0.2.7' });
      assert.ok(result.kind === 'client-confirm');
      assert.equal(result.otherAddress, true);
      assert.equal(await sso.decideClient({ signInId: result.signIn.id, token: result.confirmToken, approve: false }), 'denied');
      await assert.rejects(poll(started), code('oidc.client_denied'));
    });

    it('ends the client’s wait with oidc.client_failed when the browser leg fails', async () => {
      const started = await startClient();
      const browser = await sso.continueClient({ signInId: signInIdOf(started), requestOrigin: ORIGIN, ip: '10.0.0.1' });
      const state = new URL(browser.redirect).searchParams.get('state') ?? '';
      // The provider answers with an error instead of a code.
      const params = new URLSearchParams({ state, error: 'access_denied', iss: idp.issuer });
      await assert.rejects(sso.handleCallback({ params, method: 'GET', browserCookie: browser.browserCookie, ip: '10.0.0.1' }), code('oidc.provider_error'));
      await assert.rejects(poll(started), code('oidc.client_failed'));
      // A failed sign-in cannot be picked up again in the browser.
      await assert.rejects(sso.continueClient({ signInId: signInIdOf(started), requestOrigin: ORIGIN, ip: '10.0.0.1' }), code('oidc.sign_in_not_found'));
    });

    it('expires a client sign-in after three minutes by the clock', async () => {
      const started = await startClient();
      t.clock.advance(CLIENT_SIGN_IN_TTL_MS - 1);
      await assert.rejects(poll(started), code('oidc.client_pending'));
      t.clock.advance(1);
      await assert.rejects(poll(started), code('oidc.client_timed_out'));
      await assert.rejects(sso.continueClient({ signInId: signInIdOf(started), requestOrigin: ORIGIN, ip: '10.0.0.1' }), code('oidc.sign_in_not_found'));
      await assert.rejects(sso.continueClient({ signInId: 'no-such-sign-in', requestOrigin: ORIGIN, ip: '10.0.0.1' }), code('oidc.sign_in_not_found'));
    });

    it('completes without a confirmation when it is turned off, and gives a disabled person no token', async () => {
      await t.services.settings.set(systemActor, 'confirm_client_sign_in', false);
      try {
        const started = await startClient();
        const browser = await sso.continueClient({ signInId: signInIdOf(started), requestOrigin: ORIGIN, ip: '10.0.0.1' });
        const result = await sso.handleCallback({ params: await atProvider(browser.redirect, 'alice'), method: 'GET', browserCookie: browser.browserCookie, ip: '10.0.0.1' });
        assert.equal(result.kind, 'client-done');
        assert.equal(result.user.name, 'alice');
        // Approved, but the account is disabled before the client collects.
        await t.services.users.setStatus(systemActor, result.user.id, 0);
        await assert.rejects(poll(started), code('oidc.client_user_disabled'));
        await t.services.users.setStatus(systemActor, result.user.id, 1);
      } finally {
        await t.services.settings.set(systemActor, 'confirm_client_sign_in', true);
      }
    });

    it('caps the client sign-ins waiting from one address, across the cap’s window of three minutes', async () => {
      const capped = service({ requests: 1000, windowMs: 60_000, pendingPerAddress: 2 });
      await startClient('10.1.0.1', 'corp', capped);
      await startClient('10.1.0.1', 'corp', capped);
      await assert.rejects(startClient('10.1.0.1', 'corp', capped), code('oidc.too_many_pending'));
      // Another address has a cap of its own.
      await startClient('10.1.0.2', 'corp', capped);
      // Expired sign-ins no longer count.
      t.clock.advance(CLIENT_SIGN_IN_TTL_MS);
      await startClient('10.1.0.1', 'corp', capped);
    });

    it('keeps the cap when many sign-ins from one address start at once', async () => {
      const capped = service({ requests: 1000, windowMs: 60_000, pendingPerAddress: 3 });
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => startClient('10.2.0.1', 'corp', capped)));
      const started = results.filter((r) => r.status === 'fulfilled').length;
      for (const r of results) if (r.status === 'rejected') assert.ok(isAppError(r.reason, 'oidc.too_many_pending'), String(r.reason));
      // SQLite runs one statement at a time: exactly the cap. PostgreSQL decides in the writing
      // statement, so starts in flight together may pass it (store/client-sign-ins.ts says so).
      if (engine === 'sqlite') assert.equal(started, 3);
      else assert.ok(started >= 3, `${started} started`);
      await assert.rejects(startClient('10.2.0.1', 'corp', capped), code('oidc.too_many_pending'));
    });

    it('limits requests to each start per address and window', async () => {
      const limited = service({ requests: 2, windowMs: 60_000, pendingPerAddress: 100 });
      await startClient('10.3.0.1', 'corp', limited);
      await startClient('10.3.0.1', 'corp', limited);
      await assert.rejects(startClient('10.3.0.1', 'corp', limited), code('auth.rate_limited'));
      await startClient('10.3.0.2', 'corp', limited);
      // The console start counts apart from the client start.
      await limited.startConsole({ providerName: 'corp', requestOrigin: ORIGIN, ip: '10.3.0.1' });
      t.clock.advance(60_000);
      await startClient('10.3.0.1', 'corp', limited);
    });

    it('sends the browser to the public URL saved in the settings rather than the request’s origin', async () => {
      await t.services.settings.set(systemActor, 'public_url', 'https://deskgate.example');
      try {
        const started = await startClient('10.4.0.1');
        assert.ok(started.url.startsWith('https://deskgate.example/api/oidc/start/'), started.url);
        const browser = await sso.continueClient({ signInId: signInIdOf(started), requestOrigin: ORIGIN, ip: '10.4.0.1' });
        assert.equal(new URL(browser.redirect).searchParams.get('redirect_uri'), `https://deskgate.example${CALLBACK_PATH}`);
      } finally {
        await t.services.settings.set(systemActor, 'public_url', '');
      }
    });
  });
}
