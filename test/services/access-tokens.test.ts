import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { hashToken } from '../../src/services/secrets.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

const device = { deviceId: '987654321', uuid: 'dXVpZA==', deviceInfo: { os: 'windows', type: 'client', name: 'PC' }, ip: '192.0.2.7' };

for (const engine of await testEngines()) {
  describe(`client access tokens (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());

    it('stores only the SHA-256 of a 256-bit token, bound to the device', async () => {
      const user = await createUser(t, { name: 'hashy' });
      const token = await t.services.accessTokens.issue(user.id, device);
      assert.equal(Buffer.from(token, 'base64url').length, 32);
      const [row] = await t.services.accessTokens.listForUser(user.id);
      assert.equal(row?.token_hash, hashToken(token));
      assert.ok(!JSON.stringify(row).includes(token));
      assert.equal(row?.device_id, device.deviceId);
      assert.equal(row?.device_uuid, device.uuid);
      assert.deepEqual(row?.device_info, device.deviceInfo);
      assert.equal(row?.expires_at, t.clock.now() + t.config.tokenTtlDays * 86_400_000);
    });

    it('refuses a token presented by another machine, and accepts its own machine or one that does not say', async () => {
      const user = await createUser(t, { name: 'bound' });
      const token = await t.services.accessTokens.issue(user.id, device);
      await assert.rejects(t.services.accessTokens.verifyForDevice(token, 'b3RoZXI='), (e) => isAppError(e, 'auth.invalid_token'));
      assert.equal((await t.services.accessTokens.verifyForDevice(token, device.uuid)).user.id, user.id);
      assert.equal((await t.services.accessTokens.verifyForDevice(token, undefined)).user.id, user.id);
      assert.equal((await t.services.accessTokens.verifyForDevice(token, '')).user.id, user.id);
    });

    it('sees a revocation made by another instance once its short cache lapses', async () => {
      const user = await createUser(t, { name: 'cached' });
      const token = await t.services.accessTokens.issue(user.id, device);
      await t.services.accessTokens.verify(token);
      // Another instance revokes in the database directly.
      await t.store.accessTokens.revoke({ tokenHash: hashToken(token) }, t.clock.now());
      t.clock.advance(5_001);
      await assert.rejects(t.services.accessTokens.verify(token), (e) => isAppError(e, 'auth.invalid_token'));
    });

    it('writes last-used times at most once a minute per token', async () => {
      const user = await createUser(t, { name: 'toucher' });
      const token = await t.services.accessTokens.issue(user.id, device);
      const issuedAt = t.clock.now();
      t.clock.advance(30_000);
      await t.services.accessTokens.verify(token);
      await t.services.accessTokens.flush();
      assert.equal((await t.services.accessTokens.listForUser(user.id))[0]?.last_used_at, issuedAt);
      t.clock.advance(61_000);
      await t.services.accessTokens.verify(token);
      // Written in a batch off the request path, not by the verification itself.
      assert.equal((await t.services.accessTokens.listForUser(user.id))[0]?.last_used_at, issuedAt);
      await t.services.accessTokens.flush();
      assert.equal((await t.services.accessTokens.listForUser(user.id))[0]?.last_used_at, t.clock.now());
    });

    it('revokes one device’s token only for its owner', async () => {
      const owner = await createUser(t, { name: 'owner' });
      const stranger = await createUser(t, { name: 'stranger' });
      const token = await t.services.accessTokens.issue(owner.id, device);
      const [row] = await t.services.accessTokens.listForUser(owner.id);
      assert.ok(row);
      assert.equal(await t.services.accessTokens.revokeById(row.id, stranger.id), false);
      assert.equal((await t.services.accessTokens.verify(token)).user.name, 'owner');
      assert.equal(await t.services.accessTokens.revokeById(row.id, owner.id), true);
      await assert.rejects(t.services.accessTokens.verify(token));
    });
  });
}
