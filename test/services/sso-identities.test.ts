import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import type { OpenedProvider } from '../../src/domain/auth-provider.js';
import { createSsoIdentities } from '../../src/services/sso-identities.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser, linkIdentity } from '../support/fixtures.js';

const ISSUER = 'https://idp.example';
const ENTRA_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ENTRA_ISSUER = `https://login.microsoftonline.com/${ENTRA_TENANT}/v2.0`;

for (const engine of await testEngines()) {
  describe(`single sign-on identities (${engine})`, () => {
    let t: TestApp;
    let identities: ReturnType<typeof createSsoIdentities>;
    let provider: OpenedProvider;

    before(async () => {
      t = await buildTestApp(engine);
      identities = createSsoIdentities({ store: t.store, clock: t.clock, users: t.services.users, groups: t.services.groups, settings: t.services.settings, audit: t.services.audit });
      const created = await t.services.providers.create(
        { type: 'cli', id: '', name: 'test', ip: '' },
        { enabled: true, type: 'oidc', name: 'corp', issuer: ISSUER, client_id: 'deskgate', client_secret: 's3cret' },
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
      assert.deepEqual((await t.services.users.get(user.id)).groups.map((g) => g.name), ['Default']);
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
      await t.services.users.update({ type: 'cli', id: '', name: 'test', ip: '' }, user.id, { status: 0 });
      await assert.rejects(identities.resolve(provider, identity('sub-off', {})), (e) => isAppError(e, 'oidc.user_disabled'));
      const closed = { ...provider, policy: { ...provider.policy, auto_register: false } };
      await assert.rejects(identities.resolve(closed, identity('sub-new', { preferred_username: 'new' })), (e) => isAppError(e, 'oidc.no_account'));
      assert.equal(await t.store.identities.find(ISSUER, 'sub-new'), undefined);
    });

    it('never reaches an identity linked through one provider from another provider claiming the same issuer (issue 9)', async () => {
      const victim = await identities.resolve(provider, identity('sub-victim', { preferred_username: 'victim' }));
      // An `oauth2` provider's issuer is free text: anyone with oidc:write can claim the real one.
      const created = await t.services.providers.create(
        { type: 'cli', id: '', name: 'test', ip: '' },
        {
          enabled: true, type: 'oauth2', name: 'copycat', issuer: ISSUER, client_id: 'x',
          authorization_endpoint: 'https://evil.example/authorize', token_endpoint: 'https://evil.example/token', userinfo_endpoint: 'https://evil.example/userinfo',
        },
      );
      const copycat = await t.services.providers.forSignIn({ id: created.id });
      const reached = await identities.resolve(copycat, identity('sub-victim', { preferred_username: 'victim' }));
      assert.notEqual(reached.id, victim.id);
      assert.equal(reached.name, 'victim-2');
      // The real provider still finds its own link.
      assert.equal((await identities.resolve(provider, identity('sub-victim', {}))).id, victim.id);
    });

    it('refuses an OIDC identity whose link was made under another issuer of the same provider', async () => {
      const user = await identities.resolve(provider, identity('sub-moved', { preferred_username: 'moved' }));
      const elsewhere = { issuer: 'https://other-issuer.example', subject: 'sub-moved', claims: {} };
      await assert.rejects(identities.resolve(provider, elsewhere), (e) => isAppError(e, 'oidc.issuer_mismatch'));
      assert.equal((await identities.resolve(provider, identity('sub-moved', {}))).id, user.id);
    });

    it('creates at most the capped number of users when first sign-ins race (issue 9)', async () => {
      const cli = { type: 'cli' as const, id: '', name: 'test', ip: '' };
      const linkedBefore = await t.store.identities.countLinkedUsers();
      await t.services.settings.set(cli, 'max_authorized_users', linkedBefore + 2);
      try {
        const results = await Promise.allSettled(
          Array.from({ length: 5 }, (_, i) => identities.resolve(provider, identity(`sub-race-${i}`, { preferred_username: `racer${i}` }))),
        );
        const made = results.filter((r) => r.status === 'fulfilled');
        const refused = results.filter((r) => r.status === 'rejected');
        assert.ok(made.length <= 2, `${made.length} users were created past a cap of 2`);
        assert.ok(refused.every((r) => isAppError(r.reason, 'oidc.user_cap')), String(refused.map((r) => r.reason)));
        assert.equal(await t.store.identities.countLinkedUsers(), linkedBefore + made.length);
        // At the cap, people already linked still sign in.
        const first = made[0];
        assert.ok(first?.status === 'fulfilled');
        const index = results.indexOf(first);
        assert.equal((await identities.resolve(provider, identity(`sub-race-${index}`, {}))).id, first.value.id);
      } finally {
        await t.services.settings.set(cli, 'max_authorized_users', 0);
      }
    });

    it('does not make a username from an e-mail address the provider has not verified (issue 9)', async () => {
      for (const claims of [{ email: 'ceo@corp.example' }, { email: 'ceo@corp.example', email_verified: false }, { email: 'ceo@corp.example', email_verified: 'true' }]) {
        await assert.rejects(identities.resolve(provider, identity(`sub-unverified-${JSON.stringify(claims)}`, claims)), (e) => isAppError(e, 'oidc.no_username'));
      }
      assert.equal(await t.store.users.findByName('ceo'), undefined);
      const verified = await identities.resolve(provider, identity('sub-verified', { email: 'pat@corp.example', email_verified: true }));
      assert.equal(verified.name, 'pat');

      // username_claim 'email' without a verified address falls back to the other name claims.
      const byEmail = { ...provider, policy: { ...provider.policy, username_claim: 'email', strip_email_domain: false } };
      const named = await identities.resolve(byEmail, identity('sub-claimed', { email: 'boss@corp.example', nickname: 'kim' }));
      assert.equal(named.name, 'kim');
      await assert.rejects(identities.resolve(byEmail, identity('sub-claimed-2', { email: 'boss@corp.example' })), (e) => isAppError(e, 'oidc.no_username'));
      assert.equal((await identities.resolve(byEmail, identity('sub-claimed-3', { email: 'lee@corp.example', email_verified: true }))).name, 'lee@corp.example');
    });

    it('names an Entra person by their UPN (preferred_username), which needs no email_verified', async () => {
      // Entra ID tokens carry no email_verified; preferred_username is the user principal name.
      const older = { ...provider, policy: { ...provider.policy, strip_email_domain: false } };
      const user = await identities.resolve(older, identity('sub-entra', { preferred_username: 'adele@contoso.example', email: 'adele.v@contoso.example', name: 'Adele V' }));
      assert.equal(user.name, 'adele@contoso.example');
      assert.equal(user.display_name, 'Adele V');
    });

    it('drops the domain of an e-mail-like name when the provider says so and the short name is free (issue 11)', async () => {
      assert.equal(provider.policy.strip_email_domain, true, 'on for a new provider');
      const alice = await identities.resolve(provider, identity('sub-strip-1', { preferred_username: 'alicia@contoso.example', name: 'Alicia' }));
      assert.equal(alice.name, 'alicia');
      // The short name is taken: the whole UPN, rather than a look-alike numbered name.
      const other = await identities.resolve(provider, identity('sub-strip-2', { preferred_username: 'alicia@fabrikam.example' }));
      assert.equal(other.name, 'alicia@fabrikam.example');
      const verified = await identities.resolve(provider, identity('sub-strip-3', { email: 'quinn@corp.example', email_verified: true }));
      assert.equal(verified.name, 'quinn');
      const byEmail = { ...provider, policy: { ...provider.policy, username_claim: 'email' } };
      assert.equal((await identities.resolve(byEmail, identity('sub-strip-4', { email: 'rui@corp.example', email_verified: true }))).name, 'rui');
      const plain = await identities.resolve(provider, identity('sub-strip-5', { preferred_username: 'plainname' }));
      assert.equal(plain.name, 'plainname');
    });

    it('keeps the whole e-mail-like name for a provider stored before the setting existed', async () => {
      const older = { ...provider, policy: { ...provider.policy, strip_email_domain: false } };
      assert.equal((await identities.resolve(older, identity('sub-keep-1', { preferred_username: 'sam@contoso.example' }))).name, 'sam@contoso.example');
    });

    it('takes no e-mail address from Entra ID as verified, even with email_verified true (nOAuth)', async () => {
      // Entra sends no email_verified; its tokens always carry tid and oid.
      const claims = { email: 'director@corp.example', email_verified: true };
      const fromEntra = identity('sub-noauth', { tid: ENTRA_TENANT, oid: '00000000-0000-4000-8000-000000000a0a', ...claims });
      await assert.rejects(identities.resolve(provider, fromEntra), (e) => isAppError(e, 'oidc.no_username'));
      assert.equal(await t.store.users.findByName('director'), undefined);
      // Without the Entra key, the same claims are a provider's word for the address.
      assert.equal((await identities.resolve(provider, identity('sub-not-entra', claims))).name, 'director');
    });

    describe('Entra ID links by tenant and object id', () => {
      let entraProvider: OpenedProvider;
      const oid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
      const entra = (subject: string, objectId: string, claims: Record<string, unknown> = {}) => ({
        issuer: ENTRA_ISSUER,
        subject,
        tenantId: ENTRA_TENANT,
        objectId,
        claims: { tid: ENTRA_TENANT, oid: objectId, ...claims },
      });

      before(async () => {
        const created = await t.services.providers.create(
          { type: 'cli', id: '', name: 'test', ip: '' },
          { enabled: true, type: 'azure', name: 'entra', tenant_id: ENTRA_TENANT, client_id: 'deskgate', client_secret: 's3cret' },
        );
        entraProvider = await t.services.providers.forSignIn({ id: created.id });
      });

      it('finds a person by tenant and object id whatever their subject, and keeps the subject current', async () => {
        const user = await identities.resolve(entraProvider, entra('sub-app-1', oid(1), { preferred_username: 'ines' }));
        const again = await identities.resolve(entraProvider, entra('sub-app-2', oid(1)));
        assert.equal(again.id, user.id);
        const links = await t.store.identities.listForUser(user.id);
        assert.deepEqual(links.map((l) => [l.subject, l.tenant_id, l.object_id]), [['sub-app-2', ENTRA_TENANT, oid(1)]]);
        // Another person's object id is another person, even under a subject seen before.
        await assert.rejects(identities.resolve(entraProvider, entra('sub-app-2', oid(2))), (e) => isAppError(e, 'oidc.issuer_mismatch'));
        assert.equal((await t.store.identities.listForUser(user.id)).length, 1);
      });

      it('fills the key of a link found by subject, and prefers the object id when both match links', async () => {
        const older = await createUser(t, { name: 'older-link' });
        await linkIdentity(t, older.id, entraProvider.id, 'sub-before');
        assert.equal((await identities.resolve(entraProvider, entra('sub-before', oid(3)))).id, older.id);
        assert.deepEqual(
          (await t.store.identities.listForUser(older.id)).map((l) => [l.subject, l.tenant_id, l.object_id]),
          [['sub-before', ENTRA_TENANT, oid(3)]],
        );

        // Two links of one person (an old, unkeyed one under this subject, and one by object id):
        // the object id decides, and the subject stays with the link that has it.
        const keyed = await identities.resolve(entraProvider, entra('sub-new-app', oid(4), { preferred_username: 'keyed' }));
        const unkeyed = await createUser(t, { name: 'unkeyed' });
        await linkIdentity(t, unkeyed.id, entraProvider.id, 'sub-old-app');
        assert.equal((await identities.resolve(entraProvider, entra('sub-old-app', oid(4)))).id, keyed.id);
        assert.deepEqual((await t.store.identities.listForUser(keyed.id)).map((l) => l.subject), ['sub-new-app']);
        assert.deepEqual((await t.store.identities.listForUser(unkeyed.id)).map((l) => [l.subject, l.object_id]), [['sub-old-app', '']]);
      });

      it('finds a link by tenant and object id under any subject, and never through another provider', async () => {
        const found = await t.store.identities.findLinked(entraProvider.id, { subject: 'unknown-sub', tenantId: ENTRA_TENANT, objectId: oid(4) });
        assert.equal(found?.user.name, 'keyed');
        assert.equal(found?.objectId, oid(4));
        assert.equal(await t.store.identities.findLinked(entraProvider.id, { subject: 'unknown-sub', tenantId: ENTRA_TENANT, objectId: oid(99) }), undefined);
        // Through another provider, nothing.
        assert.equal(await t.store.identities.findLinked(provider.id, { subject: 'sub-new-app', tenantId: ENTRA_TENANT, objectId: oid(4) }), undefined);
      });
    });

    it('names a GitHub person by their login, which GitHub owns, when they have no verified e-mail', async () => {
      // GitHub's /user carries `login` and `name` (often null), and no email_verified.
      const user = await identities.resolve(provider, identity('sub-github', { login: 'octo-cat', name: null, email: 'octo@example.com' }));
      assert.equal(user.name, 'octo-cat');
    });
  });
}
