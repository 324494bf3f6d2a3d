import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import type { ProviderSecrets } from '../../src/services/auth-providers.js';
import { createSsoIdentities } from '../../src/services/sso-identities.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

const ISSUER = 'https://idp.example';

for (const engine of await testEngines()) {
  describe(`single sign-on identities (${engine})`, () => {
    let t: TestApp;
    let identities: ReturnType<typeof createSsoIdentities>;
    let provider: ProviderSecrets;

    before(async () => {
      t = await buildTestApp(engine);
      identities = createSsoIdentities({ store: t.store, clock: t.clock, accounts: t.services.accounts, settings: t.services.settings, audit: t.services.audit });
      const created = await t.services.providers.create(
        { type: 'cli', id: '', name: 'test', ip: '' },
        { type: 'oidc', name: 'corp', issuer: ISSUER, client_id: 'deskgate', client_secret: 's3cret' },
      );
      provider = await t.services.providers.forSignIn({ id: created.id });
    });
    after(() => t.close());

    const identity = (subject: string, claims: Record<string, unknown>) => ({ issuer: ISSUER, subject, claims });

    it('registers a new person with their membership, link and audit records', async () => {
      const user = await identities.resolve(provider, identity('sub-ada', { preferred_username: 'ada', name: 'Ada L', email: 'ada@corp.example' }));
      assert.equal(user.name, 'ada');
      assert.equal(user.display_name, 'Ada L');
      assert.equal(user.password_hash, null);
      assert.deepEqual((await t.services.accounts.get(user.id)).groups.map((g) => g.name), ['Default']);
      assert.equal((await t.store.identities.find(ISSUER, 'sub-ada'))?.user_id, user.id);
      const audit = await t.services.audit.list({ target: 'ada' }, { current: 1, pageSize: 10 });
      assert.deepEqual(audit.data.map((r) => r.action).sort(), ['identity.link', 'user.create']);
      assert.equal(audit.data[0]?.actor.name, 'sso:corp');
      // The next sign-in finds the same user by (issuer, subject) and records it.
      t.clock.advance(60_000);
      const again = await identities.resolve(provider, identity('sub-ada', { preferred_username: 'someone-else', email: 'new@corp.example' }));
      assert.equal(again.id, user.id);
      const link = await t.store.identities.find(ISSUER, 'sub-ada');
      assert.equal(link?.last_sign_in_at, t.clock.now());
      assert.equal(link?.email, 'new@corp.example');
    });

    it('gives the next free name when the claimed one is taken', async () => {
      await createUser(t, { name: 'grace' });
      await createUser(t, { name: 'Grace-2' });
      const user = await identities.resolve(provider, identity('sub-grace', { preferred_username: 'grace' }));
      assert.equal(user.name, 'grace-3');
    });

    it('makes one user when the same person signs in twice at once', async () => {
      const claims = { preferred_username: 'twice', email: 'twice@corp.example' };
      const [a, b] = await Promise.all([identities.resolve(provider, identity('sub-twice', claims)), identities.resolve(provider, identity('sub-twice', claims))]);
      assert.equal(a.id, b.id);
      assert.equal((await t.store.identities.listForUser(a.id)).length, 1);
      assert.equal((await t.store.users.takenNames(['twice-2'])).size, 0);
    });

    it('gives two people who want one name at once a name each', async () => {
      const [a, b] = await Promise.all([
        identities.resolve(provider, identity('sub-sam-1', { preferred_username: 'sam' })),
        identities.resolve(provider, identity('sub-sam-2', { preferred_username: 'sam' })),
      ]);
      assert.notEqual(a.id, b.id);
      assert.deepEqual([a.name, b.name].sort(), ['sam', 'sam-2']);
    });

    it('refuses a disabled user and an unknown person when registration is off', async () => {
      const user = await identities.resolve(provider, identity('sub-off', { preferred_username: 'off' }));
      await t.services.accounts.update({ type: 'cli', id: '', name: 'test', ip: '' }, user.id, { status: 0 });
      await assert.rejects(identities.resolve(provider, identity('sub-off', {})), (e) => isAppError(e, 'oidc.user_disabled'));
      const closed = { ...provider, policy: { ...provider.policy, auto_register: false } };
      await assert.rejects(identities.resolve(closed, identity('sub-new', { preferred_username: 'new' })), (e) => isAppError(e, 'oidc.no_account'));
      assert.equal(await t.store.identities.find(ISSUER, 'sub-new'), undefined);
    });
  });
}
