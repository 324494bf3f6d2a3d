import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client } from 'ldapts';
import type { LdapSettingsInput } from '../../src/domain/ldap.js';
import { systemActor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createApiToken, createUser, signInConsole } from '../support/fixtures.js';
import {
  ADMINS_GROUP,
  BASE_DN,
  JDOE_GUID_TEXT,
  OPS_GROUP,
  PEOPLE,
  STAFF_GROUP,
  TIER2_GROUP,
  adSettings,
  freePort,
  openLdapSettings,
  replaceAttribute,
  startLdap,
  type TestLdap,
} from '../support/ldap.js';
import { dart, loginBody } from '../support/rustdesk-client.js';

/**
 * LDAP / Active Directory sign-in against a real OpenLDAP server (test/support/ldap.ts): search
 * as the bind account, then bind as the entry found; accounts made at a first sign-in and linked
 * by the entry's stable id; groups and the administrator flag following the directory; every
 * refusal counted toward the lock-out and written to the failed sign-ins log.
 */

const ldap: TestLdap = await startLdap();
after(() => ldap.stop());

const ALICE_DN = `uid=alice,ou=people,${BASE_DN}`;

for (const engine of await testEngines()) {
  describe(`LDAP sign-in against slapd (${engine})`, () => {
    let t: TestApp;
    let admin: Record<string, string>;

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 10_000, perName: 10_000, windowMs: 60_000 } });
      await createUser(t, { name: 'root', is_admin: true });
      admin = (await createApiToken(t, ['admin'])).headers;
      await t.services.groups.create(systemActor, { name: 'Ops' });
      await configure(openLdapSettings(ldap));
    });
    after(() => t.close());

    async function configure(settings: LdapSettingsInput): Promise<void> {
      const response = await t.app.inject({ method: 'PUT', url: '/api/admin/ldap', headers: admin, payload: settings });
      assert.equal(response.statusCode, 200, response.body);
    }

    const console_ = (username: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/session', headers: { 'sec-fetch-site': 'same-origin' }, payload: { username, password } });
    const client = (username: string, password: string) => t.app.inject(dart('POST', '/api/login', loginBody(username, password)));
    const failures = (name: string) =>
      t.database.db.kysely.selectFrom('login_failures').select(['reason', 'channel']).where('name', '=', name).orderBy('id').execute();
    const groupsOf = async (name: string) => {
      const user = (await t.services.users.findByName(name))!;
      return (await t.services.users.get(user.id)).groups.map((g) => g.name).sort();
    };

    it('signs a directory user in to the console: searched as the bind account, then bound as the entry found; the first sign-in makes the account', async () => {
      const response = await console_('alice', PEOPLE.alice);
      assert.equal(response.statusCode, 200, response.body);
      const alice = await t.services.users.findByName('alice');
      assert.ok(alice);
      assert.equal(alice.password_hash, null, 'no local password');
      assert.equal(alice.email, 'alice@example.test');
      assert.equal(alice.display_name, 'Alice Example');
      // In the administrators group.
      assert.equal(alice.is_admin, true);
      const link = await t.store.ldapLinks.findByUser(alice.id);
      assert.ok(link);
      assert.equal(link.dn, ALICE_DN);
      const entryUuid = await ldap.asRoot(async (c) => (await c.search(ALICE_DN, { scope: 'base', attributes: ['entryUUID'] })).searchEntries[0]!.entryUUID);
      assert.equal(link.directoryId, String(entryUuid));
    });

    it('signs a directory user in from the RustDesk client (POST /api/login), with the deskgate groups its directory groups name', async () => {
      const response = await client('bob', PEOPLE.bob);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json() as { access_token: string; user: { name: string; is_admin: boolean } };
      assert.ok(body.access_token);
      assert.equal(body.user.name, 'bob');
      assert.equal(body.user.is_admin, false);
      assert.deepEqual(await groupsOf('bob'), ['Ops']);
    });

    it('makes one account for concurrent first sign-ins of one person', async () => {
      const results = await Promise.all([console_('carol', PEOPLE.carol), client('carol', PEOPLE.carol), console_('carol', PEOPLE.carol)]);
      assert.deepEqual(results.map((r) => r.statusCode), [200, 200, 200], results.map((r) => r.body).join('\n'));
      const { total } = await t.services.users.list({ search: 'carol' }, { current: 1, pageSize: 10 });
      assert.equal(total, 1);
      assert.equal((await t.store.ldapLinks.linkedUserIds()).length, 3, 'alice, bob and carol');
    });

    it('refuses a wrong password and a directory that treats an empty password as an anonymous bind, and records both', async () => {
      assert.equal((await console_('alice', 'not her password')).statusCode, 401);
      // The directory itself accepts a DN with an empty password (an unauthenticated bind).
      const raw = new Client({ url: ldap.url });
      await raw.bind(ALICE_DN, '');
      await raw.unbind();
      assert.equal((await console_('alice', '')).statusCode, 401);
      const refused = await client('alice', '');
      assert.ok(refused.statusCode >= 400 && refused.statusCode < 500, refused.body);
      await assert.rejects(t.services.signIn.verifyPassword({ name: 'alice', password: '', ip: '192.0.2.1', channel: 'console' }), { code: 'auth.invalid_credentials' });
      const logged = await failures('alice');
      assert.ok(logged.filter((f) => f.reason === 'bad_credentials').length >= 3, JSON.stringify(logged));
    });

    it('keeps a typed name inside the filter value: injections find nobody and make no account', async () => {
      for (const name of ['*)(uid=*', '*', 'alice)(|(uid=*', 'ali*', '*))(|(objectClass=*', 'alice\\', 'alice\u0000']) {
        const response = await console_(name, PEOPLE.alice);
        // A NUL never gets that far: the console refuses the body (400) before any sign-in.
        assert.equal(response.statusCode, name.includes('\u0000') ? 400 : 401, `${JSON.stringify(name)}: ${response.body}`);
      }
      const { total } = await t.services.users.list({}, { current: 1, pageSize: 100 });
      assert.equal(total, 4, 'root, alice, bob and carol only');
    });

    it('refuses a user locked by the directory’s password policy, and a name two entries share', async () => {
      assert.equal((await console_('locked', PEOPLE.locked)).statusCode, 401);
      assert.equal((await console_('dup', PEOPLE.dup)).statusCode, 401);
      assert.equal(await t.services.users.findByName('locked'), undefined);
      assert.equal(await t.services.users.findByName('dup'), undefined);
    });

    it('follows the entry by its stable id: a renamed entry signs in to the same account, never to a new one', async () => {
      const bob = (await t.services.users.findByName('bob'))!;
      await ldap.asRoot((c) => c.modifyDN(`uid=bob,ou=people,${BASE_DN}`, `uid=robert`));
      try {
        const response = await console_('robert', PEOPLE.bob);
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(await t.services.users.findByName('robert'), undefined);
        assert.equal((await t.store.ldapLinks.findByUser(bob.id))?.dn, `uid=robert,ou=people,${BASE_DN}`);
        // The old name is still the account's, and its entry is gone: refused.
        assert.equal((await console_('bob', PEOPLE.bob)).statusCode, 401);
      } finally {
        await ldap.asRoot((c) => c.modifyDN(`uid=robert,ou=people,${BASE_DN}`, `uid=bob`));
      }
    });

    it('never lets a directory entry take over an account made in deskgate with the same name', async () => {
      await createUser(t, { name: 'jdoe', password: 'local jdoe password' });
      await configure(adSettings(ldap));
      try {
        assert.equal((await console_('jdoe', PEOPLE.jdoe)).statusCode, 401);
        assert.equal((await console_('jdoe', 'local jdoe password')).statusCode, 200);
        assert.equal(await t.store.ldapLinks.findByUser((await t.services.users.findByName('jdoe'))!.id), undefined);
      } finally {
        await t.services.users.delete(systemActor, (await t.services.users.findByName('jdoe'))!.id);
        await configure(openLdapSettings(ldap));
      }
    });

    it('signs in with an AD-like schema: sAMAccountName, objectGUID as the link, disabled accounts (userAccountControl 0x2) left out by the usual filter', async () => {
      await configure(adSettings(ldap));
      try {
        const response = await client('jdoe', PEOPLE.jdoe);
        assert.equal(response.statusCode, 200, response.body);
        const jdoe = (await t.services.users.findByName('jdoe'))!;
        assert.equal(jdoe.display_name, 'John Doe');
        assert.equal((await t.store.ldapLinks.findByUser(jdoe.id))?.directoryId, JDOE_GUID_TEXT);
        assert.deepEqual(await groupsOf('jdoe'), ['Ops']);
        // Right password, but the account is disabled in the directory.
        assert.equal((await client('gone', PEOPLE.gone)).statusCode, 401);
        assert.equal(await t.services.users.findByName('gone'), undefined);
      } finally {
        await configure(openLdapSettings(ldap));
      }
    });

    it('gives a directory account no local password', async () => {
      const alice = (await t.services.users.findByName('alice'))!;
      const set = await t.app.inject({ method: 'POST', url: `/api/admin/users/${alice.id}/password`, headers: admin, payload: { password: 'a local password 1' } });
      assert.equal(set.statusCode, 409, set.body);
      assert.equal((set.json() as { code: string }).code, 'ldap.local_password');
      const session = await signInConsole(t, 'alice', PEOPLE.alice);
      const own = await t.app.inject({ method: 'POST', url: '/api/account/password', headers: session.headers, payload: { current_password: PEOPLE.alice, new_password: 'a local password 1' } });
      assert.ok(own.statusCode === 409 || own.statusCode === 404, own.body);
      assert.equal((await t.services.users.findByName('alice'))!.password_hash, null);
    });

    it('brings groups and the administrator flag in line with the directory at each sign-in', async () => {
      await replaceAttribute(ldap, ADMINS_GROUP, 'member', [`uid=bob,ou=people,${BASE_DN}`]);
      try {
        assert.equal((await console_('alice', PEOPLE.alice)).statusCode, 200);
        assert.equal((await t.services.users.findByName('alice'))!.is_admin, false);
        assert.equal((await client('bob', PEOPLE.bob)).statusCode, 200);
        assert.equal((await t.services.users.findByName('bob'))!.is_admin, true);
        assert.deepEqual(await groupsOf('bob'), ['Ops']);
      } finally {
        await replaceAttribute(ldap, ADMINS_GROUP, 'member', [ALICE_DN]);
      }
      assert.equal((await console_('alice', PEOPLE.alice)).statusCode, 200);
      assert.equal((await t.services.users.findByName('alice'))!.is_admin, true);
    });

    it('follows nested groups when asked: the groups of groups map to deskgate groups and can make an administrator, loops and all', async () => {
      await t.services.groups.create(systemActor, { name: 'Tier2' });
      await t.services.groups.create(systemActor, { name: 'Staff' });
      // Off (the default): bob is in Ops only, as the entry says.
      assert.equal((await client('bob', PEOPLE.bob)).statusCode, 200);
      assert.deepEqual(await groupsOf('bob'), ['Ops']);

      // On, with Staff (two levels up) as the administrators group; Staff is also put back in Tier2, a loop.
      await replaceAttribute(ldap, TIER2_GROUP, 'member', [OPS_GROUP, STAFF_GROUP]);
      await configure(openLdapSettings(ldap, { nested_groups: true, admin_group_dn: STAFF_GROUP }));
      try {
        assert.equal((await client('bob', PEOPLE.bob)).statusCode, 200);
        assert.deepEqual(await groupsOf('bob'), ['Ops', 'Staff', 'Tier2']);
        assert.equal((await t.services.users.findByName('bob'))!.is_admin, true);
        // Settings → LDAP → Test says how many came through nesting, and what they map to.
        const tested = await t.app.inject({ method: 'POST', url: '/api/admin/ldap/test', headers: admin, payload: { username: 'bob' } });
        assert.equal(tested.statusCode, 200, tested.body);
        const report = tested.json() as { steps: { message: string }[]; user: { deskgate_groups: string[]; is_admin: boolean } };
        assert.ok(report.steps.some((step) => step.message === 'Groups: 1 on the entry, 2 more through nested groups'), tested.body);
        assert.deepEqual([...report.user.deskgate_groups].sort(), ['Ops', 'Staff', 'Tier2']);
        assert.equal(report.user.is_admin, true);
      } finally {
        await replaceAttribute(ldap, TIER2_GROUP, 'member', [OPS_GROUP]);
        await configure(openLdapSettings(ldap, { nested_groups: false }));
      }
      // Off again: back to the entry's own groups, and no longer an administrator.
      assert.equal((await client('bob', PEOPLE.bob)).statusCode, 200);
      assert.deepEqual(await groupsOf('bob'), ['Ops']);
      assert.equal((await t.services.users.findByName('bob'))!.is_admin, false);
    });

    it('creates no account when auto-create is off, and says so', async () => {
      await configure({ auto_create: false });
      try {
        const response = await console_('locked', 'anything');
        assert.equal(response.statusCode, 401);
        await t.store.signInAttempts.clearThrottle('jdoe');
        await t.services.users.delete(systemActor, (await t.services.users.findByName('jdoe'))!.id);
        await configure(adSettings(ldap, { auto_create: false }));
        const refused = await console_('jdoe', PEOPLE.jdoe);
        assert.equal(refused.statusCode, 403, refused.body);
        assert.match((refused.json() as { error: string }).error, /not created automatically/);
        assert.deepEqual((await failures('jdoe')).at(-1), { reason: 'ldap_no_account', channel: 'console' });
      } finally {
        await configure(openLdapSettings(ldap));
      }
    });

    it('signs in over ldaps:// and StartTLS with the directory’s CA, and explains an untrusted certificate', async () => {
      await configure({ url: ldap.ldapsUrl, ca_pem: ldap.caPem });
      assert.equal((await console_('alice', PEOPLE.alice)).statusCode, 200);
      await configure({ url: ldap.url, start_tls: true });
      assert.equal((await console_('alice', PEOPLE.alice)).statusCode, 200);
      await configure({ ca_pem: '' });
      const test = await t.app.inject({ method: 'POST', url: '/api/admin/ldap/test', headers: admin, payload: { username: 'alice' } });
      assert.equal(test.statusCode, 400, test.body);
      assert.match((test.json() as { error: string }).error, /certificate .* not trusted/);
      await configure({ start_tls: false });
    });

    it('answers a 4xx, not a 5xx, when the directory cannot be reached or does not answer, and records it', async () => {
      await configure({ url: `ldap://127.0.0.1:${await freePort()}` });
      const refused = await client('alice', PEOPLE.alice);
      assert.equal(refused.statusCode, 400, refused.body);
      assert.match((refused.json() as { error: string }).error, /cannot be reached/);
      assert.deepEqual((await failures('alice')).at(-1), { reason: 'ldap_unavailable', channel: 'client' });
      const detail = await t.database.db.kysely.selectFrom('login_failures').select('detail').where('reason', '=', 'ldap_unavailable').orderBy('id', 'desc').executeTakeFirstOrThrow();
      assert.match(detail.detail, /Nothing answers at ldap:\/\/127\.0\.0\.1:\d+: the connection was refused/);

      // A server that accepts the connection and never answers: the timeout ends the wait.
      const silent = net.createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        await configure({ url: `ldap://127.0.0.1:${(silent.address() as net.AddressInfo).port}`, timeout_seconds: 1 });
        assert.equal((await console_('alice', PEOPLE.alice)).statusCode, 400);
        const test = await t.app.inject({ method: 'POST', url: '/api/admin/ldap/test', headers: admin, payload: { username: 'alice' } });
        assert.equal(test.statusCode, 400);
        assert.match((test.json() as { error: string }).error, /did not answer within 1 s/);
      } finally {
        silent.close();
        await configure({ url: ldap.url, timeout_seconds: 5 });
      }
    });

    it('counts wrong directory passwords toward the lock-out', async () => {
      for (let i = 0; i < 5; i++) assert.equal((await console_('bob', 'wrong')).statusCode, 401);
      const locked = await console_('bob', PEOPLE.bob);
      assert.equal(locked.statusCode, 429, locked.body);
      assert.equal((await failures('bob')).at(-1)?.reason, 'locked');
    });
  });
}
