import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../../src/services/audit.js';
import { cliActor } from '../../../src/cli/context.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser, signInConsole } from '../../support/fixtures.js';
import { PEOPLE, READER_PASSWORD, openLdapSettings, startLdap, type TestLdap } from '../../support/ldap.js';
import { assertJsonError, malformedCases, type RouteExample } from '../../support/malformed.js';

/** Settings → LDAP through the admin API: stored, sealed, checked, audited, tested; and the no-lock-out rule. */

const ldap: TestLdap = await startLdap();
after(() => ldap.stop());

for (const engine of await testEngines()) {
  describe(`admin API: Settings → LDAP (${engine})`, () => {
    let t: TestApp;
    let admin: Record<string, string>;

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 10_000, perName: 10_000, windowMs: 60_000 } });
      await createUser(t, { name: 'root', is_admin: true });
      admin = (await createApiToken(t, ['admin'])).headers;
    });
    after(() => t.close());

    const put = (payload: unknown, headers = admin) => t.app.inject({ method: 'PUT', url: '/api/admin/ldap', headers, payload: payload as object });
    const test = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/admin/ldap/test', headers: admin, payload: payload as object });

    it('starts off with defaults, and a test before the server is set says what to fill in', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/admin/ldap', headers: admin });
      assert.equal(response.statusCode, 200);
      const body = response.json() as Record<string, unknown>;
      assert.equal(body.enabled, false);
      assert.equal(body.user_filter, '(uid={username})');
      assert.equal(body.has_bind_password, false);
      const refused = await test({ username: 'alice' });
      assert.equal(refused.statusCode, 400);
      assert.equal((refused.json() as { code: string }).code, 'ldap.not_configured');
    });

    it('stores the bind password sealed, never returns it, and audits the change without it', async () => {
      const response = await put(openLdapSettings(ldap));
      assert.equal(response.statusCode, 200, response.body);
      assert.ok(!response.body.includes(READER_PASSWORD));
      assert.equal((response.json() as { has_bind_password: boolean }).has_bind_password, true);
      const read = await t.app.inject({ method: 'GET', url: '/api/admin/ldap', headers: admin });
      assert.ok(!read.body.includes(READER_PASSWORD));
      const row = await t.database.db.kysely.selectFrom('settings').select('value').where('key', '=', 'ldap').executeTakeFirstOrThrow();
      assert.ok(!row.value.includes(READER_PASSWORD), 'sealed at rest');
      assert.match(row.value, /"bind_password_sealed":"v1\./);
      const audit = await t.database.db.kysely.selectFrom('console_audit').selectAll().where('target_id', '=', 'ldap').execute();
      assert.ok(audit.length >= 1);
      assert.ok(audit.every((record) => !JSON.stringify(record).includes(READER_PASSWORD)));
      // Saving other fields keeps the password.
      assert.equal(((await put({ timeout_seconds: 7 })).json() as { has_bind_password: boolean }).has_bind_password, true);
    });

    it('reads settings saved before nested_groups existed as nested groups off', async () => {
      const row = await t.database.db.kysely.selectFrom('settings').select('value').where('key', '=', 'ldap').executeTakeFirstOrThrow();
      const { nested_groups: _added, ...before } = JSON.parse(row.value) as Record<string, unknown>;
      await t.database.db.kysely.updateTable('settings').set({ value: JSON.stringify({ ...before }) }).where('key', '=', 'ldap').execute();
      const read = await t.app.inject({ method: 'GET', url: '/api/admin/ldap', headers: admin });
      assert.equal((read.json() as { nested_groups: unknown }).nested_groups, false);
      assert.equal((read.json() as { has_bind_password: unknown }).has_bind_password, true);
    });

    it('refuses settings that cannot work, saying which', async () => {
      const cases: [unknown, RegExp][] = [
        [{ url: 'http://directory.example' }, /url must be ldap/],
        [{ url: 'ldap://directory.example/dc=x?uid' }, /url must be ldap/],
        [{ url: ldap.ldapsUrl, start_tls: true }, /start_tls is for ldap:\/\//],
        [{ user_filter: '(uid=alice)' }, /\{username\}/],
        [{ user_filter: 'uid={username}' }, /parentheses/],
        [{ username_attribute: 'u id' }, /username_attribute/],
        [{ id_attribute: '' }, /id_attribute/],
        [{ ca_pem: 'not a certificate' }, /ca_pem/],
        [{ group_attribute: '', admin_group_dn: 'cn=x' }, /group_attribute/],
        [{ group_attribute: '', admin_group_dn: '', nested_groups: true }, /nested_groups needs group_attribute/],
        [{ nested_groups: 'yes' }, /nested_groups/],
        [{ scope: 'everything' }, /scope/],
        [{ timeout_seconds: 0 }, /timeout_seconds/],
        [{ bind_password: 42 }, /bind_password/],
        [{ unknown_field: true }, /unknown_field|additional/i],
      ];
      for (const [payload, message] of cases) {
        const response = await put(payload);
        assert.equal(response.statusCode, 400, `${JSON.stringify(payload)}: ${response.body}`);
        assert.match((response.json() as { error: string }).error, message, JSON.stringify(payload));
      }
      assert.equal((await put({ user_filter: '(uid={username})', ca_pem: ldap.caPem })).statusCode, 200);
      assert.equal((await put({ ca_pem: '' })).statusCode, 200);
    });

    it('tests the saved settings: the bind, the search and the person found, in words; with a password, whether it is right', async () => {
      await t.services.groups.create(systemActor, { name: 'Ops' });
      const found = await test({ username: 'bob' });
      assert.equal(found.statusCode, 200, found.body);
      const report = found.json() as { ok: boolean; steps: { step: string; ok: boolean; message: string }[]; user: Record<string, unknown> };
      assert.equal(report.ok, true);
      assert.deepEqual(report.steps.map((s) => [s.step, s.ok]), [['connect', true], ['bind', true], ['search', true]]);
      assert.match(report.steps[1]!.message, /as cn=reader/);
      assert.equal(report.user.username, 'bob');
      assert.equal(report.user.email, 'bob@example.test');
      assert.deepEqual(report.user.deskgate_groups, ['Ops']);
      assert.equal(report.user.is_admin, false);
      assert.equal(report.user.linked_account, '');

      const right = (await test({ username: 'alice', password: PEOPLE.alice })).json() as typeof report;
      assert.equal(right.ok, true);
      assert.equal(right.user.is_admin, true);
      assert.deepEqual(right.steps.at(-1), { step: 'user_bind', ok: true, message: right.steps.at(-1)!.message });
      const wrong = (await test({ username: 'alice', password: 'nope' })).json() as typeof report;
      assert.equal(wrong.ok, false);
      assert.match(wrong.steps.at(-1)!.message, /refused the password/);
      const nobody = (await test({ username: '*)(uid=*' })).json() as typeof report;
      assert.equal(nobody.ok, false);
      assert.match(nobody.steps.at(-1)!.message, /No entry .* matches .*\\2a\\29\\28uid=\\2a/);
      const empty = (await test({ username: 'alice', password: '' })).json() as typeof report;
      assert.equal(empty.ok, false);
      assert.match(empty.steps.at(-1)!.message, /empty password is always refused/);

      await put({ bind_password: 'wrong' });
      const badBind = (await test({ username: 'alice' })).json() as typeof report;
      assert.equal(badBind.ok, false);
      assert.match(badBind.steps.at(-1)!.message, /refused the bind .* wrong/);
      await put({ bind_password: READER_PASSWORD });
    });

    it('a password tried in Test counts like a sign-in: a wrong one is a failed sign-in of that name, and enough lock it for Test and sign-in alike', async () => {
      const failures = async () => {
        const response = await t.app.inject({ method: 'GET', url: '/api/admin/audit/sign-in-failures?page_size=100', headers: admin });
        assert.equal(response.statusCode, 200, response.body);
        return (response.json() as { data: { name: string; reason: string; channel: string; detail: string }[] }).data.filter((f) => f.name === 'carol');
      };
      for (let i = 1; i <= 5; i++) {
        const wrong = await test({ username: 'carol', password: `guess-${i}` });
        assert.equal(wrong.statusCode, 200, wrong.body);
        assert.equal((wrong.json() as { ok: boolean }).ok, false);
      }
      const logged = await failures();
      assert.deepEqual(logged.map((f) => f.reason).sort(), ['bad_credentials', 'bad_credentials', 'bad_credentials', 'bad_credentials', 'bad_credentials_locked']);
      assert.ok(logged.every((f) => f.channel === 'console' && /Settings → LDAP → Test, run by script/.test(f.detail)), JSON.stringify(logged));
      assert.ok(!JSON.stringify(logged).includes('guess-'), 'the passwords tried are not logged');

      // Locked: Test refuses to try even the right password, and so does sign-in.
      const locked = await test({ username: 'carol', password: PEOPLE.carol });
      assert.equal(locked.statusCode, 429, locked.body);
      assert.equal((locked.json() as { code: string }).code, 'auth.locked');
      const signIn = await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'carol', password: PEOPLE.carol }, headers: { 'sec-fetch-site': 'same-origin' } });
      assert.equal(signIn.statusCode, 429, signIn.body);
      assert.equal((signIn.json() as { code: string }).code, 'auth.locked');
      assert.deepEqual((await failures()).slice(0, 2).map((f) => f.reason).sort(), ['locked', 'locked']);
      // Without a password Test only looks the person up: nothing is tried, nothing counted.
      const lookUp = await test({ username: 'carol' });
      assert.equal(lookUp.statusCode, 200, lookUp.body);
      assert.equal((lookUp.json() as { ok: boolean }).ok, true);
      assert.equal((await failures()).length, 7);

      // After the lock, the right password passes Test, and carol signs in (which clears the streak).
      t.clock.advance(61_000);
      const right = await test({ username: 'carol', password: PEOPLE.carol });
      assert.equal((right.json() as { ok: boolean }).ok, true);
      assert.equal((await failures()).length, 7);
      const carol = await signInConsole(t, 'carol', PEOPLE.carol);
      // Her account is marked as the directory's, in the admin API and in her own profile.
      const listed = (await t.app.inject({ method: 'GET', url: '/api/admin/users?pageSize=100', headers: admin })).json() as { data: { name: string; ldap: boolean }[] };
      assert.deepEqual(listed.data.filter((u) => ['carol', 'root'].includes(u.name)).map((u) => [u.name, u.ldap]).sort(), [['carol', true], ['root', false]]);
      const own = (await t.app.inject({ method: 'GET', url: '/api/account', headers: carol.headers })).json() as { ldap: boolean; has_password: boolean };
      assert.deepEqual([own.ldap, own.has_password], [true, false]);
    });

    it('refuses to turn LDAP off when it is an administrator’s only way in, but the command line can', async () => {
      // alice, an administrator through the directory, signs in; then root is disabled.
      assert.equal((await signInConsole(t, 'alice', PEOPLE.alice)).cookie !== '', true);
      const alice = (await t.services.users.findByName('alice'))!;
      assert.equal(alice.is_admin, true);
      const root = (await t.services.users.findByName('root'))!;
      await t.services.users.setStatus(systemActor, root.id, 0);
      try {
        const refused = await put({ enabled: false });
        assert.equal(refused.statusCode, 409, refused.body);
        assert.equal((refused.json() as { code: string }).code, 'signin.would_lock_out');
        assert.match((refused.json() as { error: string }).error, /LDAP sign-in cannot be turned off/);
        // Password sign-in (the form LDAP uses) cannot go either.
        const passwordOff = await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: admin, payload: { password_login: false } });
        assert.equal(passwordOff.statusCode, 409);
        assert.equal((await t.services.ldap.get()).enabled, true);

        await t.services.ldap.turnOff(cliActor());
        assert.equal((await t.services.ldap.get()).enabled, false);
        await assert.rejects(signInConsole(t, 'alice', PEOPLE.alice));
      } finally {
        await t.services.users.setStatus(systemActor, root.id, 1);
        await put({ enabled: true });
      }
    });

    describe('rate limits', () => {
      let limited: TestApp;
      let token: Record<string, string>;
      before(async () => {
        limited = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 3, windowMs: 60_000 } });
        await createUser(limited, { name: 'root', is_admin: true });
        token = (await createApiToken(limited, ['admin'])).headers;
        const saved = await limited.app.inject({ method: 'PUT', url: '/api/admin/ldap', headers: token, payload: openLdapSettings(ldap) });
        assert.equal(saved.statusCode, 200, saved.body);
      });
      after(() => limited.close());
      const tryTest = (payload: object) => limited.app.inject({ method: 'POST', url: '/api/admin/ldap/test', headers: token, payload });

      it('share the sign-in limits per name: passwords tried in Test and sign-ins of that name count together', async () => {
        assert.equal((await tryTest({ username: 'bob', password: PEOPLE.bob })).statusCode, 200);
        assert.equal((await tryTest({ username: 'bob', password: 'guess' })).statusCode, 200);
        assert.notEqual((await signInConsole(limited, 'bob', PEOPLE.bob)).cookie, '');
        const over = await tryTest({ username: 'Bob', password: PEOPLE.bob });
        assert.equal(over.statusCode, 429, over.body);
        assert.equal((over.json() as { code: string }).code, 'auth.rate_limited');
        await assert.rejects(signInConsole(limited, 'bob', PEOPLE.bob), /429/);
        // Looking someone up tries no password and is not limited.
        assert.equal((await tryTest({ username: 'bob' })).statusCode, 200);
        const log = await limited.app.inject({ method: 'GET', url: '/api/admin/audit/sign-in-failures', headers: token });
        const reasons = (log.json() as { data: { name: string; reason: string; detail: string }[] }).data.map((f) => [f.name, f.reason, f.detail.startsWith('Settings')]);
        assert.deepEqual(reasons, [
          ['bob', 'rate_limited', false],
          ['Bob', 'rate_limited', true],
          ['bob', 'bad_credentials', true],
        ]);
        limited.clock.advance(60_000);
        assert.equal(((await tryTest({ username: 'bob', password: PEOPLE.bob })).json() as { ok: boolean }).ok, true);
      });
    });

    describe('malformed input', () => {
      const routes: RouteExample[] = [
        { method: 'PUT', path: '/api/admin/ldap', body: { enabled: false, url: 'ldap://x', scope: 'sub', timeout_seconds: 5, user_filter: '(uid={username})' } },
        { method: 'POST', path: '/api/admin/ldap/test', body: { username: 'alice', password: 'x' } },
      ];
      for (const route of routes) {
        it(`${route.method} ${route.path}`, async () => {
          for (const item of malformedCases(route)) {
            const response = await t.app.inject({ ...item.request, headers: { ...admin, ...item.request.headers } });
            assertJsonError(response, item.status, { router: item.router === true });
          }
        });
      }
    });
  });
}
