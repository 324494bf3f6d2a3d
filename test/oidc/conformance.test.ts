/**
 * The negative suite: deskgate against a deliberately hostile OpenID Provider, one case per
 * OpenID Foundation conformance-suite RP module (spec/oidc-rp.md §3.2, the FAPI extras and our
 * own additions). Every refusal is checked on both sign-in paths — the console (browser,
 * return_to) and a RustDesk client (POST /api/oidc/auth → browser → auth-query) — in both
 * response modes (query and form_post): an HTML error page with a 4xx status at the callback,
 * no console session, no user or identity for the rejected person, and an auth-query answer
 * that ends the client's wait without a token. The page names no check; the code of the check
 * that failed (`oidc.nonce_mismatch` …) is read from deskgate's log.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { ErrorCode } from '../../src/errors.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, formOf, type Browser, type Step } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken } from '../support/fixtures.js';
import { OMIT, startHostileIdp, type HostileIdp, type Scenario } from '../support/hostile-idp.js';
import { DEVICE } from '../support/rustdesk-client.js';

const PENDING = 'No authed oidc is found';
const CLIENT_ID = 'deskgate';
const CLIENT_SECRET = 'hostile-idp-client-secret-0123456789';
const now = () => Math.floor(Date.now() / 1000);

/** Where a refused sign-in has to stop: decides which further calls to the provider are forbidden. */
type Stage = 'authorization' | 'token' | 'id-token' | 'userinfo';

interface ProviderExtras {
  userinfo_endpoint?: string;
  response_type?: 'code' | 'code id_token';
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post';
}

/** One deskgate instance listening on loopback, with helpers to drive both sign-in paths. */
class Deskgate {
  base = '';
  host = '';
  private admin: Record<string, string> = {};
  private counter = 0;

  /**
   * The log lines of this instance: a refusal's code (the check that failed) is logged, never
   * sent, so the negative cases read it here.
   */
  constructor(
    readonly t: TestApp,
    readonly log: string[],
  ) {}

  /** The codes of the sign-in refusals logged since the log had `mark` lines. */
  refusalCodes(mark: number): string[] {
    return this.log
      .slice(mark)
      .map((line) => JSON.parse(line) as { msg?: string; code?: string })
      .filter((entry) => entry.msg === 'single sign-on refused')
      .map((entry) => entry.code ?? '');
  }

  async start(): Promise<void> {
    await this.t.app.listen({ port: 0, host: '127.0.0.1' });
    this.base = `http://127.0.0.1:${(this.t.app.server.address() as AddressInfo).port}`;
    this.host = new URL(this.base).host;
    this.admin = (await createApiToken(this.t, ['oidc:write', 'users:read'])).headers;
  }

  /** A fresh provider (fresh discovery and JWKS cache in deskgate) per case and response mode. */
  async provider(idp: HostileIdp, responseMode: 'query' | 'form_post', extras: ProviderExtras = {}): Promise<string> {
    const name = `p${++this.counter}-${responseMode === 'query' ? 'q' : 'fp'}`;
    const created = await this.t.app.inject({
      method: 'POST',
      url: '/api/admin/oidc/providers',
      headers: this.admin,
      payload: {
        enabled: true,
        type: 'oidc',
        name,
        issuer: idp.issuer,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        response_mode: responseMode,
        id_token_signed_response_alg: 'RS256',
        ...extras,
      },
    });
    assert.equal(created.statusCode, 201, created.body);
    return name;
  }

  async userCount(): Promise<number> {
    const response = await this.t.app.inject({ method: 'GET', url: '/api/admin/users', headers: this.admin });
    assert.equal(response.statusCode, 200, response.body);
    return (response.json() as { total: number }).total;
  }

  /** The next URL is a console page (the end of a successful console sign-in). */
  intoConsole = (next: string): boolean => next.startsWith(this.base) && !new URL(next).pathname.startsWith('/api/oidc/');

  loginUrl(provider: string, returnTo = '/devices'): string {
    return `${this.base}/api/oidc/login/${provider}?return_to=${encodeURIComponent(returnTo)}`;
  }

  sessionOf(browser: Browser): string | undefined {
    return browser.cookies(this.host).get('deskgate_session');
  }

  async authQuery(code: string): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.base}/api/oidc/auth-query?${new URLSearchParams({ code, id: DEVICE.id, uuid: DEVICE.uuid })}`);
    return (await response.json()) as Record<string, unknown>;
  }

  /** Exactly what the Rust client sends. */
  async startClient(provider: string): Promise<{ code: string; url: string }> {
    const response = await fetch(`${this.base}/api/oidc/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: provider, id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }),
    });
    assert.equal(response.status, 200);
    return (await response.json()) as { code: string; url: string };
  }

  /** The callback's answer is a refusal: an HTML page with a 4xx status, never a 500, never a redirect. */
  assertRefusalPage(step: Step, context: string): void {
    assert.ok(step.url.startsWith(`${this.base}/api/oidc/callback`), `${context}: ended at ${step.url} (status ${step.status})`);
    assert.ok(step.status >= 400 && step.status < 500, `${context}: callback answered ${step.status}: ${step.body.slice(0, 300)}`);
    assert.equal(step.headers.get('location'), null, `${context}: callback redirected`);
    assert.match(step.headers.get('content-type') ?? '', /^text\/html/, context);
    assert.match(step.body, /Sign-in failed/, context);
    assert.ok(!step.headers.getSetCookie().some((c) => /^(__Host-)?deskgate_session=[^;]/.test(c)), `${context}: a session cookie was set`);
  }

  /** A console sign-in that must be refused at the callback. */
  async consoleRefused(provider: string, context: string): Promise<Step> {
    const browser = createBrowser();
    const end = await browser.navigate(this.loginUrl(provider), { stopAt: this.intoConsole });
    this.assertRefusalPage(end, context);
    assert.equal(this.sessionOf(browser), undefined, `${context}: console session issued`);
    return end;
  }

  /**
   * A RustDesk client sign-in that must be refused, and whose wait must end with an error; or,
   * with `waits` (a callback whose state names no sign-in, which may be anyone's link), keep on.
   */
  async clientRefused(provider: string, context: string, waits = false): Promise<Step> {
    const { code, url } = await this.startClient(provider);
    assert.deepEqual(await this.authQuery(code), { error: PENDING }, context);
    const browser = createBrowser();
    const end = await browser.navigate(url, { stopAt: this.intoConsole });
    this.assertRefusalPage(end, context);
    assert.equal(this.sessionOf(browser), undefined, `${context}: console session issued`);
    const answer = await this.authQuery(code);
    if (waits) {
      assert.deepEqual(answer, { error: PENDING }, `${context}: an unknown state ended the sign-in`);
      return end;
    }
    assert.equal(typeof answer.error, 'string', `${context}: ${JSON.stringify(answer)}`);
    assert.notEqual(answer.error, PENDING, `${context}: the client would keep waiting`);
    // The client is told what the browser was told, after the fixed prefix.
    assert.match(String(answer.error), /^Sign-in failed: \S/, context);
    assert.equal(answer.access_token, undefined, context);
    return end;
  }

  /** A console sign-in that must succeed: back on the console page with a session for `name`. */
  async consoleSignedIn(provider: string, name: string): Promise<void> {
    const browser = createBrowser();
    const end = await browser.navigate(this.loginUrl(provider), { stopAt: this.intoConsole });
    assert.equal(end.url, `${this.base}/devices`, `console sign-in did not come back (status ${end.status}): ${end.body.slice(0, 300)}`);
    const cookie = this.sessionOf(browser);
    assert.ok(cookie, 'no console session');
    const session = await fetch(`${this.base}/api/session`, { headers: { cookie: `deskgate_session=${cookie}` } });
    assert.equal(session.status, 200);
    assert.equal(((await session.json()) as { user: { name: string } }).user.name, name);
  }

  /** A RustDesk client sign-in that must succeed: confirmation page, then the token once. */
  async clientSignedIn(provider: string, name: string): Promise<void> {
    const { code, url } = await this.startClient(provider);
    const browser = createBrowser();
    const page = await browser.navigate(url, { stopAt: this.intoConsole });
    assert.equal(page.status, 200, page.body.slice(0, 300));
    assert.match(page.body, /Sign in to RustDesk on this device\?/);
    const confirm = formOf(page.body);
    assert.ok(confirm && confirm.fields.get('decision') === 'confirm');
    const done = await browser.request(new URL(confirm.action, this.base).href, { method: 'POST', body: confirm.fields });
    assert.match(done.body, /RustDesk is now signed in/);
    const answer = await this.authQuery(code);
    assert.equal(typeof answer.access_token, 'string', JSON.stringify(answer));
    assert.equal((answer.user as { name: string }).name, name);
  }

  /**
   * Goes as far as the provider's answer and stops before the callback: returns the browser and a
   * function that delivers that answer (query redirect or form_post) to deskgate, as often as asked.
   */
  async captureCallback(startUrl: string, idp: HostileIdp): Promise<{ browser: Browser; deliver: (browser: Browser) => Promise<Step> }> {
    const browser = createBrowser();
    const toIdp = await browser.navigate(startUrl, { stopAt: (next) => next.startsWith(idp.issuer) });
    const answer = await browser.request(toIdp.url);
    const location = answer.headers.get('location');
    if (location) return { browser, deliver: (b) => b.request(location) };
    const form = formOf(answer.body);
    assert.ok(form, `no form_post page: ${answer.body.slice(0, 200)}`);
    return { browser, deliver: (b) => b.request(form.action, { method: 'POST', body: form.fields }) };
  }
}

/** Logger options that keep an app's log lines (info and up) in `lines`. */
const logInto = (lines: string[]) => ({ level: 'info', stream: { write: (line: string) => void lines.push(line) } });

for (const engine of await testEngines()) {
  describe(`OpenID conformance: deskgate against a hostile provider (${engine})`, () => {
    let dg: Deskgate;
    let lax: Deskgate;
    let hostile: HostileIdp;
    /** An honest second provider, for mix-up. */
    let other: HostileIdp;
    /** A provider whose discovery also lists none, HS256 and ES256. */
    let permissive: HostileIdp;
    let caseNo = 0;
    let victim = '';

    before(async () => {
      const clients = [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET }];
      [hostile, other, permissive] = await Promise.all([
        startHostileIdp({ clients }),
        startHostileIdp({ clients }),
        startHostileIdp({ clients, signingAlgs: ['RS256', 'ES256', 'HS256', 'none'] }),
      ]);
      const [dgLog, laxLog]: string[][] = [[], []];
      dg = new Deskgate(await buildTestApp(engine, { logger: logInto(dgLog) }), dgLog);
      lax = new Deskgate(await buildTestApp(engine, { oidcNonRepudiation: false, logger: logInto(laxLog) }), laxLog);
      await Promise.all([dg.start(), lax.start()]);
    });
    after(async () => {
      await Promise.all([hostile.close(), other.close(), permissive.close()]);
      await dg.t.close();
      await lax.t.close();
    });
    beforeEach(() => {
      for (const idp of [hostile, other, permissive]) idp.reset();
      victim = `victim-${engine}-${++caseNo}`;
    });

    /**
     * Runs the console and the client sign-in in query and form_post mode against `idp` with
     * `scenario`, and checks every one is refused, with nothing created and no further call.
     */
    async function refusedEverywhere(
      scenario: Scenario,
      stage: Stage,
      options: {
        idp?: HostileIdp;
        extras?: ProviderExtras;
        modes?: ('query' | 'form_post')[];
        page?: RegExp;
        victimExists?: boolean;
        clientWaits?: boolean;
        /** The code of the check that refuses it (in the log; the page stays generic). */
        code?: ErrorCode;
      } = {},
    ): Promise<void> {
      const idp = options.idp ?? hostile;
      idp.scenario = { sub: victim, ...scenario };
      const usersBefore = await dg.userCount();
      for (const mode of options.modes ?? (['query', 'form_post'] as const)) {
        const provider = await dg.provider(idp, mode, options.extras);
        for (const path of ['console', 'client'] as const) {
          const context = `${path} sign-in, ${mode}`;
          const calls = { ...idp.calls };
          const mark = dg.log.length;
          const page = path === 'console' ? await dg.consoleRefused(provider, context) : await dg.clientRefused(provider, context, options.clientWaits);
          if (options.page) assert.match(page.body, options.page, context);
          if (options.code) assert.deepEqual(dg.refusalCodes(mark), [options.code], context);
          assert.equal(idp.calls.authorize, calls.authorize + 1, `${context}: the provider was not asked`);
          if (stage === 'authorization') assert.equal(idp.calls.token, calls.token, `${context}: code redeemed after a bad authorization response`);
          else assert.equal(idp.calls.token, calls.token + 1, `${context}: token endpoint not called once`);
          if (stage !== 'userinfo') assert.equal(idp.calls.userinfo, calls.userinfo, `${context}: userinfo called after a refused ID token`);
        }
      }
      assert.equal(await dg.userCount(), usersBefore, 'a user was created');
      assert.equal(await dg.t.store.identities.find(idp.issuer, victim), undefined, 'the rejected identity was linked');
      if (!options.victimExists) assert.equal(await dg.t.store.users.findByName(victim), undefined, 'the rejected person got a user');
    }

    /** Console and client sign-in (query and form_post) succeed as `victim` (here: the honest person). */
    async function acceptedEverywhere(scenario: Scenario, options: { idp?: HostileIdp; extras?: ProviderExtras } = {}): Promise<void> {
      const idp = options.idp ?? hostile;
      idp.scenario = { sub: victim, ...scenario };
      for (const [index, mode] of (['query', 'form_post'] as const).entries()) {
        const provider = await dg.provider(idp, mode, options.extras);
        // Each mode is a provider of its own, and an identity belongs to the provider that
        // vouched for it (DESIGN.md "Sign-in design"): the same person is another user there.
        const name = index === 0 ? victim : `${victim}-${index + 1}`;
        await dg.consoleSignedIn(provider, name);
        await dg.clientSignedIn(provider, name);
      }
      assert.ok(await dg.t.store.identities.find(idp.issuer, victim), 'identity linked by (issuer, sub)');
    }

    // ---- Positive control: the hostile provider is a correct provider by default. ----

    it('oidcc-client-test: a correct provider signs people in (console and client, query and form_post)', async () => {
      await acceptedEverywhere({});
    });

    it('oidcc-client-test (hybrid, code id_token + form_post): a correct front-channel ID token is accepted', async () => {
      hostile.scenario = { sub: victim };
      const provider = await dg.provider(hostile, 'form_post', { response_type: 'code id_token' });
      await dg.consoleSignedIn(provider, victim);
      await dg.clientSignedIn(provider, victim);
    });

    // ---- ID token claims (token endpoint) ----

    it('invalid-iss: an ID token from another issuer is refused', async () => {
      await refusedEverywhere({ idToken: { iss: 'https://evil.example' } }, 'id-token', { code: 'oidc.id_token_issuer_mismatch' });
    });

    it('invalid-missing-iss: an ID token without iss is refused', async () => {
      await refusedEverywhere({ idToken: { iss: OMIT } }, 'id-token', { code: 'oidc.id_token_issuer_mismatch' });
    });

    it('invalid-aud: an ID token for another client is refused', async () => {
      await refusedEverywhere({ idToken: { aud: 'some-other-client' } }, 'id-token', { code: 'oidc.audience_mismatch' });
    });

    it('missing-aud: an ID token without aud is refused', async () => {
      await refusedEverywhere({ idToken: { aud: OMIT } }, 'id-token', { code: 'oidc.audience_mismatch' });
    });

    it('invalid-secondary-aud: aud [client, untrusted] without azp is refused', async () => {
      await refusedEverywhere({ idToken: { aud: [CLIENT_ID, 'untrusted-party'] } }, 'id-token', { code: 'oidc.audience_mismatch' });
    });

    it('invalid-azp: aud [client, untrusted] with azp naming the untrusted party is refused', async () => {
      await refusedEverywhere({ idToken: { aud: [CLIENT_ID, 'untrusted-party'], azp: 'untrusted-party' } }, 'id-token', { code: 'oidc.audience_mismatch' });
    });

    it('valid-aud-as-array: aud [client, other] with azp = client is accepted', async () => {
      await acceptedEverywhere({ idToken: { aud: [CLIENT_ID, 'another-audience'], azp: CLIENT_ID } });
    });

    it('nonce-invalid: an ID token with another nonce is refused', async () => {
      await refusedEverywhere({ idToken: { nonce: 'not-the-nonce-deskgate-sent' } }, 'id-token', { code: 'oidc.nonce_mismatch' });
    });

    it('invalid-missing-nonce: an ID token without the nonce that was sent is refused', async () => {
      await refusedEverywhere({ idToken: { nonce: OMIT } }, 'id-token', { code: 'oidc.nonce_mismatch' });
    });

    it('missing-sub: an ID token without sub is refused', async () => {
      await refusedEverywhere({ idToken: { sub: OMIT } }, 'id-token', { code: 'oidc.subject_invalid' });
    });

    it('sub not a string (own addition): a numeric sub is refused', async () => {
      await refusedEverywhere({ idToken: { sub: 1234567 } }, 'id-token', { code: 'oidc.subject_invalid' });
    });

    it('sub over 255 characters (own addition, OIDC Core §2) is refused', async () => {
      await refusedEverywhere({ idToken: { sub: 's'.repeat(256) } }, 'id-token', { code: 'oidc.subject_invalid' });
    });

    it('missing-iat: an ID token without iat is refused', async () => {
      await refusedEverywhere({ idToken: { iat: OMIT } }, 'id-token', { code: 'oidc.claim_missing' });
    });

    it('invalid-missing-exp: an ID token without exp is refused', async () => {
      await refusedEverywhere({ idToken: { exp: OMIT } }, 'id-token', { code: 'oidc.claim_missing' });
    });

    it('invalid-expired-exp: an ID token that expired 10 minutes ago is refused', async () => {
      await refusedEverywhere({ idToken: { iat: now() - 900, exp: now() - 600, auth_time: now() - 900 } }, 'id-token', { code: 'oidc.token_expired' });
    });

    it('nbf in the future (own addition): an ID token not valid for another hour is refused', async () => {
      await refusedEverywhere({ idToken: { nbf: now() + 3600 } }, 'id-token', { code: 'oidc.token_not_yet_valid' });
    });

    it('iat in the future (own check, > 300 s ahead): refused', async () => {
      await refusedEverywhere({ idToken: { iat: now() + 3600, exp: now() + 7200 } }, 'id-token', { code: 'oidc.iat_in_future' });
    });

    it('iat-is-week-in-past (FAPI): an unexpired ID token issued a week ago is refused', async () => {
      await refusedEverywhere({ idToken: { iat: now() - 7 * 86_400, auth_time: now() - 7 * 86_400, exp: now() + 3600 } }, 'id-token', { code: 'oidc.iat_too_old' });
    });

    it('iat an hour in the past with exp ahead is accepted', async () => {
      await acceptedEverywhere({ idToken: { iat: now() - 3600, exp: now() + 3600 } });
    });

    it('iat slightly ahead (clock skew under the 300 s limit) is accepted', async () => {
      await acceptedEverywhere({ idToken: { iat: now() + 120 } });
    });

    // ---- Signatures, algorithms and keys ----

    it('invalid-sig-rs256: a token-endpoint ID token signed by an unknown key (published kid) is refused', async () => {
      await refusedEverywhere({ signWith: hostile.keys.stranger, header: { kid: hostile.keys.primary.kid } }, 'id-token', { code: 'oidc.signature_invalid' });
    });

    it('invalid-sig-rs256 (unknown kid): a token signed by a key the JWKS does not have is refused', async () => {
      await refusedEverywhere({ signWith: hostile.keys.stranger }, 'id-token', { code: 'oidc.signing_key_not_found' });
    });

    it('idtoken-sig-none: an unsigned ID token (alg none) is refused', async () => {
      await refusedEverywhere({ signWith: 'none' }, 'id-token', { code: 'oidc.unexpected_algorithm' });
    });

    it('idtoken-sig-none, provider advertising none: still refused (algorithm pinned to RS256)', async () => {
      await refusedEverywhere({ signWith: 'none' }, 'id-token', { idp: permissive, code: 'oidc.unexpected_algorithm' });
    });

    it('invalid-alternate-alg (HS256 signed with the client secret) is refused', async () => {
      await refusedEverywhere({ signWith: 'client-secret' }, 'id-token', { code: 'oidc.unexpected_algorithm' });
    });

    it('invalid-alternate-alg (HS256 with the client secret), provider advertising HS256: still refused', async () => {
      await refusedEverywhere({ signWith: 'client-secret' }, 'id-token', { idp: permissive, code: 'oidc.unexpected_algorithm' });
    });

    it('invalid-alternate-alg (ES256 with a published EC key) is refused', async () => {
      await refusedEverywhere({ signWith: hostile.keys.ec, jwks: 'with-ec' }, 'id-token', { code: 'oidc.unexpected_algorithm' });
    });

    it('invalid-alternate-alg (ES256), provider advertising ES256: still refused (pinned RS256)', async () => {
      await refusedEverywhere({ signWith: permissive.keys.ec, jwks: 'with-ec' }, 'id-token', { idp: permissive, code: 'oidc.unexpected_algorithm' });
    });

    it('kid-absent-multiple-jwks: no kid and two candidate keys is refused', async () => {
      await refusedEverywhere({ jwks: 'two-without-kid', header: { kid: OMIT } }, 'id-token', { code: 'oidc.signing_key_not_found' });
    });

    it('kid-absent-single-jwks: no kid and exactly one key is accepted', async () => {
      await acceptedEverywhere({ jwks: 'current-without-kid', header: { kid: OMIT } });
    });

    it('sub with a control character (own addition): refused with a 4xx page on every engine, never a 500', async () => {
      await refusedEverywhere({ idToken: { sub: `${victim}\u0000` } }, 'id-token', { code: 'oidc.subject_invalid' });
    });

    it('NUL characters in profile claims (own addition): dropped, and the sign-in succeeds on every engine', async () => {
      await acceptedEverywhere({ idToken: { name: 'Nul\u0000Person', email: `${victim}\u0000@hostile.example` } });
      const user = await dg.t.store.users.findByName(victim);
      assert.equal(user?.display_name, 'NulPerson');
      assert.equal(user?.email, `${victim}@hostile.example`);
    });

    it('crit header (own addition): an ID token with an unknown critical header is refused', async () => {
      await refusedEverywhere({ header: { crit: ['x-hostile'], 'x-hostile': true } }, 'id-token', { code: 'oidc.critical_header' });
    });

    it('RSA key < 2048 bits (own addition): a token signed by a published 1024-bit key is refused', async () => {
      await refusedEverywhere({ signWith: hostile.keys.weak, jwks: 'with-weak' }, 'id-token', { code: 'oidc.signing_key_weak' });
    });

    it('JWKS answering HTML (own addition): refused with a 4xx page', async () => {
      await refusedEverywhere({ jwks: 'html' }, 'id-token', { code: 'oidc.provider_request_failed' });
    });

    it('JWKS endpoint down (own addition): refused with a 4xx page', async () => {
      await refusedEverywhere({ jwks: 'down' }, 'id-token', { code: 'oidc.provider_request_failed' });
    });

    it('signing-key-rotation: a key rotated after deskgate fetched the JWKS verifies at once (one refetch)', async () => {
      hostile.scenario = { sub: victim };
      const provider = await dg.provider(hostile, 'query');
      await dg.consoleSignedIn(provider, victim);
      const fetched = hostile.calls.jwks;
      await dg.clientSignedIn(provider, victim);
      assert.equal(hostile.calls.jwks, fetched, 'a known kid comes from the cached JWKS');

      hostile.rotate();
      await dg.consoleSignedIn(provider, victim);
      assert.equal(hostile.calls.jwks, fetched + 1, 'the new kid made deskgate fetch the JWKS once');
      await dg.clientSignedIn(provider, victim);
      assert.equal(hostile.calls.jwks, fetched + 1, 'the rotated set is cached again');
    });

    it('signing-key-rotation-just-before-signing: rotation between the authorize and token requests is absorbed', async () => {
      hostile.scenario = { sub: victim };
      const provider = await dg.provider(hostile, 'form_post');
      await dg.consoleSignedIn(provider, victim);
      const { browser, deliver } = await dg.captureCallback(dg.loginUrl(provider), hostile);
      hostile.rotate();
      const end = await deliver(browser);
      assert.equal(end.status, 302, end.body.slice(0, 300));
      assert.equal(end.headers.get('location'), '/devices');
      assert.ok(dg.sessionOf(browser));
    });

    // ---- Token and userinfo responses ----

    it('token-endpoint-response-without-expires_in is accepted', async () => {
      await acceptedEverywhere({ tokenResponse: { expires_in: OMIT } });
    });

    it('token-type-case-insensitivity: token_type "bEARER" is accepted (and the token used at userinfo)', async () => {
      const calls = hostile.calls.userinfo;
      await acceptedEverywhere({ tokenResponse: { token_type: 'bEARER' } }, { extras: { userinfo_endpoint: `${hostile.issuer}/userinfo` } });
      assert.equal(hostile.calls.userinfo, calls + 4, 'userinfo fetched on each sign-in');
    });

    it('userinfo-invalid-sub: a userinfo answer for another subject is refused', async () => {
      await refusedEverywhere({ userinfo: { sub: 'someone-else' } }, 'userinfo', { extras: { userinfo_endpoint: `${hostile.issuer}/userinfo` }, code: 'oidc.subject_mismatch' });
    });

    it('client_secret_post authentication works with the hostile provider too', async () => {
      await acceptedEverywhere({}, { extras: { token_endpoint_auth_method: 'client_secret_post' } });
    });

    // ---- Authorization response ----

    it('invalid-authorization-response-iss: an iss parameter naming another issuer is refused before the token request', async () => {
      await refusedEverywhere({ authorization: { iss: 'https://evil.example' } }, 'authorization', { code: 'oidc.response_issuer_mismatch' });
    });

    it('remove-authorization-response-iss: a missing iss parameter (RFC 9207 advertised) is refused', async () => {
      await refusedEverywhere({ authorization: { iss: OMIT } }, 'authorization', { code: 'oidc.response_issuer_mismatch' });
    });

    // The client keeps waiting: an unknown state cannot tell whose sign-in to end, so it ends none.
    it('ensure-authorization-response-with-invalid-state-fails', async () => {
      await refusedEverywhere({ authorization: { state: 'forged-state-value' } }, 'authorization', { clientWaits: true, code: 'oidc.transaction_not_found' });
    });

    it('ensure-authorization-response-with-invalid-missing-state-fails', async () => {
      await refusedEverywhere({ authorization: { state: OMIT } }, 'authorization', { clientWaits: true, code: 'oidc.transaction_not_found' });
    });

    it('form-post-error / error response: an error=access_denied answer shows an error and ends the client wait', async () => {
      await refusedEverywhere({ authorization: { code: OMIT, error: 'access_denied' } }, 'authorization', { page: /access_denied/, code: 'oidc.provider_error' });
    });

    it('an ID token in a code-flow authorization response (own addition) is refused', async () => {
      await refusedEverywhere({ authorization: { id_token: 'eyJhbGciOiJub25lIn0.e30.' } }, 'authorization', { code: 'oidc.unexpected_front_channel_token' });
    });

    it('hybrid: a front-channel ID token with a forged signature is refused before the token request', async () => {
      const forged = { signWith: hostile.keys.stranger, header: { kid: hostile.keys.primary.kid } };
      await refusedEverywhere({ frontChannel: forged }, 'authorization', { extras: { response_type: 'code id_token' }, modes: ['form_post'], code: 'oidc.signature_invalid' });
    });

    it('hybrid: a front-channel ID token whose c_hash does not match the code is refused', async () => {
      await refusedEverywhere({ frontChannel: { idToken: { c_hash: 'AAAAAAAAAAAAAAAAAAAAAA' } } }, 'authorization', {
        extras: { response_type: 'code id_token' },
        modes: ['form_post'],
        code: 'oidc.code_hash_mismatch',
      });
    });

    // ---- Replays, code reuse, mix-up, open redirect ----

    it('callback replay: the same callback answer a second time is refused (console, query and form_post)', async () => {
      hostile.scenario = { sub: victim };
      for (const mode of ['query', 'form_post'] as const) {
        const provider = await dg.provider(hostile, mode);
        const { browser, deliver } = await dg.captureCallback(dg.loginUrl(provider), hostile);
        const first = await deliver(browser);
        assert.equal(first.status, 302, first.body.slice(0, 300));
        assert.equal(first.headers.get('location'), '/devices');
        assert.ok(dg.sessionOf(browser));
        const tokenCalls = hostile.calls.token;

        const mark = dg.log.length;
        dg.assertRefusalPage(await deliver(browser), `${mode}: same browser`);
        const attacker = createBrowser();
        dg.assertRefusalPage(await deliver(attacker), `${mode}: another browser`);
        assert.deepEqual(dg.refusalCodes(mark), ['oidc.transaction_not_found', 'oidc.transaction_not_found']);
        assert.equal(dg.sessionOf(attacker), undefined);
        assert.equal(hostile.calls.token, tokenCalls, 'a replayed callback reached the token endpoint');
      }
    });

    it('callback replay: a client sign-in’s callback replayed is refused and gives nobody a second confirmation', async () => {
      hostile.scenario = { sub: victim };
      for (const mode of ['query', 'form_post'] as const) {
        const provider = await dg.provider(hostile, mode);
        const { code, url } = await dg.startClient(provider);
        const { browser, deliver } = await dg.captureCallback(url, hostile);
        const page = await deliver(browser);
        assert.match(page.body, /Sign in to RustDesk on this device\?/);
        dg.assertRefusalPage(await deliver(browser), `${mode}: same browser`);
        dg.assertRefusalPage(await deliver(createBrowser()), `${mode}: another browser`);
        assert.deepEqual(await dg.authQuery(code), { error: PENDING }, 'the replay must not approve anything');
        const confirm = formOf(page.body);
        assert.ok(confirm);
        await browser.request(new URL(confirm.action, dg.base).href, { method: 'POST', body: confirm.fields });
        const answer = await dg.authQuery(code);
        assert.equal(typeof answer.access_token, 'string');
        assert.notEqual((await dg.authQuery(code)).error, PENDING);
      }
    });

    it('code reuse: the provider refuses a code used before (invalid_grant) and deskgate shows an error', async () => {
      hostile.scenario = { sub: `${victim}-first` };
      const warmup = await dg.provider(hostile, 'query');
      await dg.consoleSignedIn(warmup, `${victim}-first`);
      const used = hostile.lastCode;
      assert.ok(used);
      const outcomes = hostile.tokenOutcomes.length;
      await refusedEverywhere({ authorization: { code: used } }, 'token', { page: /invalid_grant/, code: 'oidc.provider_error' });
      assert.deepEqual(hostile.tokenOutcomes.slice(outcomes), Array(4).fill('invalid_grant: code already used'));
    });

    it('mix-up: provider A returning provider B’s ID token for B’s user is refused; B’s user is not signed in', async () => {
      other.scenario = { sub: victim };
      const honest = await dg.provider(other, 'query');
      await dg.consoleSignedIn(honest, victim);
      const linked = await dg.t.store.identities.find(other.issuer, victim);
      assert.ok(linked);
      const usersBefore = await dg.userCount();

      // A's token endpoint hands over a token B issued (B's iss, B's key — which A even publishes).
      await refusedEverywhere(
        { idToken: { iss: other.issuer }, signWith: other.keys.primary, jwks: { keys: [hostile.keys.primary, other.keys.primary] } },
        'id-token',
        { victimExists: true, code: 'oidc.id_token_issuer_mismatch' },
      );
      // A's authorization response claims to come from B (RFC 9207 iss), with A's transaction state.
      await refusedEverywhere({ authorization: { iss: other.issuer } }, 'authorization', { victimExists: true, code: 'oidc.response_issuer_mismatch' });

      assert.equal(await dg.userCount(), usersBefore);
      assert.deepEqual(await dg.t.store.identities.find(other.issuer, victim), linked);
      assert.equal(await dg.t.store.identities.find(hostile.issuer, victim), undefined);
    });

    it('mix-up: the state of a transaction started at provider A, delivered with B’s code and iss, is refused', async () => {
      hostile.scenario = { sub: victim };
      other.scenario = { sub: victim };
      const providerA = await dg.provider(hostile, 'query');
      const providerB = await dg.provider(other, 'query');
      // The attacker gets a genuine answer from B for a sign-in of their own...
      const attacker = createBrowser();
      const toB = await attacker.navigate(dg.loginUrl(providerB), { stopAt: (n) => n.startsWith(other.issuer) });
      const fromB = new URL((await attacker.request(toB.url)).headers.get('location') ?? '');
      assert.ok(fromB.searchParams.get('code'));
      // ...and splices B's code and iss into the victim's callback for A.
      const victimBrowser = createBrowser();
      const toA = await victimBrowser.navigate(dg.loginUrl(providerA), { stopAt: (n) => n.startsWith(hostile.issuer) });
      const stateA = new URL(toA.url).searchParams.get('state') ?? '';
      const spliced = new URL(`${dg.base}/api/oidc/callback`);
      spliced.search = new URLSearchParams({ code: fromB.searchParams.get('code') ?? '', state: stateA, iss: other.issuer }).toString();
      const tokenCalls = hostile.calls.token + other.calls.token;
      const mark = dg.log.length;
      dg.assertRefusalPage(await victimBrowser.request(spliced.href), 'spliced callback');
      assert.deepEqual(dg.refusalCodes(mark), ['oidc.response_issuer_mismatch']);
      assert.equal(dg.sessionOf(victimBrowser), undefined);
      assert.equal(hostile.calls.token + other.calls.token, tokenCalls, 'no code was redeemed');
      assert.equal(await dg.t.store.identities.find(hostile.issuer, victim), undefined);
    });

    it('an off-site return_to is refused before going to the provider', async () => {
      const provider = await dg.provider(hostile, 'query');
      const authorizeCalls = hostile.calls.authorize;
      for (const target of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', 'devices', '/\r\nLocation: https://evil.example/', '/\t/evil.example']) {
        const response = await fetch(dg.loginUrl(provider, target), { redirect: 'manual' });
        assert.equal(response.status, 400, target);
        assert.equal(response.headers.get('location'), null, target);
        assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
        assert.match(await response.text(), /return_to must be a path on this site/);
      }
      assert.equal(hostile.calls.authorize, authorizeCalls, 'the browser was sent to the provider');
    });

    // ---- The suite can fail: signature checks depend on non-repudiation checks ----

    it('CONTROL (suite can fail): with oidcNonRepudiation false, invalid-sig-rs256 from the token endpoint is ACCEPTED', async () => {
      const forged: Scenario = { sub: victim, signWith: hostile.keys.stranger, header: { kid: hostile.keys.primary.kid } };
      hostile.scenario = forged;
      // The same forged token, the same provider settings: refused with the checks on...
      const mark = dg.log.length;
      await dg.consoleRefused(await dg.provider(hostile, 'query'), 'non-repudiation on');
      assert.deepEqual(dg.refusalCodes(mark), ['oidc.signature_invalid']);
      // ...accepted with them off: only the non-repudiation checks stand between a forged signature and a session.
      const provider = await lax.provider(hostile, 'query');
      await lax.consoleSignedIn(provider, victim);
      await lax.clientSignedIn(provider, victim);
      assert.ok(await lax.t.store.identities.find(hostile.issuer, victim), 'the forged identity was linked');
    });

    it('with oidcNonRepudiation false, a forged front-channel (hybrid) ID token is still refused', async () => {
      hostile.scenario = { sub: victim, frontChannel: { signWith: hostile.keys.stranger, header: { kid: hostile.keys.primary.kid } } };
      const provider = await lax.provider(hostile, 'form_post', { response_type: 'code id_token' });
      const mark = lax.log.length;
      await lax.consoleRefused(provider, 'console');
      await lax.clientRefused(provider, 'client');
      assert.deepEqual(lax.refusalCodes(mark), ['oidc.signature_invalid', 'oidc.signature_invalid']);
      assert.equal(await lax.t.store.identities.find(hostile.issuer, victim), undefined);
    });
  });
}
