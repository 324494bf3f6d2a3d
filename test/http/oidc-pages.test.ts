/**
 * The browser leg of single sign-on (src/http/oidc-pages.ts) against the in-process OpenID
 * provider: the transaction cookie binds the callback to the browser that began the sign-in
 * (RFC 9700 §4.5, §4.7), in both response modes; an unknown state ends nothing; the RustDesk
 * confirmation page warns about another address (RFC 8628 §5.4); the start routes are limited
 * per client address.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SSO_LIMITS } from '../../src/services/sso-sign-in.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, formOf, type Browser, type Step } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE, rust } from '../support/rustdesk-client.js';

const PENDING = 'No authed oidc is found';

/** Where the provider sends the browser back: a redirect (query) or an auto-posting form (form_post). */
interface ProviderAnswer {
  method: 'GET' | 'POST';
  url: string;
  fields: URLSearchParams;
}

for (const engine of await testEngines()) {
  describe(`single sign-on pages in the browser (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let base: string;
    let callbackUrl: string;

    before(async () => {
      t = await buildTestApp(engine);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      callbackUrl = `${base}/api/oidc/callback`;
      idp = await startIdp([{ client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [callbackUrl] }]);
      const admin = await createApiToken(t, ['oidc:write']);
      for (const [name, mode] of [
        ['corp', 'query'],
        ['corp-post', 'form_post'],
      ] as const) {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/admin/oidc/providers',
          headers: admin.headers,
          payload: { enabled: true, type: 'oidc', name, issuer: idp.issuer, client_id: 'deskgate', client_secret: 'deskgate-secret', response_mode: mode },
        });
        assert.equal(created.statusCode, 201, created.body);
      }
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    /** Follows `startUrl` through deskgate and the provider, and stops before the callback. */
    async function toCallback(browser: Browser, startUrl: string): Promise<ProviderAnswer> {
      let step = await browser.request(startUrl);
      for (let hops = 0; hops < 20; hops++) {
        const location = step.headers.get('location');
        if (location) {
          const next = new URL(location, step.url);
          if (next.href.startsWith(callbackUrl)) return { method: 'GET', url: next.href, fields: next.searchParams };
          step = await browser.request(next.href);
          continue;
        }
        const form = formOf(step.body);
        if (form?.action.startsWith(callbackUrl)) return { method: 'POST', url: form.action, fields: form.fields };
        throw new Error(`stuck at ${step.url} (${step.status}): ${step.body.slice(0, 300)}`);
      }
      throw new Error('too many redirects');
    }

    /** Delivers the provider's answer as `browser` would (with its cookies), or with no cookie at all. */
    function deliver(answer: ProviderAnswer, browser?: Browser): Promise<Step> {
      const request = browser ?? createBrowser();
      if (answer.method === 'GET') return request.request(answer.url);
      return request.request(answer.url, { method: 'POST', body: answer.fields });
    }

    const sessionOf = (browser: Browser) => browser.cookies(new URL(base).host).get('deskgate_session');
    const loginUrl = (provider: string) => `${base}/api/oidc/login/${provider}?return_to=/devices`;

    async function startClient(options: { remoteAddress?: string; deviceInfo?: Record<string, string>; op?: string } = {}) {
      const request = rust('/api/oidc/auth', { op: options.op ?? 'corp', id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: options.deviceInfo ?? DEVICE.deviceInfo });
      // The sign-in URL is built from the request's origin: this server's.
      const response = await t.app.inject({
        ...request,
        headers: { ...request.headers, host: new URL(base).host },
        remoteAddress: options.remoteAddress ?? '127.0.0.1',
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { code: string; url: string };
    }

    async function authQuery(code: string) {
      const response = await t.app.inject({ method: 'GET', url: `/api/oidc/auth-query?${new URLSearchParams({ code, id: DEVICE.id, uuid: DEVICE.uuid })}` });
      return response.json() as Record<string, unknown>;
    }

    function assertRefused(step: Step, message: RegExp, context: string): void {
      assert.ok(step.status >= 400 && step.status < 500, `${context}: ${step.status} ${step.body.slice(0, 300)}`);
      assert.match(step.body, /Sign-in failed/, context);
      assert.match(step.body, message, context);
      assert.equal(step.headers.get('location'), null, context);
      assert.ok(!step.headers.getSetCookie().some((c) => c.startsWith('deskgate_session=')), `${context}: a session cookie was set`);
    }

    /** The re-submission page a cookie-less form_post gets: the same fields plus the marker, posted to the callback. */
    function assertResubmitPage(step: Step, answer: ProviderAnswer): { action: string; fields: URLSearchParams } {
      assert.equal(step.status, 200, step.body.slice(0, 300));
      assert.equal(step.headers.get('location'), null);
      assert.ok(!step.headers.getSetCookie().some((c) => c.startsWith('deskgate_session=')), 'a session cookie was set');
      const form = formOf(step.body);
      assert.ok(form, step.body);
      assert.equal(new URL(form.action, step.url).href, callbackUrl);
      for (const [key, value] of answer.fields) assert.equal(form.fields.get(key), value, key);
      assert.equal(form.fields.get('deskgate_resubmit'), '1');
      // The page's only script is allowed by its hash in the page's Content-Security-Policy.
      const script = /<script>([\s\S]*?)<\/script>/.exec(step.body)?.[1] ?? '';
      const hash = createHash('sha256').update(script).digest('base64');
      const csp = step.headers.get('content-security-policy') ?? '';
      assert.ok(csp.includes(`script-src 'sha256-${hash}'`), csp);
      assert.match(csp, /form-action 'self'/);
      assert.match(step.body, /<noscript>[\s\S]*<button/);
      return form;
    }

    // ---- The transaction cookie on both methods (item: the callback's browser binding) ----

    it('form_post without the transaction cookie: the callback answers a same-origin re-submission page and consumes nothing', async () => {
      const browser = createBrowser();
      const answer = await toCallback(browser, loginUrl('corp-post'));
      assert.equal(answer.method, 'POST');
      const first = await deliver(answer);
      const form = assertResubmitPage(first, answer);
      // The re-submission, same-origin, carries the Lax cookie: only it completes the sign-in.
      const second = await browser.request(new URL(form.action, first.url).href, { method: 'POST', body: form.fields });
      assert.equal(second.status, 302, second.body.slice(0, 300));
      assert.equal(second.headers.get('location'), '/devices');
      assert.ok(sessionOf(browser));
    });

    it('form_post: a re-submission without the cookie is refused and leaves the sign-in to its own browser', async () => {
      const browser = createBrowser();
      const answer = await toCallback(browser, loginUrl('corp-post'));
      const form = assertResubmitPage(await deliver(answer), answer);
      const stranger = createBrowser();
      const forged = await stranger.request(new URL(form.action, callbackUrl).href, { method: 'POST', body: form.fields });
      assertRefused(forged, /started in another browser/, 'marked POST without cookie');
      assert.equal(sessionOf(stranger), undefined);
      // Nothing was consumed: the browser that began the sign-in still completes it.
      const own = await deliver(answer, browser);
      assert.equal(own.status, 302, own.body.slice(0, 300));
      assert.ok(sessionOf(browser));
    });

    it('query: a callback without the transaction cookie is refused and leaves the sign-in to its own browser', async () => {
      const browser = createBrowser();
      const answer = await toCallback(browser, loginUrl('corp'));
      assert.equal(answer.method, 'GET');
      assertRefused(await deliver(answer), /started in another browser/, 'GET without cookie');
      const own = await deliver(answer, browser);
      assert.equal(own.status, 302, own.body.slice(0, 300));
      assert.equal(own.headers.get('location'), '/devices');
    });

    for (const [provider, mode] of [
      ['corp', 'query'],
      ['corp-post', 'form_post'],
    ] as const) {
      it(`${mode}: another browser's answer (login CSRF, code injection) is refused in the victim's browser, whose own sign-in survives`, async () => {
        idp.signInAs('alice');
        const attacker = createBrowser();
        const injected = await toCallback(attacker, loginUrl(provider));
        // The victim has a sign-in of their own under way, so their browser holds a transaction cookie.
        idp.signInAs('bob');
        const victim = createBrowser();
        const own = await toCallback(victim, loginUrl(provider));
        assertRefused(await deliver(injected, victim), /started in another browser/, `${mode}: injected answer`);
        if (mode === 'form_post') {
          const marked = new URLSearchParams(injected.fields);
          marked.set('deskgate_resubmit', '1');
          assertRefused(await victim.request(callbackUrl, { method: 'POST', body: marked }), /started in another browser/, 'marked');
        }
        assert.equal(sessionOf(victim), undefined);
        const done = await deliver(own, victim);
        assert.equal(done.status, 302, done.body.slice(0, 300));
        const session = await fetch(`${base}/api/session`, { headers: { cookie: `deskgate_session=${sessionOf(victim)}` } });
        // Bob, not the attacker's alice; `bob-2` when another provider of this IdP linked bob first.
        assert.match(((await session.json()) as { user: { name: string } }).user.name, /^bob(-\d+)?$/);
      });

      it(`${mode}: a RustDesk client sign-in completes only through the browser holding the cookie`, async () => {
        idp.signInAs('bob');
        const { code, url } = await startClient({ op: provider });
        const browser = createBrowser();
        const answer = await toCallback(browser, url);
        let page = await deliver(answer);
        if (mode === 'form_post') {
          const form = assertResubmitPage(page, answer);
          page = await createBrowser().request(new URL(form.action, callbackUrl).href, { method: 'POST', body: form.fields });
        }
        assertRefused(page, /started in another browser/, `${mode}: no cookie`);
        assert.deepEqual(await authQuery(code), { error: PENDING }, 'a refused callback must not end or approve the sign-in');
        const confirmPage = await deliver(answer, browser);
        assert.match(confirmPage.body, /Sign in to RustDesk on this device\?/);
        const confirm = formOf(confirmPage.body);
        assert.ok(confirm);
        await browser.request(new URL(confirm.action, base).href, { method: 'POST', body: confirm.fields });
        assert.equal(typeof (await authQuery(code)).access_token, 'string');
      });
    }

    it('sets the transaction cookie SameSite=None; Secure with the __Host- prefix for form_post on https, Lax on plain http', async () => {
      const cookieOf = async (app: TestApp, provider: string, headers: Record<string, string>) => {
        const response = await app.app.inject({ method: 'GET', url: `/api/oidc/login/${provider}`, headers });
        assert.equal(response.statusCode, 302, response.body);
        return String(response.headers['set-cookie']);
      };
      const plain = await cookieOf(t, 'corp-post', { host: 'deskgate.example' });
      assert.match(plain, /^deskgate_oidc=[\w-]+; Path=\/api\/oidc; HttpOnly; Max-Age=600; SameSite=Lax$/);
      const local = await cookieOf(t, 'corp-post', { host: 'localhost:21114' });
      assert.match(local, /^deskgate_oidc=[\w-]+; Path=\/api\/oidc; HttpOnly; Max-Age=600; SameSite=None; Secure$/);
      const query = await cookieOf(t, 'corp', { host: 'deskgate.example' });
      assert.match(query, /SameSite=Lax/);
      assert.doesNotMatch(query, /Secure/);

      // Behind a TLS-terminating proxy that DESKGATE_TRUST_PROXY names, the request is https.
      const tls = await buildTestApp(engine, { env: { DESKGATE_TRUST_PROXY: 'loopback' } });
      try {
        const admin = await createApiToken(tls, ['oidc:write']);
        for (const [name, mode] of [['corp', 'query'], ['corp-post', 'form_post']] as const) {
          await tls.app.inject({
            method: 'POST',
            url: '/api/admin/oidc/providers',
            headers: admin.headers,
            payload: { enabled: true, type: 'oidc', name, issuer: idp.issuer, client_id: 'deskgate', client_secret: 'deskgate-secret', response_mode: mode },
          });
        }
        const https = { host: 'deskgate.example', 'x-forwarded-proto': 'https' };
        const post = await cookieOf(tls, 'corp-post', https);
        assert.match(post, /^__Host-deskgate_oidc=[\w-]+; Path=\/; HttpOnly; Max-Age=600; SameSite=None; Secure$/);
        const get = await cookieOf(tls, 'corp', https);
        assert.match(get, /^__Host-deskgate_oidc=[\w-]+; Path=\/; HttpOnly; Max-Age=600; SameSite=Lax; Secure$/);
      } finally {
        await tls.close();
      }
    });

    // ---- An unknown state ends nothing ----

    for (const method of ['GET', 'POST'] as const) {
      it(`a ${method} /api/oidc/callback with an unknown state ends none of the pending sign-ins of the browser carrying the cookie`, async () => {
        idp.signInAs('bob');
        const { code, url } = await startClient();
        const victim = createBrowser();
        const answer = await toCallback(victim, url);
        // A link (or form) on another site sends the victim's browser, cookie and all, to the callback.
        const forged =
          method === 'GET'
            ? await victim.request(`${callbackUrl}?state=x&code=y`)
            : await victim.request(callbackUrl, { method: 'POST', body: new URLSearchParams({ state: 'x', code: 'y' }) });
        assertRefused(forged, /unknown, expired or already used/, method);
        assert.deepEqual(await authQuery(code), { error: PENDING }, 'the victim’s client sign-in was ended');
        const page = await deliver(answer, victim);
        assert.match(page.body, /Sign in to RustDesk on this device\?/, page.body.slice(0, 300));
      });
    }

    // ---- The confirmation page (RFC 8628 §5.4) ----

    it('warns on the confirmation page when the browser’s address differs from the client’s (RFC 8628 §5.4)', async () => {
      idp.signInAs('bob');
      const { url } = await startClient({ remoteAddress: '198.51.100.23' });
      const browser = createBrowser();
      const page = await deliver(await toCallback(browser, url), browser);
      assert.match(page.body, /Sign in to RustDesk on this device\?/);
      assert.match(page.body, /class="warning"/);
      assert.match(page.body, /198\.51\.100\.23/);
      assert.match(page.body, /127\.0\.0\.1/);
      assert.match(page.body, /another network address/);
    });

    it('shows no address warning when the browser and the client share an address', async () => {
      idp.signInAs('bob');
      const { url } = await startClient();
      const browser = createBrowser();
      const page = await deliver(await toCallback(browser, url), browser);
      assert.match(page.body, /Sign in to RustDesk on this device\?/);
      assert.doesNotMatch(page.body, /class="warning"/);
    });

    it('truncates the device name and the other client-supplied fields, and shows invisible characters', async () => {
      idp.signInAs('bob');
      const name = `Bob's laptop${'\u202e'}${'x'.repeat(200)}`;
      const { url } = await startClient({ deviceInfo: { name, os: 'o'.repeat(250), type: 'client' } });
      const browser = createBrowser();
      const page = await deliver(await toCallback(browser, url), browser);
      const shown = [...page.body.matchAll(/<dd>([^<]*)<\/dd>/g)].map((m) => m[1] ?? '');
      assert.ok(shown.length >= 5, page.body);
      for (const value of shown) assert.ok([...value.replace(/&#\d+;/g, '_')].length <= 64, `too long: ${value}`);
      assert.ok(shown.includes(`Bob&#39;s laptop\ufffd${'x'.repeat(50)}…`), shown.join(' | '));
      assert.ok(shown.includes(`${'o'.repeat(63)}…`), shown.join(' | '));
      assert.doesNotMatch(page.body, /\u202e/);
    });

    // ---- Rate limits per client address ----

    it('limits GET /api/oidc/login/:name and GET /api/oidc/start/:id per address, with an error page', async () => {
      for (const [path, real] of [
        ['/api/oidc/login/', 'corp'],
        ['/api/oidc/start/', undefined],
      ] as const) {
        const flood = '203.0.113.9';
        for (let i = 0; i < SSO_LIMITS.requests; i++) {
          const response = await t.app.inject({ method: 'GET', url: `${path}nope-${i}`, remoteAddress: flood });
          assert.equal(response.statusCode, 404, `${path}: request ${i} → ${response.statusCode}`);
        }
        const over = await t.app.inject({ method: 'GET', url: `${path}${real ?? 'nope'}`, remoteAddress: flood });
        assert.equal(over.statusCode, 429, path);
        assert.match(String(over.headers['content-type']), /^text\/html/);
        assert.match(over.body, /Too many requests/);
        // Another address is not affected; the next window starts afresh.
        const other = await t.app.inject({ method: 'GET', url: `${path}nope`, remoteAddress: '203.0.113.10' });
        assert.equal(other.statusCode, 404);
        t.clock.advance(SSO_LIMITS.windowMs);
        const later = await t.app.inject({ method: 'GET', url: `${path}nope`, remoteAddress: flood });
        assert.equal(later.statusCode, 404);
      }
    });
  });
}
