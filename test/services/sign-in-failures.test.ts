import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { systemActor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createUser } from '../support/fixtures.js';

for (const engine of await testEngines()) {
  describe(`the log of failed sign-ins (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 3, windowMs: 60_000 } });
      await createUser(t, { name: 'frank' });
      const off = await createUser(t, { name: 'offline' });
      await t.services.users.setStatus(systemActor, off.id, 0);
    });
    after(() => t.close());

    async function attempt(name: string, password: string, channel: 'client' | 'console', ip = '198.51.100.7') {
      t.clock.advance(1);
      try {
        await t.services.signIn.verifyPassword({ name, password, ip, channel });
        return 'ok';
      } catch (error) {
        if (isAppError(error)) return error.code;
        throw error;
      }
    }

    it('records each failure with its reason, channel, address and name, newest first, and no success', async () => {
      assert.equal(await attempt('frank', 'wrong password one', 'client'), 'auth.invalid_credentials');
      assert.equal(await attempt('nobody', 'wrong password two', 'console', '203.0.113.9'), 'auth.invalid_credentials');
      assert.equal(await attempt('offline', PASSWORD, 'console'), 'auth.user_disabled');
      assert.equal(await attempt('frank', PASSWORD, 'console'), 'ok');
      const { total, data } = await t.services.signInFailures.list({ current: 1, pageSize: 10 });
      assert.equal(total, 3);
      assert.deepEqual(
        data.map((f) => [f.name, f.reason, f.channel, f.ip]),
        [
          ['offline', 'disabled', 'console', '198.51.100.7'],
          ['nobody', 'bad_credentials', 'console', '203.0.113.9'],
          ['frank', 'bad_credentials', 'client', '198.51.100.7'],
        ],
      );
      assert.ok(data[0] && data[1] && data[0].created_at > data[1].created_at);
      const text = JSON.stringify(data);
      for (const secret of ['wrong password one', 'wrong password two', PASSWORD]) assert.ok(!text.includes(secret));
    });

    it('records refusals by the rate limit too, and pages newest first', async () => {
      // perName is 3 per window: 'frank' was tried twice above.
      assert.equal(await attempt('frank', 'guess-a', 'client'), 'auth.invalid_credentials');
      assert.equal(await attempt('frank', 'guess-b', 'client'), 'auth.rate_limited');
      const first = await t.services.signInFailures.list({ current: 1, pageSize: 2 });
      assert.equal(first.total, 5);
      assert.deepEqual(first.data.map((f) => f.reason), ['rate_limited', 'bad_credentials']);
      const second = await t.services.signInFailures.list({ current: 2, pageSize: 2 });
      assert.deepEqual(second.data.map((f) => f.name), ['offline', 'nobody']);
    });

    it('keeps single sign-on failures in the same log, told apart by kind and provider', async () => {
      const sso = (id: string, providerId: string, reason: string) => {
        t.clock.advance(1);
        const at = t.clock.now();
        return t.store.signInAttempts.recordFailure({
          id,
          created_at: at,
          ip: '192.0.2.5',
          name: '',
          reason,
          channel: 'console',
          kind: 'sso',
          provider_id: providerId,
          provider_name: providerId.toUpperCase(),
          detail: `${reason} detail`,
        });
      };
      await sso('sso-a', 'pa', 'oidc.discovery_failed');
      await sso('sso-b', 'pb', 'oidc.user_cap');
      const page = { current: 1, pageSize: 50 };
      const all = await t.services.signInFailures.list(page);
      assert.equal(all.total, 7);
      assert.deepEqual(all.data.slice(0, 2).map((f) => [f.kind, f.provider_name, f.reason, f.detail]), [
        ['sso', 'PB', 'oidc.user_cap', 'oidc.user_cap detail'],
        ['sso', 'PA', 'oidc.discovery_failed', 'oidc.discovery_failed detail'],
      ]);
      const passwords = await t.services.signInFailures.list(page, { kind: 'password' });
      assert.equal(passwords.total, 5);
      assert.ok(passwords.data.every((f) => f.kind === 'password' && f.provider_id === '' && f.detail === ''));
      assert.deepEqual((await t.services.signInFailures.list(page, { kind: 'sso' })).data.map((f) => f.id), ['sso-b', 'sso-a']);
      assert.deepEqual((await t.services.signInFailures.list(page, { providerId: 'pa' })).data.map((f) => f.id), ['sso-a']);
      assert.equal((await t.services.signInFailures.list(page, { kind: 'password', providerId: 'pa' })).total, 0);
    });
  });
}
