import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { systemActor, type Actor } from '../../src/services/audit.js';
import { SETTINGS_CACHE_MS, createSettingsService } from '../../src/services/settings.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';

const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);
const script: Actor = { type: 'token', id: 't1', name: 'script', ip: '10.0.0.9' };

for (const engine of await testEngines()) {
  describe(`settings (${engine})`, () => {
    let t: TestApp;
    let settings: TestApp['services']['settings'];
    before(async () => {
      t = await buildTestApp(engine);
      settings = t.services.settings;
    });
    after(() => t.close());

    it('starts with the defaults', async () => {
      assert.deepEqual(await settings.all(), { password_login: true, public_url: '', max_authorized_users: 0, confirm_client_sign_in: true, accept_device_presets: false, log_retention_days: 0, max_peer_one_ab: 0, 'rendezvous.login_required': false, 'rendezvous.admission': 'off' });
    });

    it('refuses an unknown setting and a value of the wrong kind', async () => {
      await assert.rejects(settings.set(systemActor, 'no_such_setting', true), code('settings.unknown'));
      await assert.rejects(settings.set(systemActor, '__proto__', true), code('settings.unknown'));
      for (const [name, value] of [
        ['password_login', 'false'],
        ['public_url', 'https://deskgate.example/path'],
        ['public_url', 'ftp://deskgate.example'],
        ['public_url', 'deskgate.example'],
        ['max_authorized_users', -1],
        ['max_authorized_users', 1.5],
        ['max_authorized_users', '10'],
        ['confirm_client_sign_in', null],
        ['log_retention_days', -1],
        ['log_retention_days', 3651],
        ['log_retention_days', 7.5],
        ['log_retention_days', '30'],
        ['rendezvous.login_required', 'true'],
        ['rendezvous.admission', 'Approval'],
        ['rendezvous.admission', ''],
        ['rendezvous.admission', true],
      ] as const) {
        await assert.rejects(settings.set(systemActor, name, value), code('settings.invalid_value'), `${name}=${String(value)}`);
      }
      assert.deepEqual(await settings.all(), { password_login: true, public_url: '', max_authorized_users: 0, confirm_client_sign_in: true, accept_device_presets: false, log_retention_days: 0, max_peer_one_ab: 0, 'rendezvous.login_required': false, 'rendezvous.admission': 'off' });
      await settings.set(systemActor, 'public_url', 'https://deskgate.example/');
      assert.equal(await settings.get('public_url'), 'https://deskgate.example/');
      await settings.set(systemActor, 'public_url', '');
    });

    it('lets each setting be changed only with its own scope', async () => {
      await assert.rejects(settings.set(script, 'password_login', false, { scopes: ['oidc:write'] }), code('auth.scope'));
      await assert.rejects(settings.set(script, 'confirm_client_sign_in', false, { scopes: ['settings:write'] }), code('auth.scope'));
      await assert.rejects(settings.set(script, 'max_authorized_users', 5, { scopes: ['settings:write'] }), code('auth.scope'));
      assert.equal(await settings.get('password_login'), true);
      await settings.set(script, 'password_login', false, { scopes: ['settings:write'] });
      assert.equal(await settings.get('password_login'), false);
      await settings.set(script, 'password_login', true, { scopes: ['admin'] });
      await assert.rejects(settings.set(script, 'password_login', false), /without saying what it holds/);
    });

    it('changes several settings whole or not at all', async () => {
      await assert.rejects(
        settings.setMany(script, { public_url: 'https://a.example', password_login: false }, { scopes: ['oidc:write'] }),
        code('auth.scope'),
      );
      await assert.rejects(settings.setMany(systemActor, { public_url: 'https://a.example', max_authorized_users: -5 }), code('settings.invalid_value'));
      assert.equal(await settings.get('public_url'), '');
      await settings.setMany(systemActor, { public_url: 'https://a.example', max_authorized_users: 7 });
      assert.equal(await settings.get('public_url'), 'https://a.example');
      assert.equal(await settings.get('max_authorized_users'), 7);
      await settings.setMany(systemActor, { public_url: '', max_authorized_users: 0 });
    });

    it('audits each change with its value', async () => {
      await settings.set(script, 'confirm_client_sign_in', false, { scopes: ['oidc:write'] });
      const [record] = (await t.services.audit.list({ action: 'settings.update', target: 'confirm_client_sign_in' }, { current: 1, pageSize: 1 })).data;
      assert.deepEqual(record?.detail, { confirm_client_sign_in: false });
      assert.equal(record?.actor.name, 'script');
      assert.equal(record?.ip, '10.0.0.9');
      await settings.set(systemActor, 'confirm_client_sign_in', true);
    });

    it('sees its own change at once, another instance’s within the cache time, and password sign-in always at once', async () => {
      // A second instance on the same database.
      const other = createSettingsService({ store: t.store, clock: t.clock, audit: t.services.audit });
      assert.equal(await settings.get('max_authorized_users'), 0);
      assert.equal(await settings.get('password_login'), true);
      await other.set(systemActor, 'max_authorized_users', 3);
      await other.set(systemActor, 'password_login', false);
      assert.equal(await other.get('max_authorized_users'), 3);
      // The way back in (password sign-in) is read fresh; the others within SETTINGS_CACHE_MS.
      assert.equal(await settings.get('password_login'), false);
      assert.equal(await settings.get('max_authorized_users'), 0);
      t.clock.advance(SETTINGS_CACHE_MS);
      assert.equal(await settings.get('max_authorized_users'), 3);
      await settings.setMany(systemActor, { max_authorized_users: 0, password_login: true });
    });
  });
}
