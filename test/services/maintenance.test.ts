import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { LOG_RETENTION_EVERY_MS } from '../../src/services/log-retention.js';
import { createMaintenance } from '../../src/services/maintenance.js';
import type { RevalidationRound } from '../../src/services/revalidation.js';
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

    it('forgets device audit nonces a day old, so a retried post is still stored once within the day', async () => {
      const at = t.clock.now();
      assert.equal(await t.store.deviceAudit.takeNonce('100', 'old-nonce', at), true);
      t.clock.advance(86_400_000 + 1);
      assert.equal(await t.store.deviceAudit.takeNonce('100', 'new-nonce', t.clock.now()), true);

      await t.services.maintenance.purgeExpired();

      assert.equal(await t.store.deviceAudit.takeNonce('100', 'new-nonce', t.clock.now()), false);
      assert.equal(await t.store.deviceAudit.takeNonce('100', 'old-nonce', t.clock.now()), true);
    });
  });
}

describe('periodic work', () => {
  /** A log retention whose prunes end when the test says. */
  function controlledPrunes() {
    const ends: (() => void)[] = [];
    return {
      ends,
      logRetention: {
        pruneOnce: () =>
          new Promise<undefined>((resolve) => {
            ends.push(() => resolve(undefined));
          }),
      },
    };
  }
  const idle = {
    revalidation: { runRound: async (): Promise<RevalidationRound> => ({ valid: 0, refused: 0, unanswered: 0 }) },
    deviceAudit: { purge: async () => {} },
    addressBooks: { purgeBin: async () => 0 },
  };

  it('prunes logs at start and then hourly, never two prunes at once, and not after stop()', async () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      const { ends, logRetention } = controlledPrunes();
      const errors: unknown[] = [];
      const maintenance = createMaintenance({ store: undefined as never, clock: { now: () => 0 }, logRetention, ...idle });
      maintenance.start((error) => errors.push(error));
      assert.equal(ends.length, 1);

      // The first prune is still under way an hour later: no second one.
      mock.timers.tick(LOG_RETENTION_EVERY_MS);
      assert.equal(ends.length, 1);
      ends[0]?.();
      await new Promise(setImmediate);
      mock.timers.tick(LOG_RETENTION_EVERY_MS);
      assert.equal(ends.length, 2);

      // stop() waits for the prune under way, and no timer fires after it.
      let stopped = false;
      const stopping = maintenance.stop().then(() => {
        stopped = true;
      });
      await new Promise(setImmediate);
      assert.equal(stopped, false);
      ends[1]?.();
      await stopping;
      mock.timers.tick(3 * LOG_RETENTION_EVERY_MS);
      assert.equal(ends.length, 2);
      assert.deepEqual(errors, []);
    } finally {
      mock.timers.reset();
    }
  });

  it('reports a failed prune as log retention work and tries again the next hour', async () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      let calls = 0;
      const failure = new Error('database went away');
      const logRetention = {
        pruneOnce: async () => {
          calls++;
          throw failure;
        },
      };
      const errors: [unknown, string][] = [];
      const maintenance = createMaintenance({ store: undefined as never, clock: { now: () => 0 }, logRetention, ...idle });
      maintenance.start((error, work) => errors.push([error, work]));
      await new Promise(setImmediate);
      mock.timers.tick(LOG_RETENTION_EVERY_MS);
      await new Promise(setImmediate);
      await maintenance.stop();
      assert.equal(calls, 2);
      assert.deepEqual(errors, [
        [failure, 'log retention'],
        [failure, 'log retention'],
      ]);
    } finally {
      mock.timers.reset();
    }
  });
});
