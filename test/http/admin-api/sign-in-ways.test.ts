import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createProvider, createUser, linkIdentity, signInConsole } from '../../support/fixtures.js';
import { assertJsonError } from '../../support/malformed.js';

/**
 * No one-click lock-out through the admin API: each change that would leave no enabled
 * administrator a way to sign in is refused with 409 `signin.would_lock_out`, and the preview
 * says beforehand who a change affects.
 */
for (const engine of await testEngines()) {
  describe(`admin API: no lock-out (${engine})`, () => {
    let t: TestApp;
    let admin: Record<string, string>;
    let corp: string;

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'root', is_admin: true });
      admin = (await signInConsole(t, 'root')).headers;
      // The administrators' only way in after password sign-in goes off: sso-admin through corp.
      const ssoAdmin = await t.services.users.create(systemActor, { name: 'sso-admin', is_admin: true });
      corp = (await createProvider(t, { type: 'oidc', name: 'corp', issuer: 'https://corp.example', client_id: 'x' })).id;
      await linkIdentity(t, ssoAdmin.id, corp);
      await createUser(t, { name: 'member' });
    });
    after(() => t.close());

    const preview = (payload: object, headers = admin) => t.app.inject({ method: 'POST', url: '/api/admin/oidc/sign-in-ways/preview', headers, payload });

    it('previews password sign-in off: who loses their way in, nothing changed', async () => {
      const response = await preview({ change: 'password_login_off' });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { refused: false, message: '', affected: 2, affected_names: ['member', 'root'], administrators_left: 1 });
      assert.equal(await t.services.settings.get('password_login'), true);
    });

    it('refuses turning off, unlinking or deleting the provider administrators then rely on, with the words of the preview', async () => {
      const off = await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: admin, payload: { password_login: false } });
      assert.equal(off.statusCode, 200, off.body);

      const said = (await preview({ change: 'disable_provider', provider_id: corp })).json() as { refused: boolean; message: string };
      assert.equal(said.refused, true);
      assert.match(said.message, /This provider cannot be turned off/);
      const refusals = [
        await t.app.inject({ method: 'PATCH', url: `/api/admin/oidc/providers/${corp}`, headers: admin, payload: { enabled: false } }),
        await t.app.inject({ method: 'PATCH', url: `/api/admin/oidc/providers/${corp}`, headers: admin, payload: { issuer: 'https://moved.example', unlink_identities: true } }),
        await t.app.inject({ method: 'DELETE', url: `/api/admin/oidc/providers/${corp}`, headers: admin }),
      ];
      for (const response of refusals) {
        const error = assertJsonError(response, 409);
        assert.equal(error.code, 'signin.would_lock_out');
        assert.match(error.error, /no enabled administrator would have a way to sign in/);
        assert.match(error.error, /Turn password sign-in on \(Settings → Others\)/);
      }
      assert.equal(said.message, refusals[0]?.json().error);
      const kept = (await t.app.inject({ method: 'GET', url: `/api/admin/oidc/providers/${corp}`, headers: admin })).json() as { enabled: boolean; issuer: string };
      assert.deepEqual([kept.enabled, kept.issuer], [true, 'https://corp.example']);
      assert.equal(await t.store.identities.countForProvider(corp), 1);

      // Password sign-in back on: the provider may go, and the preview names who it takes.
      await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: admin, payload: { password_login: true } });
      assert.deepEqual((await preview({ change: 'delete_provider', provider_id: corp })).json(), {
        refused: false,
        message: '',
        affected: 1,
        affected_names: ['sso-admin'],
        administrators_left: 1,
      });
    });

    it('refuses demoting, disabling or deleting the one administrator with a way in, or unlinking their identity', async () => {
      assert.equal((await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: admin, payload: { password_login: false } })).statusCode, 200);
      try {
        const ssoAdmin = (await t.services.users.findByName('sso-admin'))!.id;
        const [link] = await t.store.identities.listForUser(ssoAdmin);
        assert.ok(link);
        const refusals = [
          await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${ssoAdmin}`, headers: admin, payload: { is_admin: false } }),
          await t.app.inject({ method: 'POST', url: `/api/admin/users/${ssoAdmin}/disable`, headers: admin }),
          await t.app.inject({ method: 'DELETE', url: `/api/admin/users/${ssoAdmin}`, headers: admin }),
          await t.app.inject({ method: 'DELETE', url: `/api/admin/users/${ssoAdmin}/identities/${link.id}`, headers: admin }),
        ];
        for (const response of refusals) assert.equal(assertJsonError(response, 409).code, 'signin.would_lock_out');
        const kept = (await t.app.inject({ method: 'GET', url: `/api/admin/users/${ssoAdmin}`, headers: admin })).json() as { is_admin: boolean; status: number };
        assert.deepEqual([kept.is_admin, kept.status], [true, 1]);
        assert.equal((await t.store.identities.listForUser(ssoAdmin)).length, 1);
      } finally {
        await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: admin, payload: { password_login: true } });
      }
    });

    it('refuses a preview without its provider, of an unknown one or an unknown change, and needs oidc:read', async () => {
      assert.equal(assertJsonError(await preview({ change: 'disable_provider' }), 400).code, 'request.invalid');
      assert.equal(assertJsonError(await preview({ change: 'delete_provider', provider_id: 'nope' }), 404).code, 'provider.not_found');
      assertJsonError(await preview({ change: 'drop_everything' }), 400);
      assertJsonError(await preview({ change: 'unlink_provider', provider_id: 'x'.repeat(65) }), 400);
      const reader = (await createApiToken(t, ['oidc:read'], 'reader')).headers;
      assert.equal((await preview({ change: 'password_login_off' }, reader)).statusCode, 200);
      const users = (await createApiToken(t, ['users:read'], 'users')).headers;
      assert.equal(assertJsonError(await preview({ change: 'password_login_off' }, users), 403).code, 'auth.scope');
    });
  });
}
