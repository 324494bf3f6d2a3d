import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { systemActor } from '../../src/services/audit.js';
import { totpCode } from '../../src/services/totp.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createUser, signInConsole } from '../support/fixtures.js';
import { assertJsonError } from '../support/malformed.js';
import { DEVICE, dart, loginBody } from '../support/rustdesk-client.js';
import { errorBodyProblems } from '../support/rustdesk-shapes.js';

type Headers = Record<string, string>;
const CONSOLE = { origin: 'http://localhost' };

/** The cookie pairs a browser keeps from a reply (name=value, attributes dropped). */
function cookiesOf(response: { headers: Record<string, unknown> }): Record<string, string> {
  const raw = response.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)];
  return Object.fromEntries(list.map((c: string) => (c.split(';')[0] ?? '').split('=') as [string, string]));
}

for (const engine of await testEngines()) {
  describe(`required and trusted two-factor sign-in (${engine})`, () => {
    let t: TestApp;

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
    });
    after(() => t.close());

    const post = (url: string, payload: unknown, headers: Headers = {}) =>
      t.app.inject({ method: 'POST', url, payload: payload as object, headers: { ...CONSOLE, ...headers } });
    const call = (method: InjectOptions['method'], url: string, headers: Headers, payload?: unknown) =>
      t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    const reasons = async (name: string) =>
      (await t.store.signInAttempts.listFailures({}, { current: 1, pageSize: 100 })).rows.filter((f) => f.name === name).map((f) => f.reason);
    const actions = async () => (await t.services.audit.list({}, { current: 1, pageSize: 200 })).data.map((r) => `${r.action} ${r.target.name}`);

    /** Signs in as a person who set 2FA up: the password, then a code; the seed for later codes. */
    async function enrolled(name: string) {
      const user = await createUser(t, { name });
      const seed = (await t.services.twoFactor.start(systemActor, user)).secret;
      await t.services.twoFactor.confirm(systemActor, user, totpCode(seed, t.clock.now()));
      t.clock.advance(30_000);
      return { user, code: () => (t.clock.advance(30_000), totpCode(seed, t.clock.now())) };
    }

    it('refuses a RustDesk client of a person 2FA is required of and who has not set it up, in the client’s error shape, telling them to use the console', async () => {
      const fay = await createUser(t, { name: 'fay' });
      await t.services.twoFactor.setRequired(systemActor, { type: 'user', id: fay.id, name: 'fay' }, true);
      const response = await t.app.inject(dart('POST', '/api/login', loginBody('fay', PASSWORD)));
      assert.equal(response.statusCode, 403);
      assert.deepEqual(errorBodyProblems(response.json()), []);
      assert.deepEqual(response.json(), { error: 'Two-factor sign-in is required for your account: sign in to the web console first to set it up' });
      assert.deepEqual(await t.store.accessTokens.listForUser(fay.id, t.clock.now()), []);
      assert.ok((await reasons('fay')).includes('tfa_not_set_up'));

      // Through a user group too; and no longer once the requirement is lifted.
      const gus = await createUser(t, { name: 'gus' });
      const group = await t.services.groups.create(systemActor, { name: 'Finance' });
      await t.services.groups.changeMembers(systemActor, group.id, { add: [gus.id] });
      await t.services.twoFactor.setRequired(systemActor, { type: 'user_group', id: group.id, name: 'Finance' }, true);
      assert.equal((await t.app.inject(dart('POST', '/api/login', loginBody('gus', PASSWORD)))).statusCode, 403);
      await t.services.twoFactor.setRequired(systemActor, { type: 'user_group', id: group.id, name: 'Finance' }, false);
      const after = await t.app.inject(dart('POST', '/api/login', loginBody('gus', PASSWORD)));
      assert.equal(after.json().type, 'access_token');
    });

    it('makes a required person set 2FA up at the console sign-in before any session exists', async () => {
      const hal = await createUser(t, { name: 'hal' });
      await t.services.twoFactor.setRequired(systemActor, { type: 'user', id: hal.id, name: 'hal' }, true);
      const first = await post('/api/session', { username: 'hal', password: PASSWORD });
      assert.equal(first.statusCode, 200, first.body);
      const { secret, step, two_factor_required } = first.json() as { secret: string; step: string; two_factor_required: boolean };
      assert.deepEqual([two_factor_required, step], [true, 'enrol']);
      assert.equal(first.headers['set-cookie'], undefined, 'no session cookie before 2FA is set up');

      // The enrolment's secret opens no code step, and a made-up one opens no enrolment.
      const asCode = await post('/api/session/2fa', { secret, code: '123456' });
      assert.equal(asCode.statusCode, 401);
      assert.equal((await post('/api/session/2fa/enrol/start', { secret: 'tfa_made_up' })).statusCode, 401);

      const started = await post('/api/session/2fa/enrol/start', { secret });
      assert.equal(started.statusCode, 200, started.body);
      const seed = (started.json() as { secret: string; uri: string }).secret;
      assert.match(seed, /^[A-Z2-7]{32}$/);
      assert.equal(started.headers['set-cookie'], undefined);

      const wrong = await post('/api/session/2fa/enrol/confirm', { secret, code: '000000' });
      assert.equal(wrong.statusCode, 401);
      assert.equal(wrong.json().error, 'Wrong verification code');
      assert.ok((await reasons('hal')).includes('bad_tfa_code'));
      assert.equal(await t.services.twoFactor.isEnabled(hal.id), false);

      const confirmed = await post('/api/session/2fa/enrol/confirm', { secret, code: totpCode(seed, t.clock.now()) });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      const body = confirmed.json() as { backup_codes: string[]; user: { name: string }; csrf_token: string };
      assert.equal(body.user.name, 'hal');
      assert.equal(body.backup_codes.length, 10);
      const cookie = Object.entries(cookiesOf(confirmed)).find(([name]) => name === 'deskgate_session');
      assert.ok(cookie, 'the session opens once 2FA is on');
      assert.equal(await t.services.twoFactor.isEnabled(hal.id), true);
      assert.ok((await actions()).includes('user.2fa_enable hal'));
      // Spent: the same secret sets nothing up twice.
      assert.equal((await post('/api/session/2fa/enrol/start', { secret })).statusCode, 401);

      // Next time the code is asked, as for anyone with 2FA on; and it cannot be turned off while required.
      const again = await post('/api/session', { username: 'hal', password: PASSWORD });
      assert.equal(again.json().step, 'code');
      const me = { cookie: `deskgate_session=${cookie[1]}`, 'x-csrf-token': body.csrf_token };
      const off = await call('POST', '/api/account/2fa/disable', me, { password: PASSWORD });
      assert.equal(off.statusCode, 409);
      assert.match(off.json().error, /renew it instead/);
    });

    it('trusts a browser for 30 days after its code: no code there, a code elsewhere, and none after revoking', async () => {
      const { user: ivy, code } = await enrolled('ivy');
      const first = (await post('/api/session', { username: 'ivy', password: PASSWORD })).json() as { secret: string };
      const second = await post('/api/session/2fa', { secret: first.secret, code: code(), trust: true });
      assert.equal(second.statusCode, 200, second.body);
      const trust = cookiesOf(second).deskgate_trust ?? '';
      assert.ok(trust.length > 20);
      assert.match(String(second.headers['set-cookie']), /deskgate_trust=[^;]+; Path=\/api\/session; HttpOnly; SameSite=Lax; Max-Age=2592000/);
      const stored = await t.store.db.kysely.selectFrom('trusted_devices').selectAll().where('user_id', '=', ivy.id).execute();
      assert.equal(stored.length, 1);
      assert.ok(!JSON.stringify(stored).includes(decodeURIComponent(trust)), 'only a hash of the token is stored');

      const trusted = await post('/api/session', { username: 'ivy', password: PASSWORD }, { cookie: `deskgate_trust=${trust}` });
      assert.ok('csrf_token' in trusted.json(), 'no code on the trusted browser');
      assert.equal((await post('/api/session', { username: 'ivy', password: PASSWORD })).json().step, 'code', 'a code on another one');
      // Another person signing in on that browser is still asked.
      await enrolled('jon');
      assert.equal((await post('/api/session', { username: 'jon', password: PASSWORD }, { cookie: `deskgate_trust=${trust}` })).json().step, 'code');

      const me = (await signInConsoleWithTrust(trust, 'ivy')).headers;
      const list = await call('GET', '/api/account/2fa/trusted-devices', me);
      assert.equal(list.statusCode, 200);
      const devices = (list.json() as { data: { id: string; kind: string }[] }).data;
      assert.deepEqual(devices.map((d) => d.kind), ['console']);
      assert.equal((await call('DELETE', `/api/account/2fa/trusted-devices/${devices[0]!.id}`, me)).statusCode, 204);
      assert.equal((await call('DELETE', `/api/account/2fa/trusted-devices/${devices[0]!.id}`, me)).statusCode, 404);
      assert.equal((await post('/api/session', { username: 'ivy', password: PASSWORD }, { cookie: `deskgate_trust=${trust}` })).json().step, 'code');
      assert.ok((await actions()).includes('user.2fa_trust_device ivy'));
      assert.ok((await actions()).includes('user.2fa_revoke_trust ivy'));

      // Trust ends after 30 days.
      const fresh = await post('/api/session/2fa', { secret: (await post('/api/session', { username: 'ivy', password: PASSWORD })).json().secret, code: code(), trust: true });
      const token = cookiesOf(fresh).deskgate_trust ?? '';
      t.clock.advance(30 * 24 * 3_600_000 + 1);
      assert.equal((await post('/api/session', { username: 'ivy', password: PASSWORD }, { cookie: `deskgate_trust=${token}` })).json().step, 'code');
    });

    /** A session of a trusted browser (no code asked). */
    async function signInConsoleWithTrust(trust: string, name: string) {
      const response = await post('/api/session', { username: name, password: PASSWORD }, { cookie: `deskgate_trust=${trust}` });
      const body = response.json() as { csrf_token: string };
      const cookie = `deskgate_session=${cookiesOf(response).deskgate_session}`;
      return { headers: { cookie, 'x-csrf-token': body.csrf_token } };
    }

    it('ends trust when the password changes, and when 2FA is reset or turned off', async () => {
      const { user: kim, code } = await enrolled('kim');
      const trustOnce = async () => {
        const first = (await post('/api/session', { username: 'kim', password: PASSWORD })).json() as { secret: string };
        return cookiesOf(await post('/api/session/2fa', { secret: first.secret, code: code(), trust: true })).deskgate_trust ?? '';
      };
      const askedWith = async (trust: string) =>
        (await post('/api/session', { username: 'kim', password: PASSWORD }, { cookie: `deskgate_trust=${trust}` })).json().step;

      let trust = await trustOnce();
      assert.equal(await askedWith(trust), undefined);
      await t.services.users.setPassword(systemActor, kim.id, PASSWORD);
      assert.equal(await askedWith(trust), 'code', 'a password change (even to the same) voids the trust');

      trust = await trustOnce();
      await t.services.twoFactor.reset(systemActor, kim);
      assert.deepEqual(await t.services.twoFactor.trustedDevices(kim.id), []);
    });

    it('trusts a signed-in RustDesk client by its id and uuid: its next password sign-in gets a token without a code', async () => {
      const { user: lea, code } = await enrolled('lea');
      const first = (await t.app.inject(dart('POST', '/api/login', loginBody('lea', PASSWORD)))).json() as { secret: string };
      const step = { verificationCode: '', tfaCode: '', secret: first.secret, username: 'lea', id: DEVICE.id, uuid: DEVICE.uuid, autoLogin: true, type: 'email_code', deviceInfo: DEVICE.deviceInfo };
      const c = code();
      assert.equal((await t.app.inject(dart('POST', '/api/login', { ...step, verificationCode: c, tfaCode: c }))).json().type, 'access_token');

      const me = (await signInConsoleWithCode('lea', code)).headers;
      const signedIn = (await call('GET', '/api/account/devices', me)).json() as { data: { id: string }[] };
      const trusted = await call('POST', '/api/account/2fa/trusted-devices', me, { sign_in_id: signedIn.data[0]!.id });
      assert.equal(trusted.statusCode, 204, trusted.body);
      assert.equal((await call('POST', '/api/account/2fa/trusted-devices', me, { sign_in_id: 'not-mine' })).statusCode, 404);
      const list = (await call('GET', '/api/account/2fa/trusted-devices', me)).json() as { data: { kind: string; device_id: string }[] };
      assert.deepEqual(list.data.map((d) => [d.kind, d.device_id]), [['client', DEVICE.id]]);

      const again = await t.app.inject(dart('POST', '/api/login', loginBody('lea', PASSWORD)));
      assert.equal(again.json().type, 'access_token', 'the trusted client is not asked');
      const other = await t.app.inject(dart('POST', '/api/login', { ...loginBody('lea', PASSWORD), uuid: 'b3RoZXI=' }));
      assert.equal(other.json().tfa_type, 'tfa_check', 'the same id with another uuid is');

      assert.equal((await call('DELETE', '/api/account/2fa/trusted-devices', me)).statusCode, 204);
      assert.equal((await t.app.inject(dart('POST', '/api/login', loginBody('lea', PASSWORD)))).json().tfa_type, 'tfa_check');
      void lea;
    });

    async function signInConsoleWithCode(name: string, code: () => string) {
      const first = (await post('/api/session', { username: name, password: PASSWORD })).json() as { secret: string };
      const response = await post('/api/session/2fa', { secret: first.secret, code: code() });
      const body = response.json() as { csrf_token: string };
      return { headers: { cookie: `deskgate_session=${cookiesOf(response).deskgate_session}`, 'x-csrf-token': body.csrf_token } };
    }

    it('answers malformed input to the new routes with a JSON 4xx', async () => {
      const me = (await signInConsole(t, (await createUser(t, { name: 'max' })).name)).headers;
      for (const [url, payload] of [
        ['/api/session/2fa/enrol/start', { secret: 'x'.repeat(257) }],
        ['/api/session/2fa/enrol/start', { secret: '' }],
        ['/api/session/2fa/enrol/confirm', { secret: 'x' }],
        ['/api/session/2fa/enrol/confirm', { secret: 'x', code: 'y'.repeat(33) }],
        ['/api/session/2fa/enrol/confirm', { code: '123456', trust: 'yes' }],
        ['/api/session/2fa', { code: '123456', trust: 'maybe' }],
      ] as const) {
        assertJsonError(await post(url, payload), 400);
      }
      // No secret and no pending cookie: nothing to continue.
      assertJsonError(await post('/api/session/2fa/enrol/start', {}), 401);
      assertJsonError(await post('/api/session/2fa', { code: '123456' }), 401);
      assertJsonError(await call('POST', '/api/account/2fa/trusted-devices', me, { sign_in_id: '' }), 400);
      assertJsonError(await call('POST', '/api/account/2fa/trusted-devices', me, {}), 400);
      assertJsonError(await call('POST', '/api/account/2fa/trusted-devices', me, { sign_in_id: 'x' }), 409);
      assertJsonError(await call('DELETE', '/api/account/2fa/trusted-devices/nope', me), 404);
      assertJsonError(await call('GET', '/api/account/2fa/trusted-devices', {}), 401);
    });
  });
}
