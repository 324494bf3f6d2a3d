import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { systemActor } from '../../src/services/audit.js';
import { FULL_AUTHORITY, NO_AUTHORITY } from '../../src/services/authority.js';
import { bootstrap } from '../../src/services/bootstrap.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

const code = (c: Parameters<typeof isAppError>[1]) => (error: unknown) => isAppError(error, c);

for (const engine of await testEngines()) {
  describe(`users and groups (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());

    it('makes the first administrator with a generated password, shown once, and never twice', async () => {
      const first = await bootstrap(t.config, t.store, t.services);
      assert.equal(first.createdAdmin, 'admin');
      assert.match(first.generatedPassword ?? '', /^[A-Za-z0-9_-]{24}$/);
      const admin = await t.services.users.findByName('admin');
      assert.equal(admin?.is_admin, true);
      assert.ok(admin?.password_hash?.startsWith('$argon2id$'));
      assert.ok(await t.store.groups.findByName('Default'));
      assert.deepEqual(await bootstrap(t.config, t.store, t.services), {});
    });

    it('puts new users in the Default group unless groups are given', async () => {
      const user = await createUser(t, { name: 'grouped' });
      assert.deepEqual(user.groups.map((g) => g.name), ['Default']);
      const ops = await t.services.groups.create(systemActor, { name: 'Ops' });
      const other = await t.services.users.create(systemActor, { name: 'opsy', group_ids: [ops.id] });
      assert.deepEqual(other.groups.map((g) => g.name), ['Ops']);
      await assert.rejects(t.services.users.create(systemActor, { name: 'ghost', group_ids: ['nope'] }), code('group.not_found'));
    });

    it('refuses invalid names, duplicate names in any case, and short passwords', async () => {
      await assert.rejects(createUser(t, { name: 'has space' }), code('user.invalid_name'));
      await assert.rejects(createUser(t, { name: 'x'.repeat(65) }), code('user.invalid_name'));
      await createUser(t, { name: 'Dup' });
      await assert.rejects(createUser(t, { name: 'dUP' }), code('user.name_taken'));
      await assert.rejects(createUser(t, { name: 'shorty', password: 'short' }), code('user.weak_password'));
    });

    it('never demotes, disables or deletes the last enabled administrator', async () => {
      const admin = await t.services.users.findByName('admin');
      assert.ok(admin);
      await assert.rejects(t.services.users.update(systemActor, admin.id, { is_admin: false }), code('user.last_admin'));
      await assert.rejects(t.services.users.setStatus(systemActor, admin.id, 0), code('user.last_admin'));
      await assert.rejects(t.services.users.delete(systemActor, admin.id), code('user.last_admin'));
      // With a second enabled administrator, the first may go.
      const second = await createUser(t, { name: 'second-admin', is_admin: true });
      await t.services.users.update(systemActor, admin.id, { is_admin: false });
      await assert.rejects(t.services.users.setStatus(systemActor, second.id, 0), code('user.last_admin'));
      await t.services.users.update(systemActor, admin.id, { is_admin: true });
    });

    it('revokes a deleted user’s tokens and keeps the name in the audit record', async () => {
      const user = await createUser(t, { name: 'departing' });
      const token = await t.services.accessTokens.issue(user.id, { deviceId: '1', uuid: 'u', deviceInfo: {}, ip: '127.0.0.1' });
      assert.equal((await t.services.accessTokens.verify(token)).user.name, 'departing');
      // An administrator's console session: a person acting says what they hold.
      await t.services.users.delete({ type: 'user', id: 'x', name: 'root', ip: '10.1.1.1' }, user.id, FULL_AUTHORITY);
      await assert.rejects(t.services.accessTokens.verify(token), code('auth.invalid_token'));
      const records = await t.services.audit.list({ action: 'user.delete' }, { current: 1, pageSize: 10 });
      const record = records.data.find((r) => r.target.id === user.id);
      assert.equal(record?.target.name, 'departing');
      assert.equal(record?.actor.name, 'root');
      assert.equal(record?.ip, '10.1.1.1');
    });

    it('acts for a person or a token only with what they hold, and keeps administrators out of a lesser reach', async () => {
      const person = { type: 'user' as const, id: 'x', name: 'someone', ip: '10.1.1.1' };
      const usersWrite = { scopes: ['users:write'] };
      // Saying nothing is a programming error, never a grant.
      await assert.rejects(t.services.users.create(person, { name: 'silent', is_admin: true }), /without saying what it holds/);
      await assert.rejects(t.services.users.create(person, { name: 'nobody-admin', is_admin: true }, NO_AUTHORITY), code('auth.scope'));
      await assert.rejects(t.services.users.create(person, { name: 'scripted-admin', is_admin: true }, usersWrite), code('auth.scope'));
      const boss = await createUser(t, { name: 'boss', is_admin: true });
      await assert.rejects(t.services.userSessions.resetPassword(person, boss.id, 'taken over!', { authority: usersWrite }), code('auth.scope'));
      await assert.rejects(t.services.users.setStatus(person, boss.id, 0, usersWrite), code('auth.scope'));
      await assert.rejects(t.services.users.delete(person, boss.id, usersWrite), code('auth.scope'));
      await assert.rejects(t.services.userSessions.signOutEverywhere(person, boss.id, usersWrite), code('auth.scope'));
      await assert.rejects(t.services.identities.unlink(person, boss.id, 'any', { authority: usersWrite }), code('auth.scope'));
      // The check is also in the writing statement: a user promoted after it was read is out of reach.
      assert.equal(await t.store.users.updateIf(boss.id, { password_hash: 'x' }, { notAdmin: true }), false);
      assert.equal((await t.store.users.findById(boss.id))?.password_hash === 'x', false);
      const worker = await createUser(t, { name: 'worker' });
      await t.services.userSessions.resetPassword(person, worker.id, 'a fine new password', { authority: usersWrite });
    });

    it('lets an account without a password set one without the current password, and checks it otherwise', async () => {
      const sso = await t.services.users.create(systemActor, { name: 'sso-only' });
      assert.equal(sso.has_password, false);
      await t.services.users.changeOwnPassword(systemActor, sso.id, undefined, 'a brand new password');
      await assert.rejects(
        t.services.users.changeOwnPassword(systemActor, sso.id, 'wrong', 'another new password'),
        code('user.wrong_password'),
      );
      await t.services.users.changeOwnPassword(systemActor, sso.id, 'a brand new password', 'another new password');
    });

    it('protects the Default group from deletion and renaming, and keeps group names unique', async () => {
      const def = await t.store.groups.findByName('Default');
      assert.ok(def);
      await assert.rejects(t.services.groups.delete(systemActor, def.id), code('group.default_protected'));
      await assert.rejects(t.services.groups.update(systemActor, def.id, { name: 'Other' }), code('group.default_protected'));
      await assert.rejects(t.services.groups.create(systemActor, { name: 'ops' }), code('group.name_taken'));
    });

    it('works with its methods taken out of the service objects, as routes destructure them', async () => {
      const { create, setStatus } = t.services.users;
      const { create: createGroup } = t.services.groups;
      const { set, all } = t.services.settings;
      const { reorder } = t.services.providers;
      const group = await createGroup(systemActor, { name: 'Detached' });
      const user = await create(systemActor, { name: 'detached', group_ids: [group.id] });
      assert.equal((await setStatus(systemActor, user.id, 0)).status, 0);
      await set(systemActor, 'confirm_client_sign_in', false);
      assert.equal((await all()).confirm_client_sign_in, false);
      assert.deepEqual(await reorder(systemActor, []), []);
    });
  });
}

for (const engine of await testEngines()) {
  describe(`the last enabled administrator under concurrent changes (${engine})`, () => {
    // Each case on a database of its own, holding only the administrators it changes.
    const cases: [string, (t: TestApp, id: string, i: number) => Promise<unknown>][] = [
      ['disabled', (t, id) => t.services.users.setStatus(systemActor, id, 0)],
      ['demoted', (t, id) => t.services.users.update(systemActor, id, { is_admin: false })],
      ['deleted', (t, id) => t.services.users.delete(systemActor, id)],
      [
        'disabled, demoted and deleted',
        (t, id, i) =>
          [
            () => t.services.users.setStatus(systemActor, id, 0),
            () => t.services.users.update(systemActor, id, { is_admin: false, note: 'stepping down' }),
            () => t.services.users.delete(systemActor, id),
          ][i % 3]!(),
      ],
    ];
    for (const [what, change] of cases) {
      it(`leaves exactly one when all of them are ${what} at once`, async () => {
        const t = await buildTestApp(engine);
        try {
          const admins = [];
          for (let i = 0; i < 6; i++) admins.push(await createUser(t, { name: `admin-${i}`, is_admin: true }));
          const results = await Promise.allSettled(admins.map((admin, i) => change(t, admin.id, i)));
          const refused = results.filter((r) => r.status === 'rejected');
          assert.equal(refused.length, 1, `${refused.length} of 6 refused`);
          assert.ok(isAppError((refused[0] as PromiseRejectedResult).reason, 'user.last_admin'), String((refused[0] as PromiseRejectedResult).reason));
          assert.equal(await t.store.users.countEnabledAdmins(), 1);
        } finally {
          await t.close();
        }
      });
    }
  });
}

describe('first start with DESKGATE_ADMIN_USER and DESKGATE_ADMIN_PASSWORD', () => {
  it('creates that administrator and prints no password', async () => {
    const t = await buildTestApp('sqlite', { env: { DESKGATE_ADMIN_USER: 'chief', DESKGATE_ADMIN_PASSWORD: 'chief password 1' } });
    try {
      const result = await bootstrap(t.config, t.store, t.services);
      assert.deepEqual(result, { createdAdmin: 'chief' });
      const user = await t.services.signIn.verifyPassword({ name: 'chief', password: 'chief password 1', ip: '127.0.0.1', channel: 'console' });
      assert.equal(user.is_admin, true);
    } finally {
      await t.close();
    }
  });
});
