import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { defaultPolicy, type OpenedProvider, type ProviderPolicy } from '../../src/domain/auth-provider.js';
import type { User } from '../../src/domain/user.js';
import { systemActor } from '../../src/services/audit.js';
import { createProvisioning, policyVerdicts, readGroupClaim, type VerdictContext } from '../../src/services/provisioning.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser, linkIdentity } from '../support/fixtures.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const provider = (fields: Record<string, string>, policy: Partial<ProviderPolicy> = {}) => ({
  type: 'oidc',
  issuer: 'https://sso.corp.example/realms/staff',
  tenant_id: '',
  authorization_endpoint: '',
  token_endpoint: '',
  userinfo_endpoint: '',
  ...fields,
  policy: { ...defaultPolicy(), ...policy },
});
const context = (fields: Partial<VerdictContext> = {}): VerdictContext => ({ linked: false, linkedUsers: 0, maxAuthorizedUsers: 0, username: 'alice', ...fields });
const refused = (verdicts: { rule: string; ok: boolean }[]) => verdicts.filter((v) => !v.ok).map((v) => v.rule);

describe('policy verdicts: why a signed-in identity would or would not be admitted', () => {
  it('names every rule, all ok for a verified person at a directory with room', () => {
    const verdicts = policyVerdicts(provider({}), { claims: { email: 'alice@corp.example', email_verified: true } }, context());
    assert.deepEqual(
      verdicts.map((v) => [v.rule, v.ok]),
      [
        ['allowed_tenants', true],
        ['allowed_email_domains', true],
        ['allowed_orgs', true],
        ['auto_register', true],
        ['max_authorized_users', true],
        ['username_claim', true],
      ],
    );
    assert.ok(verdicts.every((v) => v.message.length > 0 && v.fix === undefined));
  });

  it('refuses by the rule that refuses, each with a fix', () => {
    const entra = provider({ type: 'azure', tenant_id: 'organizations', issuer: 'https://login.microsoftonline.com/organizations/v2.0' }, { allowed_tenants: [TENANT] });
    assert.deepEqual(refused(policyVerdicts(entra, { claims: { tid: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' } }, context())), ['allowed_tenants']);
    const corp = provider({}, { allowed_email_domains: ['corp.example'] });
    assert.deepEqual(refused(policyVerdicts(corp, { claims: { email: 'alice@corp.example', email_verified: false } }, context())), ['allowed_email_domains']);
    const noRegister = provider({}, { auto_register: false });
    assert.deepEqual(refused(policyVerdicts(noRegister, { claims: {} }, context())), ['auto_register']);
    const full = policyVerdicts(provider({}), { claims: {} }, context({ linkedUsers: 3, maxAuthorizedUsers: 3, username: '' }));
    assert.deepEqual(refused(full), ['max_authorized_users', 'username_claim']);
    assert.ok(full.filter((v) => !v.ok).every((v) => v.fix && v.fix.length > 0));
    // An open provider without a policy admits no one: that is said first.
    const github = provider({ type: 'github', issuer: '', authorization_endpoint: 'https://github.com/login/oauth/authorize', token_endpoint: 'https://github.com/login/oauth/access_token', userinfo_endpoint: 'https://api.github.com/user' });
    const open = policyVerdicts(github, { claims: {} }, context())[0];
    assert.equal(open?.ok, false);
    assert.match(open?.fix ?? '', /allow_anyone/);
  });

  it('lets a linked person in at the cap and with auto_register off: both apply to new people only', () => {
    const verdicts = policyVerdicts(provider({}, { auto_register: false }), { claims: {} }, context({ linked: true, linkedUsers: 3, maxAuthorizedUsers: 3, username: '' }));
    assert.deepEqual(refused(verdicts), []);
  });
});

describe('the groups claim', () => {
  const read = (claims: Record<string, unknown>, groups_claim = 'groups') => readGroupClaim({ groups_claim }, claims);

  it('reads a list, a single string, and a dotted path into nested claims', () => {
    assert.deepEqual(read({ groups: ['Staff', ' Support ', 'Staff', 7, null] }), { kind: 'values', values: ['Staff', 'Support', '7'] });
    assert.deepEqual(read({ roles: 'Support' }, 'roles'), { kind: 'values', values: ['Support'] });
    assert.deepEqual(read({ realm_access: { roles: ['ops'] } }, 'realm_access.roles'), { kind: 'values', values: ['ops'] });
    // A claim whose own name has dots (Auth0's namespaced claims) is read as it is.
    assert.deepEqual(read({ 'https://corp.example/groups': ['ops'] }, 'https://corp.example/groups'), { kind: 'values', values: ['ops'] });
  });

  it('tells an absent claim (no groups) from Entra’s overage (groups left out of the token)', () => {
    assert.deepEqual(read({}), { kind: 'values', values: [] });
    assert.deepEqual(read({ _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph.microsoft.com/v1.0/users/x/getMemberObjects' } } }), { kind: 'overage' });
    assert.deepEqual(read({ hasgroups: true }), { kind: 'overage' });
    assert.deepEqual(read({ groups: ['x'] }, ''), { kind: 'off' });
  });
});

for (const engine of await testEngines()) {
  describe(`what a sign-in does to the account (${engine})`, () => {
    let t: TestApp;
    let provisioning: ReturnType<typeof createProvisioning>;
    let provider: OpenedProvider;
    let counter = 0;

    before(async () => {
      t = await buildTestApp(engine);
      provisioning = createProvisioning({ store: t.store, clock: t.clock, audit: t.services.audit, groups: t.services.groups });
      await t.services.groups.create(systemActor, { name: 'Staff' });
      const created = await t.services.providers.create(systemActor, {
        enabled: true, type: 'oidc', name: 'corp', issuer: 'https://idp.example', client_id: 'deskgate',
        policy: { groups_claim: 'groups', admin_groups: ['admins'] },
      });
      provider = await t.services.providers.forSignIn({ id: created.id });
    });
    after(() => t.close());

    const signIn = (user: User, claims: Record<string, unknown>) => provisioning.afterSignIn(provider, { issuer: 'https://idp.example', subject: user.id, claims }, user, '');
    const audited = async (action: string, name: string) => (await t.services.audit.list({ action, target: name }, { current: 1, pageSize: 50 })).data;
    /** An administrator who signs in through the provider only (no password). */
    async function ssoAdmin(): Promise<User> {
      const user = await t.services.users.create(systemActor, { name: `boss-${++counter}`, is_admin: true });
      await linkIdentity(t, user.id, provider.id, user.id);
      return (await t.store.users.findById(user.id))!;
    }
    const demoteEveryAdmin = async (except: string) => {
      for (const admin of (await t.store.users.list({ isAdmin: true }, { current: 1, pageSize: 100 })).rows) {
        if (admin.id !== except) await t.store.users.update(admin.id, { is_admin: false });
      }
    };

    it('keeps the last administrator an administrator when the claim drops them, and records why', async () => {
      const boss = await ssoAdmin();
      await demoteEveryAdmin(boss.id);
      const after = await signIn(boss, { groups: ['Staff'] });
      assert.equal(after.is_admin, true);
      // Groups still follow the claim.
      assert.deepEqual(((await t.store.users.groupsOf([boss.id])).get(boss.id) ?? []).map((g) => g.name), ['Staff']);
      const [kept] = await audited('sso.admin_kept', boss.name);
      assert.equal(kept?.detail.reason, 'user.last_admin');
    });

    it('keeps the last administrator who can sign in, though another (with no way in) remains', async () => {
      const boss = await ssoAdmin();
      await demoteEveryAdmin(boss.id);
      // An administrator with no password and no link: enabled, but no way in.
      await t.services.users.create(systemActor, { name: `ghost-${++counter}`, is_admin: true });
      const after = await signIn(boss, { groups: [] });
      assert.equal(after.is_admin, true);
      const [kept] = await audited('sso.admin_kept', boss.name);
      assert.equal(kept?.detail.reason, 'signin.would_lock_out');
    });

    it('demotes when another administrator can still sign in, and promotes when the claim says so', async () => {
      const boss = await ssoAdmin();
      await createUser(t, { name: `root-${++counter}`, is_admin: true });
      const demoted = await signIn(boss, { groups: ['Staff'] });
      assert.equal(demoted.is_admin, false);
      assert.equal((await audited('sso.admin_kept', boss.name)).length, 0);
      // Case does not matter for admin groups either.
      assert.equal((await signIn(demoted, { groups: ['ADMINS'] })).is_admin, true);
    });

    it('of two administrators dropped by the claim at the same moment, demotes one and keeps the other', async () => {
      const first = await ssoAdmin();
      const second = await ssoAdmin();
      await demoteEveryAdmin(first.id);
      await t.store.users.update(second.id, { is_admin: true });
      const results = await Promise.all([signIn(first, { groups: [] }), signIn(second, { groups: [] })]);
      assert.deepEqual(results.map((user) => user.is_admin).sort(), [false, true]);
      assert.equal(await t.store.users.countEnabledAdmins(), 1);
    });

    it('changes nothing on a groups overage, and records the fix', async () => {
      const boss = await ssoAdmin();
      await createUser(t, { name: `root-${++counter}`, is_admin: true });
      const before = ((await t.store.users.groupsOf([boss.id])).get(boss.id) ?? []).map((g) => g.id);
      const after = await signIn(boss, { _claim_names: { groups: 'src1' } });
      assert.equal(after.is_admin, true);
      assert.deepEqual(((await t.store.users.groupsOf([boss.id])).get(boss.id) ?? []).map((g) => g.id), before);
      const [overage] = await audited('sso.groups_overage', boss.name);
      assert.match(String(overage?.detail.fix), /Token configuration/);
    });

    it('falls back to Default when the default group was deleted since it was saved', async () => {
      const group = await t.services.groups.create(systemActor, { name: 'Temporary' });
      await t.services.groups.delete(systemActor, group.id);
      const id = await provisioning.defaultGroupId({ default_group: 'Temporary' });
      assert.equal(id, await t.services.groups.defaultGroupId());
    });
  });
}
