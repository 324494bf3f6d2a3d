import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { systemActor, type Actor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createUser } from '../support/fixtures.js';

const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);
const person: Actor = { type: 'user', id: 'admin-id', name: 'root', ip: '10.0.0.5' };

for (const engine of await testEngines()) {
  describe(`where a person is signed in (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());

    /** A person signed in on two RustDesk clients and in two browsers. */
    async function signedIn(name: string, options: { is_admin?: boolean } = {}) {
      await createUser(t, { name, ...options });
      const row = await t.services.users.findByName(name);
      assert.ok(row);
      const device = (n: number) =>
        t.services.accessTokens.issue(row.id, { deviceId: `${n}00000000`, uuid: `uuid-${n}`, deviceInfo: { os: 'linux', name: `desk-${n}`, secret: 'x' }, ip: '10.0.0.1' });
      const tokens = [await device(1), await device(2)];
      const browser = () => t.services.consoleSessions.create(row, { remember: false, ip: '10.0.0.1', userAgent: 'test' });
      const browsers = [await browser(), await browser()];
      return { row, tokens, browsers };
    }
    const live = async (s: Awaited<ReturnType<typeof signedIn>>) => ({
      tokens: (await Promise.allSettled(s.tokens.map((tk) => t.services.accessTokens.verify(tk)))).map((r) => r.status === 'fulfilled'),
      browsers: await Promise.all(s.browsers.map(async (b) => (await t.services.consoleSessions.resolve(b.cookie)) !== undefined)),
    });

    it('lists a person’s sessions and devices with what the device reported to show, and nothing else', async () => {
      const s = await signedIn('listed');
      const { sessions, devices } = await t.services.userSessions.listForUser(s.row.id);
      assert.equal(sessions.length, 2);
      assert.deepEqual(devices.map((d) => d.device_info).sort((a, b) => String(a.name).localeCompare(String(b.name))), [
        { os: 'linux', name: 'desk-1' },
        { os: 'linux', name: 'desk-2' },
      ]);
      for (const token of s.tokens) assert.ok(!JSON.stringify(devices).includes(token));
      await assert.rejects(t.services.userSessions.listForUser('no-such-user'), code('user.not_found'));
    });

    it('signs a person out everywhere, audited with the counts', async () => {
      const s = await signedIn('everywhere');
      const ended = await t.services.userSessions.signOutEverywhere(person, s.row.id, { scopes: ['users:write'] });
      assert.deepEqual(ended, { client_tokens: 2, console_sessions: 2 });
      assert.deepEqual(await live(s), { tokens: [false, false], browsers: [false, false] });
      const [record] = (await t.services.audit.list({ action: 'user.sign_out', target: 'everywhere' }, { current: 1, pageSize: 1 })).data;
      assert.deepEqual(record?.detail, { client_tokens: 2, console_sessions: 2 });
      await assert.rejects(t.services.userSessions.signOutEverywhere(person, 'no-such-user', { scopes: ['users:write'] }), code('user.not_found'));
    });

    it('needs admin to sign an administrator out', async () => {
      const s = await signedIn('boss-signed-in', { is_admin: true });
      await assert.rejects(t.services.userSessions.signOutEverywhere(person, s.row.id, { scopes: ['users:write'] }), code('auth.scope'));
      assert.deepEqual(await live(s), { tokens: [true, true], browsers: [true, true] });
      await t.services.userSessions.signOutEverywhere(person, s.row.id, { scopes: ['admin'] });
      assert.deepEqual(await live(s), { tokens: [false, false], browsers: [false, false] });
    });

    it('ends every sign-in on a password reset, but the caller’s own session when asked to keep it', async () => {
      const s = await signedIn('reset');
      const keep = s.browsers[0]?.session.id;
      await t.services.userSessions.resetPassword(systemActor, s.row.id, 'a brand new password', { keepSessionId: keep });
      assert.deepEqual(await live(s), { tokens: [false, false], browsers: [true, false] });
      await t.services.signIn.verifyPassword({ name: 'reset', password: 'a brand new password', ip: '10.0.0.1', channel: 'console' });
    });

    it('keeps only the current session when a person changes their own password, after checking the old one', async () => {
      const s = await signedIn('own-change');
      const current = s.browsers[1]?.session.id ?? '';
      await assert.rejects(
        t.services.userSessions.changeOwnPassword(person, s.row.id, { current: 'wrong password', next: 'another new password' }, current),
        code('user.wrong_password'),
      );
      assert.deepEqual(await live(s), { tokens: [true, true], browsers: [true, true] });
      await t.services.userSessions.changeOwnPassword(person, s.row.id, { current: PASSWORD, next: 'another new password' }, current);
      assert.deepEqual(await live(s), { tokens: [false, false], browsers: [false, true] });
    });

    it('lets a person end their own session or sign out their own device, never someone else’s', async () => {
      const me = await signedIn('me');
      const them = await signedIn('them');
      const theirSession = them.browsers[0]?.session.id ?? '';
      const theirDevice = (await t.services.userSessions.devicesOf(them.row.id))[0]?.id ?? '';
      await assert.rejects(t.services.userSessions.endOwnSession(person, me.row.id, theirSession), code('session.not_found'));
      await assert.rejects(t.services.userSessions.signOutOwnDevice(person, me.row.id, theirDevice), code('session.device_not_found'));
      assert.deepEqual(await live(them), { tokens: [true, true], browsers: [true, true] });

      await t.services.userSessions.endOwnSession(person, me.row.id, me.browsers[0]?.session.id ?? '');
      const device = (await t.services.userSessions.devicesOf(me.row.id)).find((d) => d.device_info.name === 'desk-2');
      await t.services.userSessions.signOutOwnDevice(person, me.row.id, device?.id ?? '');
      assert.deepEqual(await live(me), { tokens: [true, false], browsers: [false, true] });
      await assert.rejects(t.services.userSessions.signOutOwnDevice(person, me.row.id, device?.id ?? ''), code('session.device_not_found'));
      const [record] = (await t.services.audit.list({ action: 'account.device_sign_out', target: 'me' }, { current: 1, pageSize: 1 })).data;
      assert.deepEqual(record?.detail, { device_id: '200000000', device_name: 'desk-2' });
    });
  });
}
