import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { LOCK_AFTER, lockDuration } from '../../src/services/sign-in.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createUser } from '../support/fixtures.js';

const wide = { perAddress: 1000, perName: 1000, windowMs: 60_000 };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

for (const engine of await testEngines()) {
  describe(`password sign-in lock-out (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine, { signInLimits: wide });
      await createUser(t, { name: 'dave' });
      await createUser(t, { name: 'erin' });
    });
    after(() => t.close());

    const attempt = (name: string, password: string) =>
      t.services.signIn.verifyPassword({ name, password, ip: '198.51.100.7', channel: 'client' });

    it('counts every one of 10 concurrent wrong passwords that was checked, and locks the name', async () => {
      const codes = await Promise.all(Array.from({ length: 10 }, (_, i) => codeOf(attempt('dave', `guess-${i}`))));
      // A guess that reaches the check after the fifth failure's lock is answered as locked; which
      // ones do depends on scheduling. Every guess that was checked must be counted: none lost.
      const checked = codes.filter((code) => code === 'auth.invalid_credentials').length;
      assert.deepEqual(codes.filter((code) => code !== 'auth.invalid_credentials' && code !== 'auth.locked'), []);
      assert.ok(checked >= LOCK_AFTER, `only ${checked} guesses were checked`);
      const throttle = await t.store.signInAttempts.throttle('dave');
      assert.equal(throttle?.failures, checked);
      assert.equal(throttle?.lockedUntil, t.clock.now() + lockDuration(checked));
      assert.equal(await codeOf(attempt('dave', PASSWORD)), 'auth.locked');
    });

    it('locks at the fifth failure and doubles the lock with each further one', async () => {
      for (let i = 1; i < LOCK_AFTER; i++) assert.equal(await codeOf(attempt('erin', 'wrong')), 'auth.invalid_credentials');
      assert.equal((await t.store.signInAttempts.throttle('erin'))?.lockedUntil, t.clock.now());
      assert.equal(await codeOf(attempt('erin', 'wrong')), 'auth.invalid_credentials');
      assert.equal((await t.store.signInAttempts.throttle('erin'))?.lockedUntil, t.clock.now() + 60_000);
      t.clock.advance(60_000);
      assert.equal(await codeOf(attempt('erin', 'wrong')), 'auth.invalid_credentials');
      assert.deepEqual(await t.store.signInAttempts.throttle('erin'), { failures: LOCK_AFTER + 1, lockedUntil: t.clock.now() + 120_000 });
      t.clock.advance(120_000);
      assert.equal(await codeOf(attempt('erin', PASSWORD)), 'ok');
      assert.equal(await t.store.signInAttempts.throttle('erin'), undefined);
    });

    it('forgets a failure streak a day after its last lock ended', async () => {
      for (let i = 0; i < 3; i++) await codeOf(attempt('frank-unknown', 'wrong'));
      assert.equal((await t.store.signInAttempts.throttle('frank-unknown'))?.failures, 3);
      t.clock.advance(24 * 3_600_000);
      await codeOf(attempt('frank-unknown', 'wrong'));
      assert.equal((await t.store.signInAttempts.throttle('frank-unknown'))?.failures, 1);
      t.clock.advance(3_600_000);
      await codeOf(attempt('frank-unknown', 'wrong'));
      assert.deepEqual(await t.store.signInAttempts.throttle('frank-unknown'), { failures: 2, lockedUntil: t.clock.now() });
    });
  });

  describe(`a RustDesk client's password sign-in (${engine})`, () => {
    let t: TestApp;
    let grace: { id: string };
    before(async () => {
      t = await buildTestApp(engine, { signInLimits: wide });
      grace = await createUser(t, { name: 'grace' });
    });
    after(() => t.close());

    const device = { deviceId: '123456789', uuid: 'dXVpZC1vZi1ncmFjZQ==', deviceInfo: { os: 'linux', type: 'client', name: 'grace-laptop' } };

    it('issues an access token bound to the device the client reported', async () => {
      const result = await t.services.signIn.clientPassword({ name: 'grace', password: PASSWORD, ip: '198.51.100.9', device });
      assert.equal(result.kind, 'token');
      const { accessToken, user } = result as Extract<typeof result, { kind: 'token' }>;
      assert.equal(user.id, grace.id);
      assert.equal(user.name, 'grace');
      const verified = await t.services.accessTokens.verify(accessToken);
      assert.deepEqual([verified.user.id, verified.deviceId, verified.uuid], [grace.id, device.deviceId, device.uuid]);
      const [stored] = await t.store.accessTokens.listForUser(grace.id, t.clock.now());
      assert.deepEqual([stored?.device_info, stored?.ip], [device.deviceInfo, '198.51.100.9']);
    });

    it('issues no token for a wrong password, and records the failure as the client\'s', async () => {
      const before = (await t.store.accessTokens.listForUser(grace.id, t.clock.now())).length;
      assert.equal(await codeOf(t.services.signIn.clientPassword({ name: 'grace', password: 'wrong', ip: '198.51.100.9', device })), 'auth.invalid_credentials');
      assert.equal((await t.store.accessTokens.listForUser(grace.id, t.clock.now())).length, before);
      const failures = await t.services.signInFailures.list({ current: 1, pageSize: 1 });
      assert.deepEqual([failures.data[0]?.name, failures.data[0]?.channel, failures.data[0]?.reason], ['grace', 'client', 'bad_credentials']);
    });

    it('opens a console session for the right password, with the user as the console shows them', async () => {
      const result = await t.services.signIn.consolePassword({ name: 'grace', password: PASSWORD, ip: '198.51.100.9', userAgent: 'Firefox', remember: false });
      assert.equal(result.kind, 'session');
      const { cookie, session, user } = result as Extract<typeof result, { kind: 'session' }>;
      assert.equal(user.id, grace.id);
      assert.deepEqual(user.groups.map((g) => g.name), ['Default']);
      assert.ok(!('password_hash' in user));
      const resolved = await t.services.consoleSessions.resolve(cookie);
      assert.deepEqual([resolved?.id, resolved?.user.id, resolved?.remember], [session.id, grace.id, false]);
    });

    it('opens no console session for a wrong password, and records the failure as the console\'s', async () => {
      const before = (await t.services.consoleSessions.listForUser(grace.id)).length;
      const attempt = t.services.signIn.consolePassword({ name: 'grace', password: 'wrong', ip: '198.51.100.9', userAgent: 'Firefox', remember: true });
      assert.equal(await codeOf(attempt), 'auth.invalid_credentials');
      assert.equal((await t.services.consoleSessions.listForUser(grace.id)).length, before);
      const failures = await t.services.signInFailures.list({ current: 1, pageSize: 1 });
      assert.deepEqual([failures.data[0]?.channel, failures.data[0]?.reason], ['console', 'bad_credentials']);
    });
  });
}
