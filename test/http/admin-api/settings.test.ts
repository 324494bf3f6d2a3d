import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { systemActor } from '../../../src/services/audit.js';
import { PASSWORD, createApiToken, createProvider, createUser, linkIdentity, signInConsole } from '../../support/fixtures.js';
import { assertJsonError } from '../../support/malformed.js';
import { dart, loginBody } from '../../support/rustdesk-client.js';

for (const engine of await testEngines()) {
  describe(`admin API: settings (${engine})`, () => {
    let t: TestApp;
    let admin: Record<string, string>;

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'root', is_admin: true });
      admin = (await signInConsole(t, 'root')).headers;
    });
    after(() => t.close());

    const put = (payload: unknown) => t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: admin, payload: payload as object });
    const consoleSignIn = () => t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'root', password: PASSWORD }, headers: { 'sec-fetch-site': 'same-origin' } });

    it('starts with password sign-in on', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/admin/settings', headers: admin });
      assert.deepEqual(response.json(), { password_login: true, accept_device_presets: false, log_retention_days: 0, max_peer_one_ab: 0, 'rendezvous.login_required': false, 'rendezvous.admission': 'off' });
    });

    it('turns Accept device presets on and off, audited, with settings:write only', async () => {
      const oidcOnly = (await createApiToken(t, ['oidc:write', 'settings:read'])).headers;
      const refused = await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: oidcOnly, payload: { accept_device_presets: true } });
      assertJsonError(refused, 403);
      assert.deepEqual((await put({ accept_device_presets: true })).json(), { password_login: true, accept_device_presets: true, log_retention_days: 0, max_peer_one_ab: 0, 'rendezvous.login_required': false, 'rendezvous.admission': 'off' });
      assertJsonError(await put({ accept_device_presets: 'yes' }), 400);
      assert.deepEqual((await put({ accept_device_presets: false })).json(), { password_login: true, accept_device_presets: false, log_retention_days: 0, max_peer_one_ab: 0, 'rendezvous.login_required': false, 'rendezvous.admission': 'off' });
      const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit/console?action=settings.update', headers: admin });
      const details = (audit.json() as { data: { detail: Record<string, unknown> }[] }).data.map((r) => r.detail);
      assert.deepEqual(details.slice(0, 2), [{ accept_device_presets: false }, { accept_device_presets: true }]);
    });

    it('keeps logs for the days set in log_retention_days (0: forever), audited, with settings:write only', async () => {
      const oidcOnly = (await createApiToken(t, ['oidc:write', 'settings:read'])).headers;
      const refused = await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: oidcOnly, payload: { log_retention_days: 30 } });
      assertJsonError(refused, 403);
      assert.equal((await put({ log_retention_days: 30 })).json().log_retention_days, 30);
      assert.equal((await put({ log_retention_days: 3650 })).json().log_retention_days, 3650);
      assert.equal((await put({ log_retention_days: 0 })).json().log_retention_days, 0);
      const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit/console?action=settings.update', headers: admin });
      const details = (audit.json() as { data: { detail: Record<string, unknown> }[] }).data.map((r) => r.detail);
      assert.deepEqual(details.slice(0, 3), [{ log_retention_days: 0 }, { log_retention_days: 3650 }, { log_retention_days: 30 }]);
    });

    it('refuses a log retention that is not a whole number of days from 0 to 3650, and changes nothing', async () => {
      await put({ log_retention_days: 90 });
      for (const value of [-1, 3651, 1.5, '30', '', null, true, [30], { days: 30 }, 1e12]) {
        const refused = assertJsonError(await put({ log_retention_days: value }), 400);
        assert.match(refused.error, /log_retention_days/, JSON.stringify(value));
      }
      // A bad value beside a good one changes neither.
      assertJsonError(await put({ accept_device_presets: true, log_retention_days: -5 }), 400);
      const now = await t.app.inject({ method: 'GET', url: '/api/admin/settings', headers: admin });
      assert.deepEqual(now.json(), { password_login: true, accept_device_presets: false, log_retention_days: 90, max_peer_one_ab: 0, 'rendezvous.login_required': false, 'rendezvous.admission': 'off' });
      await put({ log_retention_days: 0 });
    });

    it('caps the peers of one address book at max_peer_one_ab (0: no limit), audited, with settings:write only', async () => {
      const oidcOnly = (await createApiToken(t, ['oidc:write', 'settings:read'])).headers;
      assertJsonError(await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: oidcOnly, payload: { max_peer_one_ab: 10 } }), 403);
      assert.equal((await put({ max_peer_one_ab: 500 })).json().max_peer_one_ab, 500);
      assert.equal(await t.services.settings.get('max_peer_one_ab'), 500);
      for (const value of [-1, 1_000_001, 2.5, '10', null, true]) {
        assert.match(assertJsonError(await put({ max_peer_one_ab: value }), 400).error, /max_peer_one_ab/, JSON.stringify(value));
      }
      assert.equal((await put({ max_peer_one_ab: 0 })).json().max_peer_one_ab, 0);
      const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit/console?action=settings.update', headers: admin });
      const details = (audit.json() as { data: { detail: Record<string, unknown> }[] }).data.map((r) => r.detail);
      assert.deepEqual(details.slice(0, 2), [{ max_peer_one_ab: 0 }, { max_peer_one_ab: 500 }]);
    });

    it('refuses password sign-in off while no administrator could sign in without it, saying why and what to do', async () => {
      const refused = assertJsonError(await put({ password_login: false }), 409);
      assert.equal(refused.code, 'signin.would_lock_out');
      assert.match(refused.error, /Password sign-in cannot be turned off: no enabled administrator would have a way to sign in/);
      assert.match(refused.error, /sign in through an enabled provider first/);
      const oidcPage = await t.app.inject({ method: 'PUT', url: '/api/admin/oidc/settings', headers: admin, payload: { password_login: false, max_authorized_users: 3 } });
      assert.equal(assertJsonError(oidcPage, 409).code, 'signin.would_lock_out');
      const now = await t.app.inject({ method: 'GET', url: '/api/admin/oidc/settings', headers: admin });
      assert.deepEqual([now.json().password_login, now.json().max_authorized_users], [true, 0]);
    });

    it('turns password sign-in off for clients and the console, audited, and back on', async () => {
      // An administrator who has signed in through an enabled provider keeps a way in.
      const viaSso = await t.services.users.create(systemActor, { name: 'sso-admin', is_admin: true });
      await linkIdentity(t, viaSso.id, (await createProvider(t, { type: 'oidc', name: 'corp', issuer: 'https://corp.example', client_id: 'x' })).id);
      const off = await put({ password_login: false });
      assert.deepEqual(off.json(), { password_login: false, accept_device_presets: false, log_retention_days: 0, max_peer_one_ab: 0, 'rendezvous.login_required': false, 'rendezvous.admission': 'off' });
      const client = await t.app.inject(dart('POST', '/api/login', loginBody('root', PASSWORD)));
      assert.equal(client.statusCode, 403);
      assert.equal(assertJsonError(await consoleSignIn(), 403).code, 'auth.password_login_disabled');

      // The session that turned it off still works, so it can turn it back on.
      t.clock.advance(1);
      assert.deepEqual((await put({ password_login: true })).json(), { password_login: true, accept_device_presets: false, log_retention_days: 0, max_peer_one_ab: 0, 'rendezvous.login_required': false, 'rendezvous.admission': 'off' });
      assert.equal((await consoleSignIn()).statusCode, 200);

      const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit/console?action=settings.update', headers: admin });
      const records = (audit.json() as { data: { actor: { name: string }; detail: unknown }[] }).data;
      assert.deepEqual(records.filter((r) => 'password_login' in (r.detail as object)).map((r) => [r.actor.name, r.detail]), [
        ['root', { password_login: true }],
        ['root', { password_login: false }],
      ]);
    });

    it('sets who can connect (rendezvous.login_required, rendezvous.admission), audited, with settings:write only, refusing other values', async () => {
      const oidcOnly = (await createApiToken(t, ['oidc:write', 'settings:read'])).headers;
      assertJsonError(await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: oidcOnly, payload: { 'rendezvous.admission': 'approval' } }), 403);
      const changed = (await put({ 'rendezvous.login_required': true, 'rendezvous.admission': 'approval' })).json() as Record<string, unknown>;
      assert.deepEqual([changed['rendezvous.login_required'], changed['rendezvous.admission']], [true, 'approval']);
      // In effect at once on this instance.
      assert.equal(await t.services.settings.get('rendezvous.admission'), 'approval');
      assert.equal(await t.services.settings.get('rendezvous.login_required'), true);
      for (const value of ['Approval', 'on', '', 1, null, true, ['off'], { a: 1 }]) assertJsonError(await put({ 'rendezvous.admission': value }), 400);
      for (const value of ['true', 1, null, 'yes']) assertJsonError(await put({ 'rendezvous.login_required': value }), 400);
      const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit/console?action=settings.update', headers: admin });
      const details = (audit.json() as { data: { detail: Record<string, unknown> }[] }).data.map((r) => r.detail);
      assert.deepEqual(details.slice(0, 2).sort((a, b) => Object.keys(a)[0]!.localeCompare(Object.keys(b)[0]!)), [{ 'rendezvous.admission': 'approval' }, { 'rendezvous.login_required': true }]);
      const back = (await put({ 'rendezvous.login_required': false, 'rendezvous.admission': 'off' })).json() as Record<string, unknown>;
      assert.deepEqual([back['rendezvous.login_required'], back['rendezvous.admission']], [false, 'off']);
    });

    it('refuses an unknown setting or a wrong type, and changes nothing', async () => {
      assert.equal(assertJsonError(await put({ password_login: false, password_logn: true }), 400).code, 'settings.unknown');
      assertJsonError(await put({ password_login: 'false' }), 400);
      assertJsonError(await put({ password_login: 0 }), 400);
      const now = await t.app.inject({ method: 'GET', url: '/api/admin/settings', headers: admin });
      assert.deepEqual(now.json(), { password_login: true, accept_device_presets: false, log_retention_days: 0, max_peer_one_ab: 0, 'rendezvous.login_required': false, 'rendezvous.admission': 'off' });
    });

    it('answers an empty change with the settings as they are', async () => {
      assert.deepEqual((await put({})).json(), { password_login: true, accept_device_presets: false, log_retention_days: 0, max_peer_one_ab: 0, 'rendezvous.login_required': false, 'rendezvous.admission': 'off' });
    });
  });
}
