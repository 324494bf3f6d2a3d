import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import * as oidc from 'openid-client';
import { AppError } from '../../src/errors.js';
import { redactUrl, withLogRedaction } from '../../src/http/log-redaction.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, formOf } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createApiToken, createUser } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE } from '../support/rustdesk-client.js';

for (const engine of await testEngines()) {
  for (const level of ['info', 'debug'] as const) {
    describe(`what the log never holds, at level ${level} (${engine})`, () => {
      const lines: string[] = [];
      let t: TestApp;
      let idp: Idp;
      let base: string;

      before(async () => {
        t = await buildTestApp(engine, { logger: { level, stream: { write: (line: string) => void lines.push(line) } } });
        await t.app.listen({ port: 0, host: '127.0.0.1' });
        base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
        idp = await startIdp([{ client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [`${base}/api/oidc/callback`] }]);
        const admin = await createApiToken(t, ['oidc:write']);
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/admin/oidc/providers',
          headers: admin.headers,
          payload: { enabled: true, type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: 'deskgate-secret' },
        });
        assert.equal(created.statusCode, 201, created.body);
        await createUser(t, { name: 'carol' });
      });
      after(async () => {
        await idp.close();
        await t.close();
      });

      const isCallback = (next: string) => next.startsWith(`${base}/api/oidc/callback`);

      /** Runs the browser to the callback, notes the code and state it carries, then lets it through. */
      async function throughCallback(browser: ReturnType<typeof createBrowser>, start: string, secrets: Map<string, string>, label: string, stopAt?: (next: string) => boolean) {
        const toCallback = await browser.navigate(start, { stopAt: isCallback });
        const callback = new URL(toCallback.url);
        assert.ok(isCallback(callback.href), toCallback.url);
        secrets.set(`${label} callback code`, callback.searchParams.get('code') ?? 'no code');
        secrets.set(`${label} callback state`, callback.searchParams.get('state') ?? 'no state');
        return { callback, page: await browser.navigate(callback.href, stopAt ? { stopAt } : {}) };
      }

      async function authQuery(code: string) {
        const response = await fetch(`${base}/api/oidc/auth-query?${new URLSearchParams({ code, id: DEVICE.id, uuid: DEVICE.uuid })}`);
        return (await response.json()) as Record<string, unknown>;
      }

      it('holds no secret of a client sign-in, a console sign-in, a password sign-in or a refused callback', async () => {
        const secrets = new Map<string, string>();
        idp.signInAs('bob');

        // A RustDesk client: POST /api/oidc/auth, the browser leg, the confirmation, the polls.
        const started = await fetch(`${base}/api/oidc/auth`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ op: 'corp', id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }),
        });
        const { code: poll, url } = (await started.json()) as { code: string; url: string };
        secrets.set('client poll code', poll);
        await authQuery(poll);
        const browser = createBrowser();
        const { page } = await throughCallback(browser, url, secrets, 'client');
        const confirm = formOf(page.body);
        assert.ok(confirm, page.body);
        secrets.set('confirm token', confirm.fields.get('token') ?? 'no token');
        const done = await browser.request(new URL(confirm.action, base).href, { method: 'POST', body: confirm.fields });
        assert.match(done.body, /RustDesk is now signed in/);
        const signedIn = await authQuery(poll);
        assert.equal(typeof signedIn.access_token, 'string', JSON.stringify(signedIn));
        secrets.set('client access token', String(signedIn.access_token));
        await authQuery(poll);

        // The console through the provider, and a replay of its callback.
        const console = createBrowser();
        const { callback } = await throughCallback(console, `${base}/api/oidc/login/corp`, secrets, 'console', (next) => next === `${base}/`);
        const session = console.cookies(new URL(base).host).get('deskgate_session');
        assert.ok(session);
        secrets.set('console SSO session cookie', session);
        await createBrowser().navigate(callback.href);

        // The console with a password.
        const signIn = await fetch(`${base}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: base },
          body: JSON.stringify({ username: 'carol', password: PASSWORD }),
        });
        assert.equal(signIn.status, 200);
        secrets.set('password', PASSWORD);
        secrets.set('CSRF token', ((await signIn.json()) as { csrf_token: string }).csrf_token);
        secrets.set('password session cookie', /deskgate_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1] ?? 'none');

        // A callback refused by openid-client, whose error carries the response parameters.
        const refused = createBrowser();
        const toIdp = await refused.navigate(`${base}/api/oidc/login/corp`, { stopAt: (next) => next.startsWith(idp.issuer) });
        const state = new URL(toIdp.url).searchParams.get('state') ?? 'no state';
        const forged = 'forged-code-Zq3xW8pL1mN5vB7c';
        secrets.set('refused callback state', state);
        secrets.set('refused callback code', forged);
        const answer = await refused.request(`${base}/api/oidc/callback?${new URLSearchParams({ code: forged, state, iss: 'https://evil.example' })}`);
        assert.ok(answer.status >= 400 && answer.status < 500, `${answer.status}`);

        const log = lines.join('');
        // Requests are logged at debug; at info, the sign-ins and failures that carried the secrets.
        if (level === 'debug') assert.match(log, /auth-query/, 'request lines are logged at this level');
        assert.match(log, /"event":"sign_in"/, 'sign-ins are logged at this level');
        assert.match(log, /"event":"sign_in_failed"|single sign-on refused/, 'failures are logged at this level');
        const leaked = [...secrets].filter(([, secret]) => lines.some((line) => line.includes(secret))).map(([label]) => label);
        assert.deepEqual(leaked, [], `in the log:\n${lines.filter((line) => [...secrets.values()].some((s) => line.includes(s))).join('')}`);
      });
    });
  }
}

describe('log redaction', () => {
  it('redacts the values of secret query parameters, however the name is spelled, and keeps the rest', () => {
    assert.equal(
      redactUrl('/api/oidc/auth-query?code=abc&id=123&uuid=u%2B%2F'),
      '/api/oidc/auth-query?code=[redacted]&id=123&uuid=u%2B%2F',
    );
    assert.equal(
      redactUrl('/api/oidc/callback?%63ode=abc&STATE=def&iss=https%3A%2F%2Fidp&session_state=x&error=access_denied'),
      '/api/oidc/callback?%63ode=[redacted]&STATE=[redacted]&iss=https%3A%2F%2Fidp&session_state=[redacted]&error=access_denied',
    );
    assert.equal(redactUrl('/x?id_token=a&access_token=b&token=c&logout_token=d&code'), '/x?id_token=[redacted]&access_token=[redacted]&token=[redacted]&logout_token=[redacted]&code');
    assert.equal(redactUrl('https://rp.example/cb?state=s#code=c'), 'https://rp.example/cb?state=[redacted]#code=[redacted]');
    assert.equal(redactUrl('/api/users?page=2'), '/api/users?page=2');
  });

  it("logs an openid-client error without the authorization response it carries, as wire-errors.ts logs it", async () => {
    const lines: string[] = [];
    const app = Fastify({ logger: withLogRedaction({ level: 'debug', stream: { write: (line: string) => void lines.push(line) } }) });
    const config = new oidc.Configuration(
      { issuer: 'https://idp.example', authorization_endpoint: 'https://idp.example/authorize', token_endpoint: 'https://idp.example/token', authorization_response_iss_parameter_supported: true },
      'deskgate',
      'client-secret-value',
    );
    const current = new URL('https://desk.example/api/oidc/callback?code=CODE-VALUE-1&state=STATE-VALUE-2&iss=https%3A%2F%2Fidp.example');
    const thrown = await oidc.authorizationCodeGrant(config, current, { expectedState: 'EXPECTED-STATE-6', pkceCodeVerifier: 'VERIFIER-VALUE-3' }).then(
      () => assert.fail('accepted'),
      (error: unknown) => error,
    );
    // The error does carry them (its innermost cause is `{ expected, parameters }`): what is logged must not.
    let innermost: unknown = thrown;
    while (innermost instanceof Error) innermost = innermost.cause;
    const carried = innermost as { expected: string; parameters: URLSearchParams };
    assert.equal(carried.parameters.get('code'), 'CODE-VALUE-1');
    assert.equal(carried.expected, 'EXPECTED-STATE-6');
    const wrapped = new AppError('oidc.invalid_response', { cause: thrown, detail: `${(thrown as Error).message} at ${current.href}` });
    app.log.info({ code: wrapped.code, detail: wrapped.detail, cause: wrapped.cause }, 'request refused');
    app.log.error({ err: wrapped }, 'request failed');
    app.log.error({ err: thrown });
    app.log.warn(`callback failed: ${current.href}`);
    app.log.info({ url: current.href });
    const body = new oidc.ResponseBodyError('server responded with an error in the response body', {
      cause: { error: 'invalid_grant', error_description: 'see https://idp.example/help?code=CODE-VALUE-1', access_token: 'ACCESS-VALUE-4' },
      response: new Response('{}', { status: 400 }),
    });
    app.log.info({ cause: body, detail: { id_token: 'ID-TOKEN-VALUE-5', nested: { body: { access_token: 'ACCESS-VALUE-4' } } } }, 'refused');
    await app.close();

    const log = lines.join('');
    for (const secret of ['CODE-VALUE-1', 'STATE-VALUE-2', 'VERIFIER-VALUE-3', 'ACCESS-VALUE-4', 'ID-TOKEN-VALUE-5', 'EXPECTED-STATE-6', 'client-secret-value']) {
      assert.ok(!log.includes(secret), `${secret} in\n${log}`);
    }
    // What names the problem is still there.
    assert.match(log, /unexpected \\"state\\"/);
    assert.match(log, /"code":"oidc.invalid_response"/);
    assert.match(log, /"iss":"https:\/\/idp.example"/);
    assert.match(log, /invalid_grant/);
  });
});
