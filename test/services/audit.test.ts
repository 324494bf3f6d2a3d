import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { refuseAudit } from '../support/refuse-audit.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

const admin = { type: 'cli' as const, id: '', name: 'test', ip: '' };

for (const engine of await testEngines()) {
  describe(`administrative changes and their audit records (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());
    afterEach(() => refuseAudit(t, false));

    /** Runs `change` with the audit insert failing: it must fail, leave `state` as it was, and write no record. */
    async function rolledBack(change: () => Promise<unknown>, state: () => Promise<unknown>): Promise<void> {
      const before = await state();
      const records = (await t.services.audit.list({}, { current: 1, pageSize: 1 })).total;
      await refuseAudit(t, true);
      await assert.rejects(change(), /audit refused/);
      await refuseAudit(t, false);
      assert.deepEqual(await state(), before);
      assert.equal((await t.services.audit.list({}, { current: 1, pageSize: 1 })).total, records);
    }

    it('does not create a user whose record cannot be written', async () => {
      await rolledBack(
        () => t.services.users.create(admin, { name: 'unrecorded', password: 'correct horse battery' }),
        () => t.services.users.findByName('unrecorded'),
      );
    });

    it('does not keep a user update, its groups, a password reset or a deletion without their records', async () => {
      const user = await createUser(t, { name: 'changed' });
      const ops = await t.services.groups.create(admin, { name: 'Ops' });
      const state = async () => ({ user: await t.services.users.get(user.id), row: await t.store.users.findById(user.id) });
      await rolledBack(() => t.services.users.update(admin, user.id, { display_name: 'Changed', status: 0, group_ids: [ops.id] }), state);
      await rolledBack(() => t.services.users.setPassword(admin, user.id, 'another good password'), state);
      await rolledBack(() => t.services.users.delete(admin, user.id), state);
      await rolledBack(() => t.services.users.updateOwnProfile(admin, user.id, { email: 'changed@example.org' }), state);
    });

    it('does not create, change, fill or delete a group without its record', async () => {
      await rolledBack(() => t.services.groups.create(admin, { name: 'Unrecorded' }), () => t.services.groups.findByName('Unrecorded'));
      const group = await t.services.groups.create(admin, { name: 'Recorded' });
      const member = await createUser(t, { name: 'member' });
      const state = () => t.services.groups.get(group.id);
      await rolledBack(() => t.services.groups.update(admin, group.id, { name: 'Renamed', note: 'n' }), state);
      await rolledBack(() => t.services.groups.changeMembers(admin, group.id, { add: [member.id] }), state);
      await rolledBack(() => t.services.groups.delete(admin, group.id), state);
    });

    it('does not create, change or reorder a provider without its record', async () => {
      const input = { type: 'oidc' as const, issuer: 'https://idp.example', client_id: 'deskgate', client_secret: 's3cret' };
      await rolledBack(() => t.services.providers.create(admin, { ...input, name: 'unrecorded' }), () => t.services.providers.list());
      const first = await t.services.providers.create(admin, { ...input, name: 'first' });
      await t.services.providers.create(admin, { ...input, name: 'second' });
      const state = () => t.services.providers.list();
      await rolledBack(() => t.services.providers.update(admin, first.id, { display_name: 'Changed', client_id: 'other' }), state);
      const reversed = (await state()).map((p) => p.id).reverse();
      await rolledBack(() => t.services.providers.reorder(admin, reversed), state);
    });

    it('does not create or revoke an API token without its record', async () => {
      const state = () => t.services.apiTokens.list(true);
      await rolledBack(() => t.services.apiTokens.create(admin, { name: 'unrecorded', scopes: ['users:read'] }), state);
      const { info } = await t.services.apiTokens.create(admin, { name: 'recorded', scopes: ['users:read'] });
      await rolledBack(() => t.services.apiTokens.revoke(admin, info.id), state);
    });

    it('does not change settings without their records, not even the first of several', async () => {
      const state = () => t.services.settings.all();
      await rolledBack(() => t.services.settings.set(admin, 'password_login', false), state);
      await rolledBack(() => t.services.settings.setMany(admin, { confirm_client_sign_in: false, max_authorized_users: 5 }), state);
    });

    it('does not make or replace the rendezvous key without its record', async () => {
      // The first key: no instance keeps a key whose making was not recorded.
      await refuseAudit(t, true);
      await assert.rejects(t.services.rendezvousKey.ensure(), /audit refused/);
      await refuseAudit(t, false);
      assert.equal(await t.store.settings.get('rendezvous.key'), undefined);
      const made = await t.services.rendezvousKey.publicKey();
      const idEd25519 = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQGKiOPddAnxlf1S2y08ul1yymcJvx2UEhvzdIgBtA9vXA==';
      await rolledBack(
        () => t.services.rendezvousKey.importHbbs(admin, { idEd25519, force: true }),
        () => t.store.settings.get('rendezvous.key'),
      );
      assert.equal(await t.services.rendezvousKey.publicKey(), made);
    });

    it('does not sign a person out, nor end one of their sign-ins, without the record', async () => {
      const user = await createUser(t, { name: 'signed-in' });
      await t.services.accessTokens.issue(user.id, { deviceId: '123', uuid: 'uuid', deviceInfo: { name: 'pc' }, ip: '' });
      const [token] = await t.services.accessTokens.listForUser(user.id);
      assert.ok(token);
      const state = () => t.services.userSessions.listForUser(user.id);
      await rolledBack(() => t.services.userSessions.signOutEverywhere(admin, user.id), state);
      await rolledBack(() => t.services.userSessions.signOutOwnDevice(admin, user.id, token.id), state);
    });

    it('does not unlink an identity without its record', async () => {
      const user = await createUser(t, { name: 'linked' });
      const provider = await t.services.providers.create(admin, { type: 'oidc', name: 'linking', issuer: 'https://idp.example', client_id: 'c' });
      await t.store.db.kysely
        .insertInto('user_identities')
        .values({ id: 'link-1', user_id: user.id, provider_id: provider.id, issuer: 'https://idp.example', subject: 's', email: '', created_at: 1, last_sign_in_at: 1 })
        .execute();
      await t.services.accessTokens.issue(user.id, { deviceId: '456', uuid: 'uuid', deviceInfo: {}, ip: '' });
      const state = async () => ({ links: await t.services.identities.list(user.id), signIns: await t.services.userSessions.listForUser(user.id) });
      await rolledBack(() => t.services.identities.unlink(admin, user.id, 'link-1'), state);
    });
  });
}
