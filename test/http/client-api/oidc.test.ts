/**
 * POST /api/oidc/auth (spec/rustdesk-client-api.md §4.6) is unauthenticated and writes a row:
 * it is limited per client address in each instance, and the sign-ins pending per address are
 * capped in the database, so every instance on one database agrees.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../../src/app.js';
import { CLIENT_SIGN_IN_TTL_MS, SSO_LIMITS } from '../../../src/services/sso-sign-in.js';
import { openDatabase } from '../../../src/store/db.js';
import { buildTestApp, testPasswords, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser } from '../../support/fixtures.js';
import { DEVICE, rust } from '../../support/rustdesk-client.js';

for (const engine of await testEngines()) {
  describe(`POST /api/oidc/auth limits (${engine})`, () => {
    let t: TestApp;
    /** A second instance on the same database: its in-memory limits are its own. */
    let sibling: App;

    before(async () => {
      t = await buildTestApp(engine);
      sibling = await buildApp(t.config, { clock: t.clock, passwords: testPasswords, db: openDatabase(t.database.location) });
      const admin = await createApiToken(t, ['oidc:write']);
      // Starting a client sign-in does not contact the provider: an unreachable issuer will do.
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/admin/oidc/providers',
        headers: admin.headers,
        payload: { enabled: true, type: 'oidc', name: 'corp', issuer: 'https://idp.example', client_id: 'deskgate', client_secret: 'deskgate-secret' },
      });
      assert.equal(created.statusCode, 201, created.body);
    });
    after(async () => {
      await sibling.close();
      await t.close();
    });

    const start = (app: App['app'], remoteAddress: string, op = 'corp') =>
      app.inject({ ...rust('/api/oidc/auth', { op, id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }), remoteAddress });

    it('answers 429 with a JSON error past the per-address limit; other addresses and the next window are not affected', async () => {
      const flood = '203.0.113.50';
      for (let i = 0; i < SSO_LIMITS.requests; i++) {
        // Unknown providers count too: the limit comes before any lookup.
        const response = await start(t.app, flood, `nope-${i}`);
        assert.equal(response.statusCode, 404, `request ${i}: ${response.body}`);
      }
      const over = await start(t.app, flood);
      assert.equal(over.statusCode, 429);
      assert.match(String(over.headers['content-type']), /^application\/json/);
      assert.deepEqual(over.json(), { error: 'Too many requests, please slow down' });

      assert.equal((await start(t.app, '203.0.113.51')).statusCode, 200);
      t.clock.advance(SSO_LIMITS.windowMs);
      assert.equal((await start(t.app, flood)).statusCode, 200);
    });

    it('caps the sign-ins pending from one address, on every instance, until they end or expire', async () => {
      t.clock.advance(CLIENT_SIGN_IN_TTL_MS + SSO_LIMITS.windowMs);
      const crowd = '198.51.100.77';
      for (let i = 0; i < SSO_LIMITS.pendingPerAddress; i++) {
        // Spread over both instances: the count is in the database.
        const response = await start(i % 2 === 0 ? t.app : sibling.app, crowd);
        assert.equal(response.statusCode, 200, `sign-in ${i}: ${response.body}`);
      }
      for (const app of [t.app, sibling.app]) {
        const over = await start(app, crowd);
        assert.equal(over.statusCode, 429, over.body);
        assert.match((over.json() as { error: string }).error, /Too many sign-ins are waiting/);
      }
      assert.equal((await start(t.app, '198.51.100.78')).statusCode, 200, 'another address is not capped');

      // Pending sign-ins end after three minutes; then the address may start again.
      t.clock.advance(CLIENT_SIGN_IN_TTL_MS);
      assert.equal((await start(sibling.app, crowd)).statusCode, 200);
    });
  });
}

/**
 * GET /api/oidc/auth-query (spec/rustdesk-client-api.md §4.6, §12 items 4 and 5): the client
 * keeps polling while the answer is exactly the pending text, and shows any other `error` text.
 * Each state of a sign-in is pinned to the text the client is sent.
 */
for (const engine of await testEngines()) {
  describe(`GET /api/oidc/auth-query answers (${engine})`, () => {
    let t: TestApp;

    before(async () => {
      t = await buildTestApp(engine);
      const admin = await createApiToken(t, ['oidc:write']);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/admin/oidc/providers',
        headers: admin.headers,
        payload: { enabled: true, type: 'oidc', name: 'corp', issuer: 'https://idp.example', client_id: 'deskgate', client_secret: 'deskgate-secret' },
      });
      assert.equal(created.statusCode, 201, created.body);
    });
    after(() => t.close());

    /** A client sign-in as POST /api/oidc/auth starts it: its poll code and its row id. */
    async function started(): Promise<{ code: string; id: string }> {
      const response = await t.app.inject(rust('/api/oidc/auth', { op: 'corp', id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }));
      assert.equal(response.statusCode, 200, response.body);
      const { code, url } = response.json() as { code: string; url: string };
      return { code, id: url.split('/').pop() ?? '' };
    }

    async function poll(code: string, device = DEVICE) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/oidc/auth-query?${new URLSearchParams({ code, id: device.id, uuid: device.uuid })}`,
      });
      assert.match(String(response.headers['content-type']), /^application\/json/);
      return { status: response.statusCode, body: response.json() as Record<string, unknown> };
    }

    it('answers a sign-in under way with the pending text, as a 200', async () => {
      const { code, id } = await started();
      assert.deepEqual(await poll(code), { status: 200, body: { error: 'No authed oidc is found' } });
      await t.store.clientSignIns.transition(id, 'pending', { status: 'awaiting_confirmation' });
      assert.deepEqual(await poll(code), { status: 200, body: { error: 'No authed oidc is found' } });
    });

    it('answers an unknown code, or another device’s poll, with "Sign-in request not found"', async () => {
      const { code } = await started();
      assert.deepEqual(await poll('no-such-code'), { status: 400, body: { error: 'Sign-in request not found' } });
      assert.deepEqual(await poll(code, { ...DEVICE, uuid: 'another-uuid' }), { status: 400, body: { error: 'Sign-in request not found' } });
    });

    it('answers an expired sign-in with "Sign-in timed out; please try again"', async () => {
      const { code } = await started();
      t.clock.advance(CLIENT_SIGN_IN_TTL_MS);
      assert.deepEqual(await poll(code), { status: 400, body: { error: 'Sign-in timed out; please try again' } });
    });

    it('answers a sign-in denied in the browser with "Sign-in was denied in the browser"', async () => {
      const { code, id } = await started();
      await t.store.clientSignIns.transition(id, 'pending', { status: 'denied' });
      assert.deepEqual(await poll(code), { status: 400, body: { error: 'Sign-in was denied in the browser' } });
    });

    it('answers a failed sign-in with "Sign-in failed: " and the reason the browser was shown', async () => {
      const { code, id } = await started();
      await t.store.clientSignIns.transition(id, 'pending', {
        status: 'failed',
        error: 'There is no account for this identity; ask an administrator to create one',
      });
      assert.deepEqual(await poll(code), {
        status: 400,
        body: { error: 'Sign-in failed: There is no account for this identity; ask an administrator to create one' },
      });

      // A row written before the upgrade stored the whole text; it reads the same.
      const old = await started();
      await t.store.clientSignIns.transition(old.id, 'pending', { status: 'failed', error: 'Sign-in failed: internal error' });
      assert.deepEqual(await poll(old.code), { status: 400, body: { error: 'Sign-in failed: internal error' } });

      const bare = await started();
      await t.store.clientSignIns.transition(bare.id, 'pending', { status: 'failed', error: '' });
      assert.deepEqual(await poll(bare.code), { status: 400, body: { error: 'Sign-in failed' } });
    });

    it('hands the token out once; a later poll finds no sign-in', async () => {
      const user = await createUser(t, { name: `polly-${engine}` });
      const { code, id } = await started();
      await t.store.clientSignIns.transition(id, 'pending', { status: 'approved', user_id: user.id });
      const first = await poll(code);
      assert.equal(first.status, 200);
      assert.equal(typeof first.body.access_token, 'string');
      assert.deepEqual(await poll(code), { status: 400, body: { error: 'Sign-in request not found' } });
    });

    it('answers an approved sign-in collected by another poll with "This sign-in was already completed"', async () => {
      const user = await createUser(t, { name: `racer-${engine}` });
      const { code, id } = await started();
      await t.store.clientSignIns.transition(id, 'pending', { status: 'approved', user_id: user.id });
      // Another instance's poll collects it between this poll's read and its own collect.
      const collect = t.store.clientSignIns.collect;
      t.store.clientSignIns.collect = async (signInId) => (await collect(signInId)) && (await collect(signInId));
      try {
        assert.deepEqual(await poll(code), { status: 400, body: { error: 'This sign-in was already completed' } });
      } finally {
        t.store.clientSignIns.collect = collect;
      }
    });

    it('answers an approved sign-in of a since-disabled account with "Sign-in failed: this account is disabled"', async () => {
      const user = await createUser(t, { name: `gone-${engine}`, status: 0 });
      const { code, id } = await started();
      await t.store.clientSignIns.transition(id, 'pending', { status: 'approved', user_id: user.id });
      assert.deepEqual(await poll(code), { status: 400, body: { error: 'Sign-in failed: this account is disabled' } });
    });
  });
}
