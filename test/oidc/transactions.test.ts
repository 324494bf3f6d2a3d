import assert from 'node:assert/strict';
import { hash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import * as oidc from 'openid-client';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { createTransactions, TRANSACTION_TTL_MS, type BeginInput } from '../../src/oidc/transactions.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';

const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);

/** A provider's configuration as discovery would give it; begin() only builds a URL from it. */
const config = new oidc.Configuration(
  { issuer: 'https://idp.example', authorization_endpoint: 'https://idp.example/authorize', token_endpoint: 'https://idp.example/token' },
  'deskgate-client',
);

const input = (overrides: Partial<BeginInput> = {}): BeginInput => ({
  providerId: 'provider-1',
  expectedIssuer: 'https://idp.example',
  redirectUri: 'https://deskgate.example/api/oidc/callback',
  purpose: 'console',
  returnTo: '/devices',
  scopes: 'openid profile email',
  responseMode: 'query',
  ...overrides,
});

for (const engine of await testEngines()) {
  describe(`sign-in transactions (${engine})`, () => {
    let t: TestApp;
    let transactions: ReturnType<typeof createTransactions>;

    before(async () => {
      t = await buildTestApp(engine);
      transactions = createTransactions({ store: t.store, clock: t.clock });
    });
    after(() => t.close());

    it('sends code + PKCE S256 + state + nonce, and keeps what the callback needs server-side', async () => {
      const { url, browserCookie } = await transactions.begin(config, input());
      assert.equal(url.origin + url.pathname, 'https://idp.example/authorize');
      const q = url.searchParams;
      assert.equal(q.get('client_id'), 'deskgate-client');
      assert.equal(q.get('response_type'), 'code');
      assert.equal(q.get('redirect_uri'), 'https://deskgate.example/api/oidc/callback');
      assert.equal(q.get('scope'), 'openid profile email');
      assert.equal(q.get('code_challenge_method'), 'S256');
      assert.equal(q.get('response_mode'), null);
      const state = q.get('state') ?? '';
      const nonce = q.get('nonce') ?? '';
      // 256 random bits each.
      assert.match(state, /^[A-Za-z0-9_-]{43}$/);
      assert.match(nonce, /^[A-Za-z0-9_-]{43}$/);
      assert.notEqual(state, nonce);
      assert.match(browserCookie, /^[A-Za-z0-9_-]{43}$/);

      const row = await transactions.consume(state, browserCookie);
      assert.equal(row.state, state);
      assert.equal(row.nonce, nonce);
      assert.equal(row.provider_id, 'provider-1');
      assert.equal(row.expected_issuer, 'https://idp.example');
      assert.equal(row.redirect_uri, 'https://deskgate.example/api/oidc/callback');
      assert.equal(row.purpose, 'console');
      assert.equal(row.return_to, '/devices');
      assert.equal(row.client_sign_in_id, null);
      assert.equal(row.expires_at, t.clock.now() + TRANSACTION_TTL_MS);
      // The challenge sent is the S256 of the verifier kept; the verifier itself never leaves.
      assert.equal(q.get('code_challenge'), hash('sha256', row.code_verifier, 'base64url'));
      assert.ok(!url.href.includes(row.code_verifier));
      // Only a hash of the browser's cookie is stored.
      assert.notEqual(row.browser_binding, browserCookie);
      assert.ok(!row.browser_binding.includes(browserCookie));
    });

    it('asks for form_post only when the provider is set to it', async () => {
      const { url, browserCookie } = await transactions.begin(config, input({ responseMode: 'form_post' }));
      assert.equal(url.searchParams.get('response_mode'), 'form_post');
      await transactions.consume(url.searchParams.get('state') ?? '', browserCookie);
    });

    it('makes fresh state, nonce, verifier and cookie for every sign-in', async () => {
      const a = await transactions.begin(config, input());
      const b = await transactions.begin(config, input());
      for (const name of ['state', 'nonce', 'code_challenge']) assert.notEqual(a.url.searchParams.get(name), b.url.searchParams.get(name), name);
      assert.notEqual(a.browserCookie, b.browserCookie);
    });

    it('keeps a client sign-in’s purpose and the sign-in it completes', async () => {
      const { url, browserCookie } = await transactions.begin(config, input({ purpose: 'client', returnTo: '', clientSignInId: 'sign-in-7' }));
      const row = await transactions.consume(url.searchParams.get('state') ?? '', browserCookie);
      assert.equal(row.purpose, 'client');
      assert.equal(row.client_sign_in_id, 'sign-in-7');
      assert.equal(row.return_to, '');
    });

    it('is used once: a replayed state finds nothing', async () => {
      const { url, browserCookie } = await transactions.begin(config, input());
      const state = url.searchParams.get('state') ?? '';
      assert.equal(await transactions.isLive(state), true);
      await transactions.consume(state, browserCookie);
      assert.equal(await transactions.isLive(state), false);
      await assert.rejects(transactions.consume(state, browserCookie), code('oidc.transaction_not_found'));
    });

    it('gives a state to exactly one of two callbacks arriving at once', async () => {
      const { url, browserCookie } = await transactions.begin(config, input());
      const state = url.searchParams.get('state') ?? '';
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => transactions.consume(state, browserCookie)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(isAppError(r.reason, 'oidc.transaction_not_found'), String(r.reason));
    });

    it('refuses another browser, or none, and leaves the sign-in to the browser that began it', async () => {
      const { url, browserCookie } = await transactions.begin(config, input());
      const state = url.searchParams.get('state') ?? '';
      const other = await transactions.begin(config, input());
      await assert.rejects(transactions.consume(state, other.browserCookie), code('oidc.browser_mismatch'));
      await assert.rejects(transactions.consume(state, undefined), code('oidc.browser_mismatch'));
      await assert.rejects(transactions.consume(state, ''), code('oidc.browser_mismatch'));
      await assert.rejects(transactions.consume(state, 'x'.repeat(101)), code('oidc.browser_mismatch'));
      assert.equal(await transactions.isLive(state), true);
      assert.equal((await transactions.consume(state, browserCookie)).state, state);
    });

    it('expires after ten minutes by the clock, and an expired state is unknown to every browser', async () => {
      const { url, browserCookie } = await transactions.begin(config, input());
      const state = url.searchParams.get('state') ?? '';
      t.clock.advance(TRANSACTION_TTL_MS - 1);
      assert.equal(await transactions.isLive(state), true);
      t.clock.advance(1);
      assert.equal(await transactions.isLive(state), false);
      await assert.rejects(transactions.consume(state, undefined), code('oidc.transaction_not_found'));
      await assert.rejects(transactions.consume(state, browserCookie), code('oidc.transaction_not_found'));
    });

    it('answers unknown, empty and overlong states as not found', async () => {
      const { browserCookie } = await transactions.begin(config, input());
      for (const state of ['no-such-state', '', 's'.repeat(201)]) {
        await assert.rejects(transactions.consume(state, browserCookie), code('oidc.transaction_not_found'), state.slice(0, 20));
        assert.equal(await transactions.isLive(state), false);
      }
    });
  });
}
