import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { totpCode } from '../../../src/services/totp.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createApiToken, createUser, signInConsole } from '../../support/fixtures.js';

type Headers = Record<string, string>;

for (const engine of await testEngines()) {
  describe(`two-factor sign-in in the account and admin APIs (${engine})`, () => {
    let t: TestApp;
    let erin: { id: string; name: string };
    let boss: { id: string };
    let me: Headers;
    let admin: Headers;

    before(async () => {
      t = await buildTestApp(engine);
      erin = await createUser(t, { name: 'erin' });
      boss = await createUser(t, { name: 'boss', is_admin: true });
      me = (await signInConsole(t, 'erin')).headers;
      admin = (await signInConsole(t, 'boss')).headers;
    });
    after(() => t.close());

    const call = (method: InjectOptions['method'], url: string, headers: Headers, payload?: unknown) =>
      t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    const actions = async () => (await t.services.audit.list({}, { current: 1, pageSize: 100 })).data.map((r) => `${r.action} ${r.target.name}`);

    it('enrols: start gives the seed and URI, a code confirms and gives ten backup codes once', async () => {
      assert.deepEqual((await call('GET', '/api/account/2fa', me)).json(), { enabled: false, pending: false, backup_codes_left: 0, required: false });
      const started = await call('POST', '/api/account/2fa/start', me);
      assert.equal(started.statusCode, 200, started.body);
      const { secret, uri } = started.json() as { secret: string; uri: string };
      assert.match(secret, /^[A-Z2-7]{32}$/);
      assert.ok(uri.startsWith('otpauth://totp/deskgate:erin?'));
      assert.equal((await call('GET', '/api/account/2fa', me)).json().pending, true);
      const stored = await t.store.twoFactor.getTotp(erin.id);
      assert.ok(stored && !stored.secret.includes(secret), 'the seed is sealed');

      const wrong = await call('POST', '/api/account/2fa/confirm', me, { code: '000000' });
      // Not 401, which the console reads as its session gone.
      assert.equal(wrong.statusCode, 400);
      const confirmed = await call('POST', '/api/account/2fa/confirm', me, { code: totpCode(secret, t.clock.now()) });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      const codes = (confirmed.json() as { backup_codes: string[] }).backup_codes;
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      assert.deepEqual((await call('GET', '/api/account/2fa', me)).json(), { enabled: true, pending: false, backup_codes_left: 10, required: false });
      assert.equal((await call('POST', '/api/account/2fa/start', me)).statusCode, 409);
      assert.ok((await actions()).includes('user.2fa_enable erin'));

      // A backup code proves it once (here: a renewal), never twice.
      const renew = await call('POST', '/api/account/2fa/renew', me, { code: codes[0]!.toUpperCase() });
      assert.equal(renew.statusCode, 200, renew.body);
      const next = (renew.json() as { secret: string }).secret;
      assert.notEqual(next, secret);
      assert.equal((await call('GET', '/api/account/2fa', me)).json().pending, true);
      t.clock.advance(30_000);
      const again = await call('POST', '/api/account/2fa/confirm', me, { code: totpCode(next, t.clock.now()) });
      assert.equal(again.statusCode, 200);
      assert.ok((await actions()).includes('user.2fa_renew erin'));
    });

    it('disables only with the password or a current code', async () => {
      assert.equal((await call('POST', '/api/account/2fa/disable', me, {})).statusCode, 403);
      assert.equal((await call('POST', '/api/account/2fa/disable', me, { password: 'not it' })).statusCode, 403);
      assert.equal((await call('POST', '/api/account/2fa/disable', me, { code: '123456' })).statusCode, 403);
      const off = await call('POST', '/api/account/2fa/disable', me, { password: PASSWORD });
      assert.equal(off.statusCode, 204);
      assert.equal((await call('GET', '/api/account/2fa', me)).json().enabled, false);
      assert.equal((await t.store.twoFactor.unusedBackupCodes(erin.id)), 0);
      assert.ok((await actions()).includes('user.2fa_disable erin'));
    });

    it('lets an administrator require 2FA of a user or a group, see it and reset it', async () => {
      const group = await t.services.groups.create({ type: 'cli', id: '', name: 'test', ip: '' }, { name: 'Ops' });
      await t.services.groups.changeMembers({ type: 'cli', id: '', name: 'test', ip: '' }, group.id, { add: [erin.id] });
      const required = await call('PUT', `/api/admin/users/${erin.id}/2fa/required`, admin, { required: true });
      assert.equal(required.statusCode, 200, required.body);
      assert.deepEqual((await call('GET', `/api/admin/users/${erin.id}/2fa`, admin)).json(), { enabled: false, required: true, email_verification: false });
      assert.equal((await call('GET', '/api/account/2fa', me)).json().required, true);
      const byGroup = await call('PUT', `/api/admin/groups/${group.id}/2fa/required`, admin, { required: true });
      assert.equal(byGroup.statusCode, 200, byGroup.body);
      assert.ok((await actions()).includes('user.2fa_require erin'));
      assert.ok((await actions()).includes('user_group.2fa_require Ops'));
      await call('PUT', `/api/admin/users/${erin.id}/2fa/required`, admin, { required: false });
      assert.equal((await call('GET', '/api/account/2fa', me)).json().required, true, 'still required through the group');

      const { secret } = (await call('POST', '/api/account/2fa/start', me)).json() as { secret: string };
      t.clock.advance(30_000);
      await call('POST', '/api/account/2fa/confirm', me, { code: totpCode(secret, t.clock.now()) });
      const reset = await call('POST', `/api/admin/users/${erin.id}/2fa/reset`, admin);
      assert.equal(reset.statusCode, 204, reset.body);
      assert.equal((await call('GET', `/api/admin/users/${erin.id}/2fa`, admin)).json().enabled, false);
      assert.equal((await call('POST', `/api/admin/users/${erin.id}/2fa/reset`, admin)).statusCode, 409);
      assert.ok((await actions()).includes('user.2fa_reset erin'));
    });

    it('needs the admin scope to reset an administrator’s 2FA', async () => {
      await t.services.twoFactor.start({ type: 'cli', id: '', name: 'test', ip: '' }, { id: boss.id, name: 'boss' });
      const { headers } = await createApiToken(t, ['users:write']);
      const refused = await call('POST', `/api/admin/users/${boss.id}/2fa/reset`, headers);
      assert.equal(refused.statusCode, 403);
      assert.equal((await call('POST', `/api/admin/users/${boss.id}/2fa/reset`, admin)).statusCode, 204);
    });

    it('asks for a code at the console sign-in, and takes a current code or a backup code once', async () => {
      const { secret } = (await call('POST', '/api/account/2fa/start', me)).json() as { secret: string };
      t.clock.advance(30_000);
      const { backup_codes } = (await call('POST', '/api/account/2fa/confirm', me, { code: totpCode(secret, t.clock.now()) })).json() as { backup_codes: string[] };
      const browser = { 'sec-fetch-site': 'same-origin' };
      const first = async () => {
        const response = await call('POST', '/api/session', browser, { username: 'erin', password: PASSWORD });
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(response.headers['set-cookie'], undefined, 'no session before the code');
        const body = response.json() as { two_factor_required: boolean; secret: string };
        assert.equal(body.two_factor_required, true);
        return body.secret;
      };
      const step = (challenge: string, code: string) => call('POST', '/api/session/2fa', browser, { secret: challenge, code });

      const challenge = await first();
      assert.equal((await step(challenge, '000000')).statusCode, 401);
      t.clock.advance(30_000);
      const ok = await step(challenge, totpCode(secret, t.clock.now()));
      assert.equal(ok.statusCode, 200, ok.body);
      assert.ok(String(ok.headers['set-cookie']).length > 0);
      assert.equal((ok.json() as { user: { name: string } }).user.name, 'erin');
      assert.equal((await step(challenge, totpCode(secret, t.clock.now() + 30_000))).statusCode, 401, 'the secret is spent');

      const withBackup = await step(await first(), backup_codes[3]!);
      assert.equal(withBackup.statusCode, 200, withBackup.body);
      assert.equal((await step(await first(), backup_codes[3]!)).statusCode, 401, 'a backup code works once');
      // A client secret is no console secret, and the other way round.
      const consoleSecret = await first();
      const clientTry = await t.app.inject({
        method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' },
        payload: { type: 'email_code', verificationCode: totpCode(secret, t.clock.now() + 30_000), secret: consoleSecret, id: '', uuid: '' },
      });
      assert.equal(clientTry.statusCode, 401);
      await t.services.twoFactor.reset({ type: 'cli', id: '', name: 'test', ip: '' }, erin);
      await t.store.signInAttempts.clearThrottle('erin');
    });

    it('answers malformed input with 4xx JSON', async () => {
      const cases: [InjectOptions['method'], string, unknown][] = [
        ['POST', '/api/account/2fa/confirm', {}],
        ['POST', '/api/account/2fa/confirm', { code: 123456 }],
        ['POST', '/api/account/2fa/confirm', { code: 'x'.repeat(100) }],
        ['POST', '/api/account/2fa/disable', { password: ['x'] }],
        ['POST', '/api/account/2fa/renew', { code: 'x'.repeat(100) }],
        ['PUT', `/api/admin/users/${erin.id}/2fa/required`, { required: 'yes' }],
        ['PUT', `/api/admin/users/${erin.id}/2fa/required`, {}],
        ['PUT', '/api/admin/users/nobody/2fa/required', { required: true }],
        ['PUT', '/api/admin/groups/nobody/2fa/required', { required: true }],
        ['POST', '/api/session/2fa', {}],
        ['POST', '/api/session/2fa', { secret: 'x', code: 1 }],
        ['POST', '/api/session/2fa', { secret: 'x'.repeat(300), code: '123456' }],
        ['POST', '/api/session/2fa', { secret: 'x', code: '123456' }],
      ];
      for (const [method, url, payload] of cases) {
        const headers = url.startsWith('/api/admin') ? admin : url.startsWith('/api/session') ? { 'sec-fetch-site': 'same-origin' } : me;
        const response = await call(method, url, headers, payload);
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${url} ${JSON.stringify(payload)}: ${response.statusCode}`);
        assert.equal(typeof (response.json() as { error: unknown }).error, 'string');
      }
      const bad = await t.app.inject({ method: 'POST', url: '/api/account/2fa/confirm', headers: { ...me, 'content-type': 'application/json' }, payload: '{"code":' });
      assert.equal(bad.statusCode, 400);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/account/2fa' })).statusCode, 401);
    });
  });
}
