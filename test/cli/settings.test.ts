import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/app.js';
import { cliActor } from '../../src/cli/context.js';
import { loadConfig } from '../../src/config.js';
import { testPasswords } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { dart, loginBody } from '../support/rustdesk-client.js';
import { cliBed, type CliBed } from './cli-harness.js';

const PASSWORD = 'correct horse battery';

for (const engine of await testEngines()) {
  describe(`deskgate settings (${engine})`, () => {
    let bed: CliBed;
    /** A running server on the same database, with its own connection, as in production. */
    let server: App;

    before(async () => {
      bed = await cliBed(engine);
      server = await buildApp(loadConfig({ ...bed.env, DESKGATE_LOG_LEVEL: 'silent' }), { passwords: testPasswords });
      assert.equal((await bed.run(['user', 'add', 'alice', '--password', PASSWORD])).code, 0);
    });
    after(async () => {
      await server.close();
      await bed.close();
    });

    const signIn = () => server.app.inject(dart('POST', '/api/login', loginBody('alice', PASSWORD)));

    it('prints every setting, or one by name', async () => {
      const all = await bed.run(['settings', 'get']);
      assert.equal(all.code, 0, all.err);
      const expected = await (await bed.core()).services.settings.all();
      assert.deepEqual(
        all.out.trimEnd().split('\n'),
        Object.entries(expected).map(([name, value]) => `${name}: ${value === '' ? '(not set)' : String(value)}`),
      );
      assert.match(all.out, /^password_login: true$/m);
      assert.equal((await bed.run(['settings', 'get', 'password_login'])).out, 'true\n');
      assert.equal((await bed.run(['settings', 'get', 'password-login', '--json'])).out, 'true\n');
      assert.deepEqual(JSON.parse((await bed.run(['settings', 'get', '--json'])).out), expected);
    });

    it('answers "Unknown setting" for a name it does not know', async () => {
      const result = await bed.run(['settings', 'get', 'nope']);
      assert.equal(result.code, 1);
      assert.equal(result.err, 'deskgate: Unknown setting\n');
    });

    it('turns password sign-in off and on again, and a running server follows at once', async () => {
      const core = await bed.core();
      assert.equal((await signIn()).statusCode, 200);

      const off = await bed.run(['settings', 'password-login', 'off']);
      assert.equal(off.code, 0, off.err);
      assert.equal(off.out, 'password sign-in is off\n');
      assert.equal(await core.services.settings.get('password_login'), false);
      const refused = await signIn();
      assert.equal(refused.statusCode, 403);
      assert.match(refused.body, /Password sign-in is turned off/);

      const on = await bed.run(['settings', 'password-login', 'on']);
      assert.equal(on.code, 0, on.err);
      assert.equal(await core.services.settings.get('password_login'), true);
      assert.equal((await signIn()).statusCode, 200);
    });

    it('sets any setting with set, refusing unknown names and values of the wrong type', async () => {
      const core = await bed.core();
      const on = await bed.run(['settings', 'set', 'password-login', 'on']);
      assert.equal(on.code, 0, on.err);
      assert.equal(on.out, 'password_login: true\n');
      assert.equal(await core.services.settings.get('password_login'), true);

      const unknown = await bed.run(['settings', 'set', 'nope', '1']);
      assert.equal(unknown.code, 1);
      assert.equal(unknown.err, 'deskgate: Unknown setting\n');
      const wrongType = await bed.run(['settings', 'set', 'password_login', 'maybe']);
      assert.equal(wrongType.code, 1);
      assert.equal(wrongType.err, 'deskgate: Invalid value for this setting\n');
      assert.equal(await core.services.settings.get('password_login'), true);
    });

    it('refuses a state other than on or off', async () => {
      const result = await bed.run(['settings', 'password-login', 'false']);
      assert.equal(result.code, 1);
      assert.match(result.err, /Allowed choices are on, off/);
      assert.equal(await (await bed.core()).services.settings.get('password_login'), true);
    });

    it('audits each change with the command-line actor', async () => {
      const { data } = await (await bed.core()).services.audit.list({ action: 'settings.update' }, { current: 1, pageSize: 10 });
      // Records made in one millisecond have no order between them: compare as a set.
      const changes = data.map((r) => `${r.actor.type} ${JSON.stringify(r.detail)}`).sort();
      assert.deepEqual(changes, ['cli {"password_login":false}', 'cli {"password_login":true}', 'cli {"password_login":true}']);
    });

    it('sets how many days logs are kept, and says what a valid number of days is', async () => {
      const set = await bed.run(['settings', 'set', 'log_retention_days', '90']);
      assert.equal(set.code, 0, set.err);
      assert.equal(set.out, 'log_retention_days: 90\n');
      assert.equal((await bed.run(['settings', 'get', 'log_retention_days'])).out, '90\n');
      for (const value of ['-1', '3651', 'ten', '1.5']) {
        const refused = await bed.run(['settings', 'set', 'log_retention_days', value]);
        assert.equal(refused.code, 1, value);
        assert.equal(refused.err, 'deskgate: Invalid value for log_retention_days: log_retention_days must be a whole number of days from 0 (keep logs forever) to 3650\n');
      }
      assert.equal((await bed.run(['settings', 'get', 'log_retention_days'])).out, '90\n');
      assert.equal((await bed.run(['settings', 'set', 'log_retention_days', '0'])).code, 0);
    });

    it('sets who can connect: admission as a word (off is a value, not a switch) and login_required on or off', async () => {
      for (const value of ['approval', 'deployment', 'off']) {
        const set = await bed.run(['settings', 'set', 'rendezvous.admission', value]);
        assert.equal(set.code, 0, set.err);
        assert.equal((await bed.run(['settings', 'get', 'rendezvous.admission'])).out, `${value}\n`);
      }
      const refused = await bed.run(['settings', 'set', 'rendezvous.admission', 'on']);
      assert.equal(refused.err, 'deskgate: Invalid value for rendezvous.admission: rendezvous.admission must be off, deployment or approval\n');
      assert.equal((await bed.run(['settings', 'set', 'rendezvous.login_required', 'on'])).code, 0);
      assert.equal((await bed.run(['settings', 'get', 'rendezvous.login_required'])).out, 'true\n');
      assert.equal((await bed.run(['settings', 'set', 'rendezvous.login_required', 'off'])).code, 0);
    });

    it('turns LDAP sign-in off (the recovery path: no lock-out check), and audits it', async () => {
      const core = await bed.core();
      await core.services.ldap.update(cliActor(), { enabled: true, url: 'ldap://127.0.0.1:1', base_dn: 'dc=example,dc=test' });
      const off = await bed.run(['settings', 'ldap', 'off']);
      assert.equal(off.code, 0, off.err);
      assert.equal(off.out, 'LDAP sign-in is off\n');
      assert.equal((await core.services.ldap.get()).enabled, false);
      const { data } = await core.services.audit.list({ action: 'settings.update' }, { current: 1, pageSize: 50 });
      assert.ok(data.some((record) => record.target.id === 'ldap' && record.actor.type === 'cli' && JSON.stringify(record.detail) === '{"enabled":false}'));
      assert.equal((await bed.run(['settings', 'ldap', 'on'])).code, 1);
    });

    it('disabling a user with the CLI ends their sign-in on the running server', async () => {
      assert.equal((await signIn()).statusCode, 200);
      assert.equal((await bed.run(['user', 'disable', 'alice'])).code, 0);
      assert.equal((await signIn()).statusCode, 401);
    });
  });
}
