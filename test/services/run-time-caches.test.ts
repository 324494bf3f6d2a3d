import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/app.js';
import { isAppError } from '../../src/errors.js';
import { openDatabase } from '../../src/store/db.js';
import { buildTestApp, testPasswords, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';

const admin = { type: 'cli' as const, id: '', name: 'test', ip: '' };

for (const engine of await testEngines()) {
  describe(`settings and providers read on every sign-in (${engine})`, () => {
    let t: TestApp;
    let other: App;

    before(async () => {
      t = await buildTestApp(engine);
      // A second instance on the same database, with the same clock.
      other = await buildApp(t.config, { clock: t.clock, passwords: testPasswords, db: openDatabase(t.database.location) });
    });
    after(async () => {
      await other.close();
      await t.close();
    });

    it('applies a setting at once where it was changed, and elsewhere within 5 seconds', async () => {
      assert.equal(await other.services.settings.get('confirm_client_sign_in'), true);
      await t.services.settings.set(admin, 'confirm_client_sign_in', false);
      assert.equal(await t.services.settings.get('confirm_client_sign_in'), false);
      assert.equal(await other.services.settings.get('confirm_client_sign_in'), true);
      t.clock.advance(5_000);
      assert.equal(await other.services.settings.get('confirm_client_sign_in'), false);
    });

    it('applies a provider change at once where it was made, and elsewhere within 5 seconds', async () => {
      const created = await t.services.providers.create(admin, {
        enabled: true,
        type: 'oidc',
        name: 'corp',
        issuer: 'https://idp.example',
        client_id: 'deskgate',
        client_secret: 's3cret',
      });
      assert.deepEqual(await t.services.signInOptions.forClients(), ['oidc/corp', 'common-oidc/[{"name":"corp"}]']);
      t.clock.advance(5_000);
      assert.equal((await other.services.providers.forSignIn({ name: 'corp' })).client_secret, 's3cret');

      await t.services.providers.update(admin, created.id, { enabled: false });
      await assert.rejects(t.services.providers.forSignIn({ name: 'corp' }), (e) => isAppError(e, 'provider.not_found'));
      assert.deepEqual(await t.services.signInOptions.forClients(), []);
      assert.equal((await other.services.providers.forSignIn({ id: created.id })).name, 'corp');
      t.clock.advance(5_000);
      await assert.rejects(other.services.providers.forSignIn({ id: created.id }), (e) => isAppError(e, 'provider.not_found'));
      assert.deepEqual(await other.services.signInOptions.forClients(), []);
      // A disabled provider keeps its name for tokens it issued.
      assert.equal(await other.services.providers.nameOf(created.id), 'corp');
    });
  });
}
