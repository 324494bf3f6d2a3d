import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UserStatus, type User } from '../../src/domain/user.js';
import { isAppError } from '../../src/errors.js';
import { CACHE_MS, NOTIFIED_CACHE_MS, createAccessTokenService } from '../../src/services/access-tokens.js';
import { hashToken } from '../../src/services/secrets.js';
import type { TokenWithUser } from '../../src/store/access-tokens.js';
import type { Store } from '../../src/store/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { manualClock } from '../support/clock.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

/** Counts the token lookups that reach the database, until `restore()`. */
function countReads(t: TestApp) {
  const store = t.store.accessTokens;
  const { findWithUser } = store;
  const reads = {
    count: 0,
    restore: () => {
      store.findWithUser = findWithUser;
    },
  };
  store.findWithUser = (hash) => {
    reads.count++;
    return findWithUser(hash);
  };
  return reads;
}

/** Retries `check` until it passes, for a notice on its way from the database (at most a few seconds). */
async function eventually(check: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await check();
      return;
    } catch (error) {
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

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

    if (engine === 'sqlite') {
      it('sees a revocation made by another instance once its short cache lapses', async () => {
        const user = await createUser(t, { name: 'cached' });
        const token = await t.services.accessTokens.issue(user.id, device);
        await t.services.accessTokens.verify(token);
        // Another instance revokes in the database directly.
        await t.store.accessTokens.revoke({ tokenHash: hashToken(token) }, t.clock.now());
        t.clock.advance(5_001);
        await assert.rejects(t.services.accessTokens.verify(token), (e) => isAppError(e, 'auth.invalid_token'));
      });
    }

    if (engine === 'postgres') {
      it('keeps a verified token past the short cache while it hears the database, and drops it at a revocation’s notice', async () => {
        const user = await createUser(t, { name: 'notified' });
        const token = await t.services.accessTokens.issue(user.id, device);
        const reads = countReads(t);
        await t.services.accessTokens.verify(token);
        t.clock.advance(60_000);
        await t.services.accessTokens.verify(token);
        assert.equal(reads.count, 1, 'answered from memory after a minute');
        // Another instance revokes in the database directly; its notice reaches this one.
        await t.store.accessTokens.revoke({ tokenHash: hashToken(token) }, t.clock.now());
        await eventually(() => assert.rejects(t.services.accessTokens.verify(token), (e) => isAppError(e, 'auth.invalid_token')));
        reads.restore();
      });

      it('drops every verified token of a user changed elsewhere at the notice', async () => {
        const user = await createUser(t, { name: 'renamed' });
        const tokens = [await t.services.accessTokens.issue(user.id, device), await t.services.accessTokens.issue(user.id, { ...device, deviceId: '111222333' })];
        for (const token of tokens) await t.services.accessTokens.verify(token);
        await t.store.users.update(user.id, { display_name: 'Renamed', updated_at: t.clock.now() });
        for (const token of tokens) await eventually(async () => assert.equal((await t.services.accessTokens.verify(token)).user.display_name, 'Renamed'));
      });

      it('still writes last-used times once a minute for a token it keeps', async () => {
        const user = await createUser(t, { name: 'kept' });
        const token = await t.services.accessTokens.issue(user.id, device);
        await t.services.accessTokens.verify(token);
        const reads = countReads(t);
        t.clock.advance(61_000);
        await t.services.accessTokens.verify(token);
        await t.services.accessTokens.flush();
        assert.equal(reads.count, 0);
        reads.restore();
        assert.equal((await t.services.accessTokens.listForUser(user.id))[0]?.last_used_at, t.clock.now());
      });
    }

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

describe('client access tokens while hearing change notices', () => {
  const T0 = Date.UTC(2026, 0, 15);
  const alice: User = { id: 'u1', name: 'alice', display_name: 'Alice', email: '', note: '', status: UserStatus.Normal, is_admin: false, password_hash: null, created_at: T0, updated_at: T0 };
  const row = (id: string): TokenWithUser => ({
    token: {
      id, token_hash: '', user_id: alice.id, device_id: device.deviceId, device_uuid: device.uuid, device_info: {}, ip: device.ip,
      created_at: T0, last_used_at: T0, expires_at: T0 + 86_400_000, revoked_at: null, sso_provider_id: '', sso_sid: '',
    },
    user: alice,
  });

  /** The service over a store that answers every lookup from memory and counts them, and notices driven by hand. */
  function harness() {
    const clock = manualClock(T0);
    const noticeFns: ((payload: string) => void)[] = [];
    const lostFns: (() => void)[] = [];
    const notices = { listening: true, onNotice: (fn: (payload: string) => void) => noticeFns.push(fn), onLost: (fn: () => void) => lostFns.push(fn), caughtUp: async () => true };
    const reads = { count: 0, during: undefined as (() => void) | undefined };
    const store = {
      accessTokens: {
        async findWithUser(hash: string) {
          reads.count++;
          const during = reads.during;
          reads.during = undefined;
          during?.();
          return row(`id-${hash.slice(0, 8)}`);
        },
        touchMany: async () => {},
      },
    } as unknown as Store;
    const service = createAccessTokenService({ store, clock, ttlDays: 30, notices });
    return {
      clock, notices, reads, service,
      notice: (payload: string) => noticeFns.forEach((fn) => fn(payload)),
      lose: () => {
        notices.listening = false;
        lostFns.forEach((fn) => fn());
      },
    };
  }

  it('keeps a token for minutes while listening, and drops it at its notice or its user’s', async () => {
    const h = harness();
    await h.service.verify('token-a');
    h.clock.advance(NOTIFIED_CACHE_MS - 1);
    await h.service.verify('token-a');
    assert.equal(h.reads.count, 1);
    h.notice(`t:${hashToken('token-a')}`);
    await h.service.verify('token-a');
    assert.equal(h.reads.count, 2);
    h.notice('u:someone-else');
    await h.service.verify('token-a');
    assert.equal(h.reads.count, 2);
    h.notice(`u:${alice.id}`);
    await h.service.verify('token-a');
    assert.equal(h.reads.count, 3);
  });

  it('does not keep a row read while a notice about its token or user arrived: it may predate the change', async () => {
    const h = harness();
    h.reads.during = () => h.notice(`u:${alice.id}`);
    await h.service.verify('token-b');
    await h.service.verify('token-b');
    assert.equal(h.reads.count, 2, 'the row read across the notice was used once, not kept');
    await h.service.verify('token-b');
    assert.equal(h.reads.count, 2, 'the next one, read after it, is kept');

    h.reads.during = () => h.notice(`t:${hashToken('token-c')}`);
    await h.service.verify('token-c');
    await h.service.verify('token-c');
    assert.equal(h.reads.count, 4, 'nor across a notice about its token');
  });

  it('keeps a row read while notices about others arrived, unless too many came to tell', async () => {
    const h = harness();
    h.reads.during = () => ['t:other-hash', 'u:someone-else'].forEach(h.notice);
    await h.service.verify('token-d');
    await h.service.verify('token-d');
    assert.equal(h.reads.count, 1);

    h.reads.during = () => {
      for (let i = 0; i < 2_000; i++) h.notice(`u:user-${i}`);
    };
    await h.service.verify('token-e');
    await h.service.verify('token-e');
    assert.equal(h.reads.count, 3);
  });

  it('forgets everything when the notices are lost, and keeps tokens only seconds until they are heard again', async () => {
    const h = harness();
    await h.service.verify('token-c');
    h.lose();
    await h.service.verify('token-c');
    assert.equal(h.reads.count, 2);
    h.clock.advance(CACHE_MS - 1);
    await h.service.verify('token-c');
    assert.equal(h.reads.count, 2);
    h.clock.advance(1);
    await h.service.verify('token-c');
    assert.equal(h.reads.count, 3);
    // Lost during a read: that row is not kept either.
    h.clock.advance(CACHE_MS);
    h.notices.listening = true;
    h.reads.during = () => h.lose();
    await h.service.verify('token-c');
    h.notices.listening = true;
    await h.service.verify('token-c');
    assert.equal(h.reads.count, 5);
  });
});
