import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testPasswords } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { PromptCancelled } from '../../src/cli/terminal.js';
import { cliBed, type CliBed } from './cli-harness.js';

const PASSWORD = 'correct horse battery';

for (const engine of await testEngines()) {
  describe(`deskgate user (${engine})`, () => {
    let bed: CliBed;

    before(async () => {
      bed = await cliBed(engine);
    });
    after(() => bed.close());

    async function passwordWorks(name: string, password: string): Promise<boolean> {
      const row = await (await bed.core()).store.users.findByName(name);
      assert.ok(row?.password_hash, `${name} has a password`);
      return testPasswords.verify(row.password_hash, password);
    }

    it('adds an administrator with a generated password printed alone on stdout', async () => {
      const result = await bed.run(['user', 'add', 'root', '--admin']);
      assert.equal(result.code, 0, result.err);
      assert.match(result.out, /^[A-Za-z0-9]{24}\n$/);
      assert.match(result.err, /created administrator "root".*shown only this once/);
      assert.ok(await passwordWorks('root', result.out.trim()));
      const root = await (await bed.core()).services.users.findByName('root');
      assert.equal(root?.is_admin, true);
    });

    it('adds a user with a password from stdin, dropping one trailing newline', async () => {
      const result = await bed.run(
        ['user', 'add', 'alice', '--password-stdin', '--email', 'alice@example.com', '--display-name', 'Alice A', '--note', 'ops'],
        { stdin: `${PASSWORD}\n` },
      );
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out, 'created user "alice"\n');
      assert.ok(await passwordWorks('alice', PASSWORD));
      const core = await bed.core();
      const alice = await core.services.users.get((await core.services.users.findByName('alice'))!.id);
      assert.equal(alice.email, 'alice@example.com');
      assert.equal(alice.display_name, 'Alice A');
      assert.equal(alice.note, 'ops');
      assert.equal(alice.is_admin, false);
      assert.deepEqual(alice.groups.map((g) => g.name), ['Default']);
    });

    it('adds a user with --password and the groups named by --group', async () => {
      assert.equal((await bed.run(['group', 'add', 'ops'])).code, 0);
      assert.equal((await bed.run(['group', 'add', 'dev'])).code, 0);
      const result = await bed.run(['user', 'add', 'bob', '--password', PASSWORD, '--group', 'ops', '--group', 'DEV']);
      assert.equal(result.code, 0, result.err);
      const core = await bed.core();
      const bob = await core.services.users.get((await core.services.users.findByName('bob'))!.id);
      assert.deepEqual(bob.groups.map((g) => g.name).sort(), ['dev', 'ops']);
    });

    it('refuses an unknown group, a taken name, a bad name and a short password, creating nothing', async () => {
      const cases: [string[], RegExp][] = [
        [['user', 'add', 'carol', '--group', 'nope'], /^deskgate: Group not found: nope\n$/],
        [['user', 'add', 'ALICE'], /^deskgate: A user with this name already exists\n$/],
        [['user', 'add', 'bad name'], /^deskgate: Usernames are 1-64 characters/],
        [['user', 'add', 'carol', '--password', 'short'], /^deskgate: Passwords must be 8 to 128 characters long\n$/],
      ];
      for (const [argv, message] of cases) {
        const result = await bed.run(argv);
        assert.equal(result.code, 1, argv.join(' '));
        assert.match(result.err, message);
        assert.equal(result.out, '');
      }
      assert.equal(await (await bed.core()).services.users.findByName('carol'), undefined);
    });

    it('refuses --password-stdin at a terminal, on empty input, and together with --password', async () => {
      const terminal = await bed.run(['user', 'add', 'carol', '--password-stdin']);
      assert.equal(terminal.code, 1);
      assert.match(terminal.err, /--password-stdin reads a password piped in/);
      const empty = await bed.run(['user', 'add', 'carol', '--password-stdin'], { stdin: '\n' });
      assert.equal(empty.code, 1);
      assert.match(empty.err, /standard input is empty/);
      const both = await bed.run(['user', 'add', 'carol', '--password', PASSWORD, '--password-stdin'], { stdin: PASSWORD });
      assert.equal(both.code, 1);
      assert.match(both.err, /cannot be used with option '--password-stdin'/);
      assert.equal(await (await bed.core()).services.users.findByName('carol'), undefined);
    });

    it('lists users as a table, filtered by --search', async () => {
      const all = await bed.run(['user', 'list']);
      assert.equal(all.code, 0, all.err);
      const lines = all.out.trimEnd().split('\n');
      assert.match(lines[0] ?? '', /^NAME\s+DISPLAY NAME\s+EMAIL\s+ADMIN\s+STATUS\s+GROUPS$/);
      assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/)[0]), ['alice', 'bob', 'root']);
      assert.match(all.out, /alice\s+Alice A\s+alice@example.com\s+no\s+enabled\s+Default/);

      const found = await bed.run(['user', 'list', '--search', 'EXAMPLE.com']);
      assert.deepEqual(found.out.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/)[0]), ['alice']);
      const none = await bed.run(['user', 'list', '--search', 'zzz']);
      assert.equal(none.out, 'no users match\n');
    });

    it('lists users as JSON with --json', async () => {
      const result = await bed.run(['user', 'list', '--json']);
      assert.equal(result.code, 0);
      const users = JSON.parse(result.out) as { name: string; is_admin: boolean; groups: { name: string }[] }[];
      assert.deepEqual(users.map((u) => u.name), ['alice', 'bob', 'root']);
      assert.equal(users.find((u) => u.name === 'root')?.is_admin, true);
      assert.ok(!result.out.includes('password_hash'));
    });

    it('neutralises terminal control characters in table cells', async () => {
      const core = await bed.core();
      const dave = await core.services.users.create({ type: 'system', id: '', name: 'test', ip: '' }, {
        name: 'dave',
        display_name: 'Dave \u001b[2J\u009b31m',
      });
      const table = await bed.run(['user', 'list', '--search', 'dave']);
      assert.ok(!table.out.includes('\u001b') && !table.out.includes('\u009b'));
      assert.match(table.out, /Dave \?\[2J\?31m/);
      const json = await bed.run(['user', 'list', '--search', 'dave', '--json']);
      assert.ok(!json.out.includes('\u001b') && !json.out.includes('\u009b'));
      assert.equal((JSON.parse(json.out) as { display_name: string }[])[0]?.display_name, dave.display_name);
    });

    async function signInEverywhere(name: string) {
      const core = await bed.core();
      const row = (await core.services.users.findByName(name))!;
      await core.services.consoleSessions.create(row, { remember: false, ip: '127.0.0.1', userAgent: 'test' });
      await core.services.accessTokens.issue(row.id, { deviceId: '1', uuid: 'u', deviceInfo: {}, ip: '127.0.0.1' });
      return {
        consoleSessions: async () => (await core.services.consoleSessions.listForUser(row.id)).length,
        clients: async () => (await core.services.accessTokens.listForUser(row.id)).length,
      };
    }

    it('sets a password with passwd, signing the user out everywhere as a console reset does', async () => {
      const alice = await signInEverywhere('alice');
      const given = await bed.run(['user', 'passwd', 'alice', '--password-stdin'], { stdin: 'another good one\r\n' });
      assert.equal(given.code, 0, given.err);
      assert.equal(given.out, 'changed the password of "alice" and signed them out of 1 RustDesk client(s) and 1 console session(s)\n');
      assert.ok(await passwordWorks('alice', 'another good one'));
      assert.equal(await alice.consoleSessions(), 0);
      assert.equal(await alice.clients(), 0);

      const generated = await bed.run(['user', 'passwd', 'alice']);
      assert.equal(generated.code, 0, generated.err);
      assert.match(generated.out, /^[A-Za-z0-9]{24}\n$/);
      assert.match(generated.err, /changed the password of "alice".*shown only this once/);
      assert.ok(await passwordWorks('alice', generated.out.trim()));
    });

    it('still accepts passwd --sign-out from older scripts', async () => {
      const bob = await signInEverywhere('bob');
      const result = await bed.run(['user', 'passwd', 'bob', '--password', PASSWORD, '--sign-out']);
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out, 'changed the password of "bob" and signed them out of 1 RustDesk client(s) and 1 console session(s)\n');
      assert.equal(await bob.consoleSessions(), 0);
      assert.equal(await bob.clients(), 0);
    });

    it('signs a user out everywhere with sign-out', async () => {
      const bob = await signInEverywhere('bob');
      const result = await bed.run(['user', 'sign-out', 'bob']);
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out, 'signed "bob" out of 1 RustDesk client(s) and 1 console session(s)\n');
      assert.equal(await bob.consoleSessions(), 0);
      assert.equal(await bob.clients(), 0);
    });

    it('disables and enables a user', async () => {
      const core = await bed.core();
      const disabled = await bed.run(['user', 'disable', 'bob']);
      assert.equal(disabled.code, 0, disabled.err);
      assert.equal(disabled.out, 'disabled user "bob"\n');
      assert.equal((await core.services.users.findByName('bob'))?.status, 0);
      assert.match((await bed.run(['user', 'list', '--search', 'bob'])).out, /bob\s+no\s+disabled/);

      const enabled = await bed.run(['user', 'enable', 'BOB']);
      assert.equal(enabled.code, 0, enabled.err);
      assert.equal(enabled.out, 'enabled user "bob"\n');
      assert.equal((await core.services.users.findByName('bob'))?.status, 1);
    });

    it('grants and withdraws administrator rights', async () => {
      const on = await bed.run(['user', 'admin', 'bob', 'on']);
      assert.equal(on.code, 0, on.err);
      assert.equal(on.out, '"bob" is now an administrator\n');
      const off = await bed.run(['user', 'admin', 'bob', 'off']);
      assert.equal(off.code, 0, off.err);
      assert.equal((await (await bed.core()).services.users.findByName('bob'))?.is_admin, false);
      const bad = await bed.run(['user', 'admin', 'bob', 'maybe']);
      assert.equal(bad.code, 1);
      assert.match(bad.err, /Allowed choices are on, off/);
    });

    it('refuses to demote, disable or delete the last enabled administrator', async () => {
      for (const argv of [['user', 'admin', 'root', 'off'], ['user', 'disable', 'root'], ['user', 'delete', 'root', '--yes']]) {
        const result = await bed.run(argv);
        assert.equal(result.code, 1, argv.join(' '));
        assert.equal(
          result.err,
          'deskgate: This is the last enabled administrator; it cannot be demoted, disabled or deleted\n',
        );
        assert.equal(result.out, '');
      }
      const root = await (await bed.core()).services.users.findByName('root');
      assert.equal(root?.is_admin, true);
      assert.equal(root?.status, 1);
    });

    it('deletes a user only with --yes', async () => {
      const refused = await bed.run(['user', 'delete', 'bob']);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /add --yes to confirm/);
      assert.ok(await (await bed.core()).services.users.findByName('bob'));

      const deleted = await bed.run(['user', 'delete', 'bob', '--yes']);
      assert.equal(deleted.code, 0, deleted.err);
      assert.equal(deleted.out, 'deleted user "bob"\n');
      assert.equal(await (await bed.core()).services.users.findByName('bob'), undefined);
    });

    it('answers "User not found" with exit 1 for every command that names a user', async () => {
      for (const argv of [
        ['user', 'passwd', 'nobody', '--password', PASSWORD],
        ['user', 'sign-out', 'nobody'],
        ['user', 'disable', 'nobody'],
        ['user', 'enable', 'nobody'],
        ['user', 'delete', 'nobody', '--yes'],
        ['user', 'admin', 'nobody', 'on'],
      ]) {
        const result = await bed.run(argv);
        assert.equal(result.code, 1, argv.join(' '));
        assert.equal(result.err, 'deskgate: User not found\n');
      }
    });

    it('records every change with the command-line actor', async () => {
      const { data } = await (await bed.core()).services.audit.list({ action: 'user.' }, { current: 1, pageSize: 100 });
      const byCli = data.filter((r) => r.actor.type === 'cli');
      const actions = new Set(byCli.map((r) => r.action));
      for (const action of ['user.create', 'user.update', 'user.password_reset', 'user.sign_out', 'user.delete']) {
        assert.ok(actions.has(action), `${action} audited`);
      }
      for (const record of byCli) assert.match(record.actor.name, /^cli(:.+)?$/);
      // No password ever reaches an audit record.
      assert.ok(!JSON.stringify(data).includes(PASSWORD));
    });

    it('asks for the password twice at the terminal with --password-prompt', async () => {
      const result = await bed.run(['user', 'add', 'prompted', '--password-prompt'], { typed: [PASSWORD, PASSWORD] });
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out, 'created user "prompted"\n');
      assert.equal(result.err, 'Password: \nPassword again: \n');
      assert.ok(await passwordWorks('prompted', PASSWORD));

      const changed = await bed.run(['user', 'passwd', 'prompted', '--password-prompt'], { typed: ['another good one', 'another good one'] });
      assert.equal(changed.code, 0, changed.err);
      assert.ok(await passwordWorks('prompted', 'another good one'));
    });

    it('changes nothing when the prompted passwords differ, the prompt is cancelled or there is no terminal', async () => {
      const differ = await bed.run(['user', 'add', 'mismatch', '--password-prompt'], { typed: [PASSWORD, `${PASSWORD}!`] });
      assert.equal(differ.code, 1);
      assert.match(differ.err, /the two passwords differ; nothing was changed/);
      const cancelled = await bed.run(['user', 'add', 'mismatch', '--password-prompt'], { typed: [new PromptCancelled()] });
      assert.equal(cancelled.code, 130);
      const piped = await bed.run(['user', 'add', 'mismatch', '--password-prompt'], { stdin: PASSWORD });
      assert.equal(piped.code, 1);
      assert.match(piped.err, /--password-prompt needs a terminal; scripts can use --password-stdin/);
      const both = await bed.run(['user', 'add', 'mismatch', '--password-prompt', '--password-stdin'], { stdin: PASSWORD });
      assert.equal(both.code, 1);
      assert.match(both.err, /cannot be used with/);
      assert.equal(await (await bed.core()).store.users.findByName('mismatch'), undefined);
    });
  });
}
