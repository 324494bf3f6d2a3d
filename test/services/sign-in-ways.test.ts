import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { systemActor } from '../../src/services/audit.js';
import { FULL_AUTHORITY } from '../../src/services/authority.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createProvider, createUser, linkIdentity } from '../support/fixtures.js';

const code = (c: Parameters<typeof isAppError>[1]) => (error: unknown) => isAppError(error, c);
const refused = code('signin.would_lock_out');

/** An enabled provider, and `userIds` linked through it as if each had signed in. */
async function providerWith(t: TestApp, name: string, userIds: string[]): Promise<string> {
  const provider = await createProvider(t, { type: 'oidc', name, issuer: `https://${name}.example`, client_id: 'x' });
  for (const userId of userIds) await linkIdentity(t, userId, provider.id);
  return provider.id;
}

/** A person made by single sign-on: no password. */
const ssoUser = (t: TestApp, name: string, isAdmin = false) => t.services.users.create(systemActor, { name, is_admin: isAdmin });

for (const engine of await testEngines()) {
  describe(`no one-click lock-out (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());

    it('refuses password sign-in off while no administrator is linked to an enabled provider, and says why', async () => {
      await createUser(t, { name: 'root', is_admin: true });
      await assert.rejects(t.services.settings.set(systemActor, 'password_login', false), (error: unknown) => {
        assert.ok(refused(error), String(error));
        assert.match((error as Error).message, /Password sign-in cannot be turned off: no enabled administrator would have a way to sign in/);
        assert.match((error as Error).message, /sign in through an enabled provider first/);
        return true;
      });
      assert.equal(await t.services.settings.get('password_login'), true);
      // The other settings of a refused change are not written either (whole or not at all).
      await assert.rejects(t.services.settings.setMany(systemActor, { password_login: false, max_authorized_users: 7 }), refused);
      assert.equal(await t.services.settings.get('max_authorized_users'), 0);
    });

    it('allows it once an administrator is linked through an enabled provider, and the preview counts who loses their way in', async () => {
      const root = await t.services.users.findByName('root');
      const viaSso = await ssoUser(t, 'sso-admin', true);
      const corp = await providerWith(t, 'corp', [viaSso.id]);
      await createUser(t, { name: 'pw-only-1' });
      await createUser(t, { name: 'pw-only-2' });
      const linked = await createUser(t, { name: 'pw-and-sso' });
      await providerWith(t, 'other', [linked.id]);

      const impact = await t.services.signInWays.preview([{ kind: 'password_login_off' }]);
      assert.deepEqual(impact, {
        refused: false,
        message: '',
        affected: 3,
        affected_names: ['pw-only-1', 'pw-only-2', 'root'],
        administrators_left: 1,
      });
      await t.services.settings.set(systemActor, 'password_login', false);
      assert.equal(await t.services.settings.get('password_login'), false);
      assert.ok(root);

      // Now the provider is the administrators' only way: turning it off, unlinking its people
      // or deleting it is refused; the preview says so without writing anything.
      const off = await t.services.signInWays.preview([{ kind: 'disable_provider', providerId: corp }]);
      assert.equal(off.refused, true);
      assert.match(off.message, /This provider cannot be turned off/);
      assert.equal(off.administrators_left, 0);
      await assert.rejects(t.services.providers.update(systemActor, corp, { enabled: false }), refused);
      await assert.rejects(t.services.providers.update(systemActor, corp, { issuer: 'https://moved.example' }, { unlinkIdentities: true }), refused);
      await assert.rejects(t.services.providers.delete(systemActor, corp), refused);
      const kept = await t.services.providers.get(corp);
      assert.equal(kept.enabled, true);
      assert.equal(kept.issuer, 'https://corp.example');
      assert.equal(await t.store.identities.countForProvider(corp), 1);

      // A change that takes nothing from the administrators goes through.
      await t.services.providers.update(systemActor, corp, { display_name: 'Corp' });
    });

    it('lets the change through once another way exists', async () => {
      const corp = (await t.services.providers.list()).find((p) => p.name === 'corp');
      assert.ok(corp);
      await t.services.settings.set(systemActor, 'password_login', true);
      const impact = await t.services.signInWays.preview([{ kind: 'delete_provider', providerId: corp.id }]);
      assert.deepEqual(impact, {
        refused: false,
        message: '',
        affected: 1,
        affected_names: ['sso-admin'],
        administrators_left: 1,
      });
      await t.services.providers.update(systemActor, corp.id, { enabled: false });
      assert.equal((await t.services.providers.get(corp.id)).enabled, false);
    });

    it('never refuses when no administrator had a way already (the recovery command is the way back)', async () => {
      const fresh = await buildTestApp(engine);
      try {
        const admin = await ssoUser(fresh, 'lonely', true);
        const corp = await providerWith(fresh, 'corp', []);
        assert.ok(admin);
        // Password sign-in on, but the only administrator has no password: nothing to lose.
        await fresh.services.settings.set(systemActor, 'password_login', false);
        await fresh.services.providers.update(systemActor, corp, { enabled: false });
        assert.equal(await fresh.services.settings.get('password_login'), false);
      } finally {
        await fresh.close();
      }
    });

    it('refuses demoting, disabling or deleting the administrator who is the only one with a way in, and unlinking their identity', async () => {
      const fresh = await buildTestApp(engine);
      try {
        const viaSso = await ssoUser(fresh, 'only-way', true);
        const corp = await providerWith(fresh, 'corp', [viaSso.id]);
        // Another enabled administrator, with no password and no link: no way in of their own.
        const stranded = await ssoUser(fresh, 'stranded', true);
        await createUser(fresh, { name: 'pw-admin', is_admin: true });
        await fresh.services.settings.set(systemActor, 'password_login', false);
        const pwAdmin = await fresh.services.users.findByName('pw-admin');
        assert.ok(pwAdmin);
        // pw-admin has no way in with passwords off: changing them takes nothing away.
        await fresh.services.users.setStatus(systemActor, pwAdmin.id, 0);

        await assert.rejects(fresh.services.users.update(systemActor, viaSso.id, { is_admin: false }, FULL_AUTHORITY), refused);
        await assert.rejects(fresh.services.users.setStatus(systemActor, viaSso.id, 0, FULL_AUTHORITY), refused);
        await assert.rejects(fresh.services.users.delete(systemActor, viaSso.id, FULL_AUTHORITY), refused);
        const [link] = await fresh.store.identities.listForUser(viaSso.id);
        assert.ok(link);
        await assert.rejects(fresh.services.identities.unlink(systemActor, viaSso.id, link.id, { authority: FULL_AUTHORITY }), refused);
        assert.equal((await fresh.services.users.get(viaSso.id)).is_admin, true);
        assert.equal(await fresh.store.identities.countForProvider(corp), 1);

        // The stranded administrator may go; the last enabled administrator is still user.last_admin.
        await fresh.services.users.setStatus(systemActor, stranded.id, 0, FULL_AUTHORITY);
        await assert.rejects(fresh.services.users.setStatus(systemActor, viaSso.id, 0, FULL_AUTHORITY), code('user.last_admin'));
      } finally {
        await fresh.close();
      }
    });

    it('counts only enabled administrators and enabled providers', async () => {
      const fresh = await buildTestApp(engine);
      try {
        await createUser(fresh, { name: 'pw-admin', is_admin: true });
        const disabledAdmin = await ssoUser(fresh, 'disabled-admin', true);
        await fresh.services.users.setStatus(systemActor, disabledAdmin.id, 0);
        const member = await ssoUser(fresh, 'member');
        await providerWith(fresh, 'corp', [disabledAdmin.id, member.id]);
        const off = await providerWith(fresh, 'off', []);
        const admin2 = await ssoUser(fresh, 'admin-on-off', true);
        await linkIdentity(fresh, admin2.id, off);
        await fresh.services.providers.update(systemActor, off, { enabled: false });
        await assert.rejects(fresh.services.settings.set(systemActor, 'password_login', false), refused);
      } finally {
        await fresh.close();
      }
    });
  });
}

for (const engine of await testEngines()) {
  describe(`no lock-out under concurrent changes (${engine})`, () => {
    it('lets only one of two changes through when together they would lock every administrator out', async () => {
      // Each round on a database of its own: password sign-in on, one administrator with a
      // password and another linked through one enabled provider. Either change alone leaves a
      // way in; both together would leave none.
      for (let round = 0; round < 4; round++) {
        const t = await buildTestApp(engine);
        try {
          await createUser(t, { name: 'root', is_admin: true });
          const sso = await ssoUser(t, 'sso-admin', true);
          const corp = await providerWith(t, 'corp', [sso.id]);
          const changes = [
            () => t.services.settings.set(systemActor, 'password_login', false),
            () => (round % 2 === 0 ? t.services.providers.update(systemActor, corp, { enabled: false }) : t.services.providers.delete(systemActor, corp)),
          ];
          const results = await Promise.allSettled(round < 2 ? changes.map((change) => change()) : changes.reverse().map((change) => change()));
          const failed = results.filter((r) => r.status === 'rejected');
          assert.equal(failed.length, 1, `${failed.length} of 2 refused`);
          assert.ok(refused((failed[0] as PromiseRejectedResult).reason), String((failed[0] as PromiseRejectedResult).reason));
          const impact = await t.services.signInWays.preview([]);
          assert.equal(impact.administrators_left, 1);
        } finally {
          await t.close();
        }
      }
    });
  });
}
