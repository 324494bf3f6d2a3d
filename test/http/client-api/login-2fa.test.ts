import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../../src/services/audit.js';
import { totpCode } from '../../../src/services/totp.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createUser } from '../../support/fixtures.js';
import { DEVICE, dart, loginBody } from '../../support/rustdesk-client.js';
import { authBodyProblems, errorBodyProblems } from '../../support/rustdesk-shapes.js';

const JSON_UTF8 = 'application/json; charset=utf-8';

/**
 * The client's reading of a /api/login answer (flutter/lib/common/widgets/login.dart
 * `handleLoginResponse`, spec §4.3 step 2): what it does next, or the error it shows.
 */
function clientReads(body: unknown): { next: 'signed_in' | 'totp' | 'email_code'; secret: string; name: string } | { shows: string } {
  if (typeof body !== 'object' || body === null) return { shows: 'Failed, bad response from server' };
  const b = body as Record<string, unknown>;
  if (typeof b.error === 'string') return { shows: b.error };
  const user = b.user as Record<string, unknown> | undefined;
  const name = typeof user?.name === 'string' ? user.name : '';
  if (b.type === 'access_token' && typeof b.access_token === 'string') return { next: 'signed_in', secret: '', name };
  if (b.type === 'email_check') {
    if (b.tfa_type === undefined || b.tfa_type === null || b.tfa_type === 'email_check') return { next: 'email_code', secret: String(b.secret ?? ''), name };
    if (b.tfa_type === 'tfa_check') return { next: 'totp', secret: String(b.secret ?? ''), name };
    return { shows: 'Failed, bad tfa type from server' };
  }
  return { shows: 'Failed, bad response from server' };
}

/** The Flutter client's code step (§4.3 step 3), TOTP: the code in verificationCode and tfaCode. */
function codeBody(name: string, code: string, secret: string, device = DEVICE) {
  return { verificationCode: code, tfaCode: code, secret, username: name, id: device.id, uuid: device.uuid, autoLogin: true, type: 'email_code', deviceInfo: device.deviceInfo };
}

for (const engine of await testEngines()) {
  describe(`RustDesk client two-factor sign-in (${engine})`, () => {
    let t: TestApp;
    let seed = '';
    let carol: { id: string; name: string };

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
      carol = await createUser(t, { name: 'carol' });
      await createUser(t, { name: 'dave' });
      const started = await t.services.twoFactor.start(systemActor, carol);
      seed = started.secret;
      await t.services.twoFactor.confirm(systemActor, carol, totpCode(seed, t.clock.now()));
      // The confirming code is spent: move on so the next step has a fresh code.
      t.clock.advance(30_000);
    });
    after(() => t.close());

    async function firstStep(name = 'carol', device = DEVICE) {
      const response = await t.app.inject(dart('POST', '/api/login', { ...loginBody(name, PASSWORD), id: device.id, uuid: device.uuid }));
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], JSON_UTF8);
      return response.json() as Record<string, unknown>;
    }

    function fresh(): string {
      t.clock.advance(30_000);
      return totpCode(seed, t.clock.now());
    }

    it('asks for the TOTP code as email_check / tfa_check with a secret, and no token', async () => {
      const body = await firstStep();
      assert.deepEqual(authBodyProblems(body), []);
      assert.equal(body.type, 'email_check');
      assert.equal(body.tfa_type, 'tfa_check');
      assert.equal(body.access_token, '');
      assert.equal(typeof body.secret, 'string');
      assert.ok((body.secret as string).length >= 32);
      const read = clientReads(body);
      assert.deepEqual('next' in read && [read.next, read.name], ['totp', 'carol']);
      const user = body.user as Record<string, unknown>;
      assert.equal(user.is_admin, false);
      assert.equal(user.email, '');
      assert.deepEqual(await t.store.accessTokens.listForUser(carol.id, t.clock.now()), []);
    });

    it('signs in with the code step the client sends, once per secret, with a token bound to the device', async () => {
      const first = clientReads(await firstStep());
      assert.ok('next' in first);
      const response = await t.app.inject(dart('POST', '/api/login', codeBody(first.name, fresh(), first.secret)));
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as Record<string, unknown>;
      assert.deepEqual(authBodyProblems(body), []);
      assert.deepEqual('next' in clientReads(body) && clientReads(body), { next: 'signed_in', secret: '', name: 'carol' });
      const me = await t.app.inject(dart('POST', '/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, body.access_token as string));
      assert.equal(me.statusCode, 200);
      assert.equal((me.json() as { name: string }).name, 'carol');
      // The secret was spent.
      const again = await t.app.inject(dart('POST', '/api/login', codeBody('carol', fresh(), first.secret)));
      assert.equal(again.statusCode, 401);
      assert.deepEqual(errorBodyProblems(again.json()), []);
    });

    it('takes the code from verificationCode alone and an empty tfaCode (Sciter)', async () => {
      const first = clientReads(await firstStep());
      assert.ok('next' in first);
      const response = await t.app.inject(dart('POST', '/api/login', { ...codeBody('carol', fresh(), first.secret), tfaCode: '' }));
      assert.equal(response.statusCode, 200, response.body);
    });

    it('refuses a code used before, a code two steps old, and another device’s secret; each wrong code is a recorded failure', async () => {
      const first = clientReads(await firstStep());
      assert.ok('next' in first);
      const code = fresh();
      const ok = await t.app.inject(dart('POST', '/api/login', codeBody('carol', code, first.secret)));
      assert.equal(ok.statusCode, 200);

      const second = clientReads(await firstStep());
      assert.ok('next' in second);
      const replay = await t.app.inject(dart('POST', '/api/login', codeBody('carol', code, second.secret)));
      assert.equal(replay.statusCode, 401);
      assert.deepEqual(replay.json(), { error: 'Wrong verification code' });
      const old = totpCode(seed, t.clock.now() - 60_000);
      const stale = await t.app.inject(dart('POST', '/api/login', codeBody('carol', old, second.secret)));
      assert.equal(stale.statusCode, 401);

      const other = { ...DEVICE, id: '987654321', uuid: 'b3RoZXI=' };
      const elsewhere = await t.app.inject(dart('POST', '/api/login', codeBody('carol', fresh(), second.secret, other)));
      assert.equal(elsewhere.statusCode, 401);
      assert.deepEqual(elsewhere.json(), { error: 'The sign-in has expired, please sign in again' });

      const failures = await t.store.signInAttempts.listFailures({}, { current: 1, pageSize: 50 });
      const reasons = failures.rows.filter((f) => f.name === 'carol').map((f) => f.reason);
      assert.ok(reasons.filter((r) => r.startsWith('bad_tfa_code')).length >= 2, reasons.join(','));
      // The same secret still works with a good code from the right device.
      const good = await t.app.inject(dart('POST', '/api/login', codeBody('carol', fresh(), second.secret)));
      assert.equal(good.statusCode, 200, good.body);
    });

    it('expires the secret after five minutes', async () => {
      const first = clientReads(await firstStep());
      assert.ok('next' in first);
      t.clock.advance(5 * 60_000);
      const response = await t.app.inject(dart('POST', '/api/login', codeBody('carol', totpCode(seed, t.clock.now()), first.secret)));
      assert.equal(response.statusCode, 401);
      assert.deepEqual(response.json(), { error: 'The sign-in has expired, please sign in again' });
    });

    it('locks the name after repeated wrong codes, and the password alone does not clear the streak', async () => {
      await t.store.signInAttempts.clearThrottle('carol');
      let first = clientReads(await firstStep());
      for (let i = 0; i < 4; i++) {
        assert.ok('next' in first);
        const wrong = await t.app.inject(dart('POST', '/api/login', codeBody('carol', '000000', first.secret)));
        assert.equal(wrong.statusCode, 401);
        // A new first step, as the client makes after an error: the streak goes on.
        first = clientReads(await firstStep());
      }
      assert.ok('next' in first);
      assert.equal((await t.store.signInAttempts.throttle('carol'))?.failures, 4);
      const fifth = await t.app.inject(dart('POST', '/api/login', codeBody('carol', '000000', first.secret)));
      assert.equal(fifth.statusCode, 401);
      const locked = await t.app.inject(dart('POST', '/api/login', codeBody('carol', fresh(), first.secret)));
      assert.equal(locked.statusCode, 429);
      assert.deepEqual(errorBodyProblems(locked.json()), []);
      t.clock.advance(10 * 60_000);
      await t.store.signInAttempts.clearThrottle('carol');
    });

    it('signs in a user without 2FA in one step, as before', async () => {
      const body = await firstStep('dave');
      assert.equal(body.type, 'access_token');
      assert.ok((body.access_token as string).length > 0);
    });

    it('signs in with the password alone once an administrator reset 2FA', async () => {
      await t.services.twoFactor.reset(systemActor, carol);
      const body = await firstStep();
      assert.equal(body.type, 'access_token');
      const audit = await t.services.audit.list({}, { current: 1, pageSize: 50 });
      assert.ok(audit.data.some((r) => r.action === 'user.2fa_reset' && r.target.id === carol.id));
    });

    it('answers malformed code steps with 4xx JSON', async () => {
      const cases: unknown[] = [
        { type: 'email_code', id: DEVICE.id, uuid: DEVICE.uuid },
        { type: 'email_code', verificationCode: '123456', id: DEVICE.id, uuid: DEVICE.uuid },
        { type: 'email_code', secret: 'x', id: DEVICE.id, uuid: DEVICE.uuid },
        { type: 'email_code', verificationCode: 123456, secret: 'x' },
        { type: 'email_code', verificationCode: '123456', secret: ['x'] },
        { type: 'email_code', verificationCode: '1'.repeat(100), secret: 'x' },
        { type: 'email_code', verificationCode: '123456', secret: 'x'.repeat(300) },
        { type: 'email_code', verificationCode: '123456', tfaCode: null, secret: 'x' },
        { type: 'tfa_code', verificationCode: '123456', secret: 'x' },
      ];
      for (const body of cases) {
        const response = await t.app.inject(dart('POST', '/api/login', body));
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${JSON.stringify(body)}: ${response.statusCode}`);
        assert.deepEqual(errorBodyProblems(response.json()), [], JSON.stringify(body));
      }
      const bad = await t.app.inject({ method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' }, payload: '{"type":"email_code",' });
      assert.equal(bad.statusCode, 400);
      assert.deepEqual(errorBodyProblems(bad.json()), []);
    });
  });
}
