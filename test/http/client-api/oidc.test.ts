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
import { createApiToken } from '../../support/fixtures.js';
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
        payload: { type: 'oidc', name: 'corp', issuer: 'https://idp.example', client_id: 'deskgate', client_secret: 'deskgate-secret' },
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
