/**
 * The provisioning policy of a provider, through whole sign-ins at a real OpenID provider
 * (oidc-provider in this process): who is admitted by e-mail domain, what a sign-in does to the
 * account (groups and the administrator flag from the groups claim, the default group, linking by
 * a verified e-mail, the name and e-mail the provider sends), and the cap on single sign-on users.
 * IdP people are named for what is special about them (test/support/idp.ts).
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, type Step } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken, createUser, linkIdentity } from '../support/fixtures.js';
import { idpUsers, startIdp, type Idp } from '../support/idp.js';

interface AuditEntry {
  action: string;
  target: { name: string };
  detail: Record<string, unknown>;
}

for (const engine of await testEngines()) {
  describe(`provisioning policy through sign-ins (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let base: string;
    let admin: Record<string, string>;
    const ids: Record<string, string> = {};

    before(async () => {
      t = await buildTestApp(engine);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      idp = await startIdp([{ client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [`${base}/api/oidc/callback`] }]);
      // admin_groups needs the admin scope.
      admin = (await createApiToken(t, ['admin'])).headers;
      for (const name of ['Staff', 'Support', 'Newcomers']) await t.services.groups.create(systemActor, { name });
      // The one who set deskgate up: an administrator with a password, so demotions by claim are allowed.
      await createUser(t, { name: 'root', is_admin: true });
      for (const [name, policy] of [
        ['domains', { allowed_email_domains: ['corp.example'] }],
        ['groups', { groups_claim: 'groups', admin_groups: ['Deskgate-Admins'], default_group: 'newcomers' }],
        ['roles', { groups_claim: 'roles' }],
        ['closed', { auto_register: false }],
        ['by-email', { link_by_verified_email: true }],
        ['plain', {}],
        ['nicknames', { username_claim: 'nickname' }],
      ] as const) {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/admin/oidc/providers',
          headers: admin,
          payload: { type: 'oidc', name, issuer: idp.issuer, client_id: 'deskgate', client_secret: 'deskgate-secret', enabled: true, policy },
        });
        assert.equal(created.statusCode, 201, created.body);
        ids[name] = (created.json() as { id: string }).id;
      }
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    async function signIn(provider: string, account: string): Promise<Step> {
      idp.signInAs(account);
      return createBrowser().navigate(`${base}/api/oidc/login/${provider}?return_to=/devices`, {
        stopAt: (next) => next.startsWith(base) && !new URL(next).pathname.startsWith('/api/oidc/'),
      });
    }

    async function assertSignedIn(provider: string, account: string): Promise<void> {
      const end = await signIn(provider, account);
      assert.equal(end.url, `${base}/devices`, `${account} not signed in through ${provider} (status ${end.status}): ${end.body.slice(0, 300)}`);
    }

    async function assertRefused(provider: string, account: string, message: RegExp): Promise<void> {
      const claims = idpUsers[account] ?? {};
      const name = String(claims.preferred_username ?? String(claims.name).replace(/\s+/g, '.'));
      const end = await signIn(provider, account);
      assert.equal(end.status, 403, `${account} through ${provider}: ${end.status} ${end.body.slice(0, 300)}`);
      assert.match(end.body, message);
      assert.equal(await t.store.users.findByName(name), undefined, `an account was made for ${account}`);
    }

    async function person(name: string) {
      const user = await t.store.users.findByName(name);
      assert.ok(user, `no user ${name}`);
      const groups = ((await t.store.users.groupsOf([user.id])).get(user.id) ?? []).map((g) => g.name);
      return { ...user, groups };
    }

    async function audit(action: string, targetName: string): Promise<AuditEntry[]> {
      const response = await t.app.inject({ method: 'GET', url: `/api/admin/audit/console?action=${encodeURIComponent(action)}&pageSize=100`, headers: admin });
      assert.equal(response.statusCode, 200, response.body);
      const { data } = response.json() as { data: AuditEntry[] };
      return data.filter((entry) => entry.target.name === targetName);
    }

    it('admits by the domain of a verified e-mail at any provider, and refuses an unverified, missing or other-domain e-mail', async () => {
      await assertSignedIn('domains', 'alice');
      await assertRefused('domains', 'unverifiedEmail', /confirmed no e-mail address/);
      await assertRefused('domains', 'noEmail', /confirmed no e-mail address/);
      await assertRefused('domains', 'otherDomain', /e-mail domain may not sign in/);
      // The same people through a provider without the list get in.
      await assertSignedIn('plain', 'otherDomain');
    });

    it('names a new account by the username claim, falling back to the usual claims where the person has none', async () => {
      await assertSignedIn('nicknames', 'nicknamed');
      assert.equal((await person('nick')).email, 'nick@corp.example');
      assert.equal(await t.store.users.findByName('nlongname'), undefined);
      // alice has no nickname: preferred_username, as without the setting.
      await assertSignedIn('nicknames', 'alice');
      const link = await t.store.identities.findByProvider(ids.nicknames ?? '', 'alice');
      // (an alice of another provider's may have the name already: the next free one)
      assert.match((await t.store.users.findById(link?.user_id ?? ''))?.name ?? '', /^alice(-\d+)?$/);
    });

    it('puts a person in the groups the claim names (ignoring case and unknown names), not the default group', async () => {
      await assertSignedIn('groups', 'groupsMember');
      const gus = await person('gus');
      assert.deepEqual(gus.groups, ['Support']);
      assert.equal(gus.is_admin, false);
    });

    it('puts a person whose claim names no deskgate group in the provider’s default group', async () => {
      await assertSignedIn('groups', 'bob');
      assert.deepEqual((await person('bob')).groups, ['Newcomers']);
      // Without a default group: Default.
      await assertSignedIn('plain', 'profileChanges');
      assert.deepEqual((await person('pia')).groups, ['Default']);
    });

    it('reads a single string as a one-value claim (app roles)', async () => {
      await assertSignedIn('roles', 'singleRole');
      assert.deepEqual((await person('rosa')).groups, ['Support']);
    });

    it('makes a member of an admin group an administrator, and takes it away when the claim no longer says so', async () => {
      const groups = idpUsers.adminGroup?.groups;
      try {
        await assertSignedIn('groups', 'adminGroup');
        const ada = await person('ada');
        assert.equal(ada.is_admin, true);
        assert.deepEqual(ada.groups, ['Staff']);
        assert.equal((await audit('user.update', 'ada')).filter((e) => e.detail.is_admin === true && e.detail.by === 'admin_groups').length, 1);

        idpUsers.adminGroup!.groups = ['Staff'];
        await assertSignedIn('groups', 'adminGroup');
        assert.equal((await person('ada')).is_admin, false);
        assert.equal((await audit('user.update', 'ada')).filter((e) => e.detail.is_admin === false && e.detail.by === 'admin_groups').length, 1);

        // The claim again: administrator again.
        idpUsers.adminGroup!.groups = groups;
        await assertSignedIn('groups', 'adminGroup');
        assert.equal((await person('ada')).is_admin, true);
      } finally {
        idpUsers.adminGroup!.groups = groups;
      }
    });

    it('leaves groups and the administrator flag alone on a groups overage, and tells the administrator how to fix it', async () => {
      await assertSignedIn('groups', 'groupsOverage');
      const otto = await person('otto');
      assert.deepEqual(otto.groups, ['Newcomers']);
      assert.equal(otto.is_admin, false);
      const [entry] = await audit('sso.groups_overage', 'otto');
      assert.ok(entry, 'no overage record');
      assert.match(String(entry.detail.fix), /Groups assigned to the application/);
      assert.match(String(entry.detail.fix), /app roles/);
    });

    it('refuses a person with no account where auto_register is off, and lets a linked one in', async () => {
      await assertRefused('closed', 'sameEmailUnverified', /no account for this identity/);
      // Linked by an administrator (the IdP's subject is the account id): signs in.
      const kept = await createUser(t, { name: 'kept' });
      await linkIdentity(t, kept.id, ids.closed!, 'bob');
      await assertSignedIn('closed', 'bob');
    });

    it('attaches a first sign-in to the account with the same verified e-mail, only where the policy says so', async () => {
      const carol = await createUser(t, { name: 'carol', email: 'carol@corp.example' });
      await assertSignedIn('by-email', 'sameEmail');
      assert.equal(await t.store.users.findByName('carol-idp'), undefined, 'a second account was made');
      const links = await t.store.identities.listForUser(carol.id);
      assert.equal(links.length, 1);
      const [linked] = await audit('identity.link', 'carol');
      assert.equal(linked?.detail.by, 'verified_email');
      // The next sign-in finds the link.
      await assertSignedIn('by-email', 'sameEmail');
      assert.equal((await t.store.identities.listForUser(carol.id)).length, 1);

      // An unverified address attaches to nothing: the person gets an account of their own.
      const dave = await createUser(t, { name: 'dave', email: 'dave@corp.example' });
      await assertSignedIn('by-email', 'sameEmailUnverified');
      assert.equal((await t.store.identities.listForUser(dave.id)).length, 0);
      assert.ok(await t.store.users.findByName('dave-idp'));

      // Without the policy, the same verified address makes a new account.
      await assertSignedIn('plain', 'sameEmail');
      assert.ok(await t.store.users.findByName('carol-idp'));
    });

    it('never attaches by e-mail to an account linked through a provider, whose address may be a squatter’s', async () => {
      // Someone signed in first elsewhere claiming erin's address (made by sign-in: linked).
      const squatter = await createUser(t, { name: 'squatter', email: 'erin@corp.example' });
      await linkIdentity(t, squatter.id, ids.plain!, 'squatter-subject');
      await assertSignedIn('by-email', 'squattedEmail');
      assert.equal((await t.store.identities.listForUser(squatter.id)).length, 1, 'attached to the linked account');
      assert.ok(await t.store.users.findByName('erin-idp'), 'erin got an account of her own');
    });

    it('never attaches to an administrator’s account by e-mail', async () => {
      const boss = await createUser(t, { name: 'boss', email: 'boss@corp.example', is_admin: true });
      await assertSignedIn('by-email', 'adminsEmail');
      assert.equal((await t.store.identities.listForUser(boss.id)).length, 0);
      assert.equal((await t.store.users.findByName('boss-idp'))?.is_admin, false);
      assert.equal((await t.store.users.findByName('boss'))?.is_admin, true);
    });

    it('refreshes the display name and e-mail at each sign-in, audited only when they change', async () => {
      await assertSignedIn('plain', 'profileChanges');
      const before = (await audit('user.update', 'pia')).length;
      const saved = { ...idpUsers.profileChanges };
      try {
        Object.assign(idpUsers.profileChanges!, { name: 'Pia After', email: 'pia.new@corp.example' });
        await assertSignedIn('plain', 'profileChanges');
        const pia = await person('pia');
        assert.equal(pia.display_name, 'Pia After');
        assert.equal(pia.email, 'pia.new@corp.example');
        assert.equal((await audit('user.update', 'pia')).length, before + 1);
        await assertSignedIn('plain', 'profileChanges');
        assert.equal((await audit('user.update', 'pia')).length, before + 1);
      } finally {
        idpUsers.profileChanges = saved;
      }
    });

    it('at the cap, refuses new people and still lets linked people in', async () => {
      const linked = await t.store.identities.countLinkedUsers();
      const cap = await t.app.inject({ method: 'PUT', url: '/api/admin/oidc/settings', headers: admin, payload: { max_authorized_users: linked } });
      assert.equal(cap.statusCode, 204, cap.body);
      try {
        await assertRefused('roles', 'noEmail', /maximum number of single sign-on users/);
        await assertSignedIn('groups', 'groupsMember');
      } finally {
        await t.app.inject({ method: 'PUT', url: '/api/admin/oidc/settings', headers: admin, payload: { max_authorized_users: 0 } });
      }
    });
  });
}
