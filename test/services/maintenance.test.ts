import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashToken } from '../../src/services/secrets.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

const device = { deviceId: '1', uuid: 'u', deviceInfo: {}, ip: '127.0.0.1' };

for (const engine of await testEngines()) {
  describe(`purging what has expired (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());

    it('drops long-expired tokens and stale client sign-ins and keeps live ones', async () => {
      const user = await createUser(t, { name: 'purgee' });
      const old = await t.services.accessTokens.issue(user.id, device);
      const revoked = await t.services.accessTokens.issue(user.id, device);
      await t.services.accessTokens.revokeToken(revoked);
      t.clock.advance((t.config.tokenTtlDays + 31) * 86_400_000);
      const fresh = await t.services.accessTokens.issue(user.id, device);
      await t.store.clientSignIns.insert({
        id: 'stale',
        code_hash: 'stale-code',
        provider_id: 'p',
        device_id: '1',
        device_uuid: 'u',
        device_info: '{}',
        ip: '',
        status: 'pending',
        user_id: null,
        error: '',
        confirm_token: '',
        sso_sid: '',
        created_at: t.clock.now() - 2 * 3_600_000,
        expires_at: t.clock.now() - 2 * 3_600_000 + 180_000,
      });

      await t.services.maintenance.purgeExpired();

      assert.equal(await t.store.accessTokens.findWithUser(hashToken(old)), undefined);
      assert.equal(await t.store.accessTokens.findWithUser(hashToken(revoked)), undefined);
      assert.ok(await t.store.accessTokens.findWithUser(hashToken(fresh)));
      assert.equal(await t.store.clientSignIns.findById('stale'), undefined);
    });
  });
}
