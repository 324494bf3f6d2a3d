/**
 * completeCallback() by itself: one transaction begun for a provider, the provider's answer, and
 * the verified identity or the `oidc.*` code of the check that failed. The whole browser leg,
 * every conformance module and both sign-in paths are in sso-flows.test.ts and conformance.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { completeCallback, type VerifiedIdentity } from '../../src/oidc/callback.js';
import { createTransactions } from '../../src/oidc/transactions.js';
import { systemActor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { OMIT, startHostileIdp, type HostileIdp, type Scenario } from '../support/hostile-idp.js';
import { startIdp, type Idp } from '../support/idp.js';

const REDIRECT = 'http://127.0.0.1:9/api/oidc/callback';
const CLIENT_SECRET = 'callback-test-client-secret-0123456789';
const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);
const nowSeconds = () => Math.floor(Date.now() / 1000);

for (const engine of await testEngines()) {
  describe(`the callback: a provider's answer to one transaction (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let hostile: HostileIdp;
    let transactions: ReturnType<typeof createTransactions>;
    const providerIds: Record<string, string> = {};

    before(async () => {
      t = await buildTestApp(engine);
      transactions = createTransactions({ store: t.store, clock: t.clock });
      idp = await startIdp([{ client_id: 'deskgate', client_secret: CLIENT_SECRET, redirect_uris: [REDIRECT] }]);
      hostile = await startHostileIdp({ clients: [{ client_id: 'deskgate', client_secret: CLIENT_SECRET }] });
      for (const [name, issuer, extra] of [
        ['real', idp.issuer, {}],
        ['hostile', hostile.issuer, {}],
        ['hostile-post', hostile.issuer, { response_mode: 'form_post' }],
      ] as const) {
        const created = await t.services.providers.create(systemActor, { enabled: true, type: 'oidc', name, issuer, client_id: 'deskgate', client_secret: CLIENT_SECRET, ...extra });
        providerIds[name] = created.id;
      }
    });
    beforeEach(() => hostile.reset());
    after(async () => {
      await idp.close();
      await hostile.close();
      await t.close();
    });

    /** Begins a transaction for the provider the way a sign-in does; returns its authorization URL. */
    async function begin(name: string) {
      const provider = await t.services.providers.forSignIn({ id: providerIds[name] ?? '' });
      const rp = await t.services.registry.configuration(provider);
      const begun = await transactions.begin(rp, {
        providerId: provider.id,
        expectedIssuer: t.services.registry.metadataOf(rp).issuer,
        redirectUri: REDIRECT,
        purpose: 'console',
        returnTo: '/',
        scopes: provider.scopes,
        responseMode: provider.response_mode,
      });
      return { provider, ...begun, state: begun.url.searchParams.get('state') ?? '' };
    }

    /** The hostile provider's answer (it answers /authorize at once, by redirect or form_post page). */
    async function answer(url: URL): Promise<URLSearchParams> {
      const response = await fetch(url, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (location) return new URL(location).searchParams;
      const html = await response.text();
      const fields = new URLSearchParams();
      for (const m of html.matchAll(/name="([^"]+)" value="([^"]*)"/g)) fields.append(m[1] ?? '', (m[2] ?? '').replace(/&#(\d+);/g, (_x, n: string) => String.fromCharCode(Number(n))));
      return fields;
    }

    /** One sign-in at the hostile provider with `scenario`, completed by completeCallback. */
    async function signIn(
      scenario: Scenario,
      options: { provider?: string; nowSeconds?: number; expectedIssuer?: string; method?: 'GET' | 'POST' } = {},
    ): Promise<VerifiedIdentity> {
      hostile.scenario = scenario;
      const { provider, url, browserCookie, state } = await begin(options.provider ?? 'hostile');
      const params = await answer(url);
      const transaction = await transactions.consume(state, browserCookie);
      if (options.expectedIssuer !== undefined) transaction.expected_issuer = options.expectedIssuer;
      return completeCallback({
        registry: t.services.registry,
        provider,
        transaction,
        params,
        method: options.method ?? 'GET',
        nowSeconds: options.nowSeconds ?? nowSeconds(),
      });
    }

    it('returns the identity a real provider vouched for: its issuer, the subject and the claims', async () => {
      idp.signInAs('bob');
      const { provider, url, browserCookie, state } = await begin('real');
      const end = await createBrowser().navigate(url.href, { stopAt: (next) => next.startsWith(REDIRECT) });
      const params = new URL(end.url).searchParams;
      assert.equal(params.get('state'), state);
      const transaction = await transactions.consume(state, browserCookie);
      const identity = await completeCallback({ registry: t.services.registry, provider, transaction, params, method: 'GET', nowSeconds: nowSeconds() });
      assert.equal(identity.issuer, idp.issuer);
      assert.equal(identity.subject, 'bob');
      assert.equal(identity.claims.email, 'bob@corp.example');
      assert.equal(identity.claims.preferred_username, 'bob');
    });

    it('completes a form_post answer (POST) as well as a query answer', async () => {
      const identity = await signIn({ sub: 'poster' }, { provider: 'hostile-post', method: 'POST' });
      assert.equal(identity.subject, 'poster');
      assert.equal(identity.issuer, hostile.issuer);
    });

    it('ensure-authorization-response-with-invalid-state-fails: an answer carrying another state, before any token request', async () => {
      const tokens = hostile.calls.token;
      await assert.rejects(signIn({ authorization: { state: 'another-state' } }), code('oidc.state_mismatch'));
      await assert.rejects(signIn({ authorization: { state: OMIT } }), code('oidc.state_mismatch'));
      assert.equal(hostile.calls.token, tokens);
    });

    it('nonce-invalid: an ID token with another nonce, or none, is refused', async () => {
      await assert.rejects(signIn({ idToken: { nonce: 'someone-elses-nonce' } }), code('oidc.nonce_mismatch'));
      await assert.rejects(signIn({ idToken: { nonce: OMIT } }), code('oidc.nonce_mismatch'));
    });

    it('invalid-iss: an ID token from another issuer is refused', async () => {
      await assert.rejects(signIn({ idToken: { iss: 'https://evil.example' } }), code('oidc.id_token_issuer_mismatch'));
    });

    it('mix-up: a valid ID token from an issuer other than the one the transaction was begun for is refused', async () => {
      await assert.rejects(signIn({ sub: 'mixed' }, { expectedIssuer: 'https://the-other-provider.example' }), code('oidc.id_token_issuer_mismatch'));
      // The same answer for the issuer it was begun for is accepted.
      assert.equal((await signIn({ sub: 'mixed' })).subject, 'mixed');
    });

    it('invalid-authorization-response-iss: an iss parameter naming another issuer is refused', async () => {
      await assert.rejects(signIn({ authorization: { iss: 'https://evil.example' } }), code('oidc.response_issuer_mismatch'));
    });

    it('refuses an ID token issued more than 300 s ahead of the clock, or more than a day ago, and accepts a small skew', async () => {
      const now = nowSeconds();
      await assert.rejects(signIn({ idToken: { iat: now + 301 } }, { nowSeconds: now }), code('oidc.iat_in_future'));
      await assert.rejects(signIn({ idToken: { iat: now - 86_401 } }, { nowSeconds: now }), code('oidc.iat_too_old'));
      assert.equal((await signIn({ sub: 'skewed', idToken: { iat: now + 200 } }, { nowSeconds: now })).subject, 'skewed');
      await assert.rejects(signIn({ idToken: { iat: OMIT } }), (e) => isAppError(e, 'oidc.claim_missing') || isAppError(e, 'oidc.iat_too_old'));
    });

    it('replay: the same answer delivered again is refused (the state is gone and the code is spent)', async () => {
      hostile.scenario = { sub: 'replayed' };
      const { provider, url, browserCookie, state } = await begin('hostile');
      const params = await answer(url);
      const transaction = await transactions.consume(state, browserCookie);
      const complete = () => completeCallback({ registry: t.services.registry, provider, transaction, params, method: 'GET', nowSeconds: nowSeconds() });
      assert.equal((await complete()).subject, 'replayed');
      await assert.rejects(transactions.consume(state, browserCookie), code('oidc.transaction_not_found'));
      // Even with the transaction row in hand, the provider refuses its code a second time.
      await assert.rejects(complete(), code('oidc.provider_error'));
      assert.equal(hostile.tokenOutcomes.at(-1), 'invalid_grant: code already used');
    });

    it('turns the provider’s error answer into oidc.provider_error without asking for a token', async () => {
      const tokens = hostile.calls.token;
      await assert.rejects(signIn({ authorization: { code: OMIT, error: 'access_denied' } }), code('oidc.provider_error'));
      assert.equal(hostile.calls.token, tokens);
    });

    it('discovers the provider afresh after a failed check, but not after the provider’s own refusal', async () => {
      await signIn({});
      const discoveries = hostile.calls.discovery;
      await assert.rejects(signIn({ authorization: { code: OMIT, error: 'access_denied' } }), code('oidc.provider_error'));
      await signIn({});
      assert.equal(hostile.calls.discovery, discoveries);
      await assert.rejects(signIn({ idToken: { nonce: 'wrong' } }), code('oidc.nonce_mismatch'));
      await signIn({});
      assert.equal(hostile.calls.discovery, discoveries + 1);
    });

    it('refuses a subject with a control character, and drops NUL characters from the other claims', async () => {
      await assert.rejects(signIn({ sub: 'line\nbreak' }), code('oidc.subject_invalid'));
      const identity = await signIn({ sub: 'nul-claims', idToken: { name: 'Nul\u0000Person', email: 'nul\u0000@hostile.example' } });
      assert.equal(identity.claims.name, 'NulPerson');
      assert.equal(identity.claims.email, 'nul@hostile.example');
    });

    it('asks userinfo when the ID token names nobody, and refuses a userinfo answer about someone else', async () => {
      const bare = { preferred_username: OMIT, name: OMIT, email: OMIT, email_verified: OMIT };
      const identity = await signIn({ sub: 'quiet', idToken: bare, userinfo: { email: 'quiet@hostile.example', nickname: 'q' } });
      assert.equal(identity.subject, 'quiet');
      assert.equal(identity.claims.email, 'quiet@hostile.example');
      assert.equal(identity.claims.nickname, 'q');
      await assert.rejects(signIn({ sub: 'quiet', idToken: bare, userinfo: { sub: 'someone-else' } }), code('oidc.subject_mismatch'));
    });
  });
}
