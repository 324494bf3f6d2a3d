import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import type { Actor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';

const token: Actor = { type: 'token', id: 'tok-1', name: 'script', ip: '198.51.100.7' };
const oidcWriter = { scopes: ['oidc:write'] };

const codeOf = async (promise: Promise<unknown>): Promise<string> =>
  promise.then(
    () => 'ok',
    (error: unknown) => {
      if (isAppError(error)) return error.code;
      throw error;
    },
  );

for (const engine of await testEngines()) {
  describe(`Settings → OIDC page settings (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());

    it('derives the redirect URI from the request until a public URL is saved', async () => {
      assert.deepEqual(await t.services.oidcSettings.get('http://10.0.0.5:21114'), {
        public_url: '',
        redirect_uri: 'http://10.0.0.5:21114/api/oidc/callback',
        redirect_uri_source: 'request',
        max_authorized_users: 0,
        confirm_client_sign_in: true,
        password_login: true,
      });
    });

    it('keeps only the origin of the page address the console sends, and audits each setting', async () => {
      await t.services.oidcSettings.save(token, { public_url: 'https://desk.example.com/console/settings?tab=oidc', max_authorized_users: 25 }, oidcWriter);
      const view = await t.services.oidcSettings.get('http://10.0.0.5:21114');
      assert.equal(view.public_url, 'https://desk.example.com');
      assert.equal(view.redirect_uri, 'https://desk.example.com/api/oidc/callback');
      assert.equal(view.redirect_uri_source, 'saved');
      assert.equal(view.max_authorized_users, 25);
      const audit = await t.services.audit.list({ action: 'settings.update' }, { current: 1, pageSize: 10 });
      assert.deepEqual(audit.data.map((r) => r.detail).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))), [
        { max_authorized_users: 25 },
        { public_url: 'https://desk.example.com' },
      ]);
    });

    it('refuses an address that is not a URL, saving nothing of the change', async () => {
      const code = await codeOf(t.services.oidcSettings.save(token, { public_url: 'not a url', max_authorized_users: 7 }, oidcWriter));
      assert.equal(code, 'settings.invalid_value');
      const view = await t.services.oidcSettings.get('http://10.0.0.5:21114');
      assert.equal(view.public_url, 'https://desk.example.com');
      assert.equal(view.max_authorized_users, 25);
    });

    it('clears the saved public URL with an empty one', async () => {
      await t.services.oidcSettings.save(token, { public_url: '' }, oidcWriter);
      const view = await t.services.oidcSettings.get('http://10.0.0.5:21114');
      assert.equal(view.public_url, '');
      assert.equal(view.redirect_uri_source, 'request');
    });

    it('turns password sign-in off only for a caller that also holds settings:write', async () => {
      assert.equal(await codeOf(t.services.oidcSettings.save(token, { password_login: false, confirm_client_sign_in: false }, oidcWriter)), 'auth.scope');
      assert.deepEqual(
        await t.services.oidcSettings.get('http://10.0.0.5:21114').then((v) => [v.password_login, v.confirm_client_sign_in]),
        [true, true],
      );
      await t.services.oidcSettings.save(token, { password_login: false }, { scopes: ['oidc:write', 'settings:write'] });
      assert.equal((await t.services.oidcSettings.get('http://10.0.0.5:21114')).password_login, false);
    });
  });

  describe(`Settings → OIDC page settings under DESKGATE_PUBLIC_URL (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine, { env: { DESKGATE_PUBLIC_URL: 'https://rd.example.org' } });
    });
    after(() => t.close());

    it('sends the configured public URL, whatever is saved', async () => {
      await t.services.oidcSettings.save(token, { public_url: 'https://desk.example.com/' }, oidcWriter);
      const view = await t.services.oidcSettings.get('http://10.0.0.5:21114');
      assert.equal(view.public_url, 'https://desk.example.com');
      assert.equal(view.redirect_uri, 'https://rd.example.org/api/oidc/callback');
      assert.equal(view.redirect_uri_source, 'DESKGATE_PUBLIC_URL');
    });
  });
}
