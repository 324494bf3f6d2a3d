import { Argument, type Command } from 'commander';
import { AppError } from '../errors.js';
import type { GroupService } from '../services/groups.js';
import type { User } from '../domain/user.js';
import type { UserDetail, UserService } from '../services/users.js';
import { cliActor, CliError, withCore, type Io } from './context.js';
import { json, table } from './output.js';
import { passwordFrom, passwordOptions, type PasswordOptions } from './password-input.js';

/** Names are what an operator types; ids are what the services take. */
async function userNamed(users: UserService, name: string): Promise<User> {
  const row = await users.findByName(name);
  if (!row) throw new AppError('user.not_found');
  return row;
}

async function groupIdsNamed(groups: GroupService, names: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const name of names) {
    const group = await groups.findByName(name);
    // Several --group options: say which one is wrong.
    if (!group) throw new CliError(`Group not found: ${name}`);
    ids.push(group.id);
  }
  return ids;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const statusText = (status: number) => (status === 1 ? 'enabled' : status === 0 ? 'disabled' : `status ${status}`);

/**
 * Says what was done. A generated password goes alone on stdout (so `PW=$(deskgate …)` works),
 * with the note on stderr.
 */
function report(io: Io, note: string, password: { password: string; generated: boolean }): void {
  if (!password.generated) return io.out(note);
  io.err(`${note}; the generated password below is shown only this once`);
  io.out(password.password);
}

interface AddOptions extends PasswordOptions {
  admin?: boolean;
  email?: string;
  displayName?: string;
  note?: string;
  group?: string[];
}

export function registerUser(program: Command, io: Io): void {
  const user = program.command('user').description('manage user accounts');

  passwordOptions(
    user
      .command('add')
      .description('create a user; without a password option, a strong one is generated and printed once')
      .argument('<name>', 'username: 1-64 letters, digits, or . _ @ -'),
  )
    .option('--admin', 'make the user an administrator')
    .option('--email <email>', 'e-mail address')
    .option('--display-name <text>', 'name shown in RustDesk clients and the console')
    .option('--note <text>', 'a note for administrators')
    .option('--group <group>', 'a group to join (repeat for several; default: the Default group)', collect)
    .addHelpText(
      'after',
      '\nA generated password is the only thing printed on standard output, so a script can keep it:\n' +
        '  PW=$(deskgate user add alice)\n' +
        'To set a known password without exposing it in `ps`:\n' +
        '  printf %s "$PW" | deskgate user add alice --password-stdin',
    )
    .action(async (name: string, options: AddOptions, command: Command) => {
      const chosen = await passwordFrom(options, io);
      await withCore(command, io, async ({ services }) => {
        const groupIds = await groupIdsNamed(services.groups, options.group ?? []);
        const created = await services.users.create(cliActor(), {
          name,
          password: chosen.password,
          is_admin: Boolean(options.admin),
          email: options.email,
          display_name: options.displayName,
          note: options.note,
          group_ids: groupIds,
        });
        report(io, `created ${created.is_admin ? 'administrator' : 'user'} "${created.name}"`, chosen);
      });
    });

  user
    .command('list')
    .description('list users (a table, or JSON with --json)')
    .option('--search <text>', 'only users whose name, display name or e-mail contains this')
    .option('--json', 'print a JSON array of users')
    .action(async (options: { search?: string; json?: boolean }, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const users: UserDetail[] = [];
        // Page through rather than one unbounded query; the CLI has no page size to offer.
        for (let current = 1; ; current++) {
          const page = await services.users.list({ search: options.search }, { current, pageSize: 500 });
          users.push(...page.data);
          if (page.data.length < 500 || users.length >= page.total) break;
        }
        if (options.json) return io.out(json(users));
        if (users.length === 0) return io.out(options.search ? 'no users match' : 'no users');
        io.out(
          table(
            ['NAME', 'DISPLAY NAME', 'EMAIL', 'ADMIN', 'STATUS', 'GROUPS'],
            users.map((u) => [
              u.name,
              u.display_name,
              u.email,
              u.is_admin ? 'yes' : 'no',
              statusText(u.status),
              u.groups.map((g) => g.name).join(', '),
            ]),
          ),
        );
      });
    });

  passwordOptions(
    user
      .command('passwd')
      .description("set a user's password (generated and printed once if no password option is given)")
      .argument('<name>', 'username'),
  )
    .option('--sign-out', 'accepted for older scripts: a new password always signs the user out everywhere')
    .addHelpText(
      'after',
      '\nThe user\'s RustDesk clients and console sessions are signed out, as after a reset in the console.',
    )
    .action(async (name: string, options: PasswordOptions, command: Command) => {
      const chosen = await passwordFrom(options, io);
      await withCore(command, io, async ({ services }) => {
        const row = await userNamed(services.users, name);
        const ended = await services.userSessions.resetPassword(cliActor(), row.id, chosen.password);
        const note =
          `changed the password of "${row.name}" and signed them out of ` +
          `${ended.client_tokens} RustDesk client(s) and ${ended.console_sessions} console session(s)`;
        report(io, note, chosen);
      });
    });

  user
    .command('sign-out')
    .description('sign a user out everywhere: every RustDesk client and console session')
    .argument('<name>', 'username')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const row = await userNamed(services.users, name);
        const ended = await services.userSessions.signOutEverywhere(cliActor(), row.id);
        io.out(
          `signed "${row.name}" out of ${ended.client_tokens} RustDesk client(s) and ${ended.console_sessions} console session(s)`,
        );
      });
    });

  for (const [verb, status] of [['disable', 0], ['enable', 1]] as const) {
    user
      .command(verb)
      .description(
        verb === 'disable'
          ? 'disable a user: sign-in, console sessions and client tokens stop working until enabled'
          : 'enable a disabled user',
      )
      .argument('<name>', 'username')
      .action(async (name: string, _options: unknown, command: Command) => {
        await withCore(command, io, async ({ services }) => {
          const row = await userNamed(services.users, name);
          await services.users.setStatus(cliActor(), row.id, status);
          io.out(`${verb}d user "${row.name}"`);
        });
      });
  }

  user
    .command('delete')
    .description('delete a user and revoke their tokens (audit records keep the name)')
    .argument('<name>', 'username')
    .option('--yes', 'confirm: deleting cannot be undone')
    .action(async (name: string, options: { yes?: boolean }, command: Command) => {
      if (!options.yes) throw new CliError(`deleting "${name}" cannot be undone; add --yes to confirm`);
      await withCore(command, io, async ({ services }) => {
        const row = await userNamed(services.users, name);
        await services.users.delete(cliActor(), row.id);
        io.out(`deleted user "${row.name}"`);
      });
    });

  user
    .command('2fa-reset')
    .description("turn a user's two-factor sign-in (TOTP) off, e.g. after a lost phone: they sign in with the password and may enrol again")
    .argument('<name>', 'username')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const row = await userNamed(services.users, name);
        await services.twoFactor.reset(cliActor(), { id: row.id, name: row.name });
        io.out(`reset the two-factor sign-in of "${row.name}"`);
      });
    });

  user
    .command('email-verification')
    .description("turn a user's e-mail login verification off (e.g. when they cannot receive mail); only the person turns it on, in My account")
    .addArgument(new Argument('<state>', 'off').choices(['off']))
    .argument('<name>', 'username')
    .action(async (_state: 'off', name: string, _options: unknown, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const row = await userNamed(services.users, name);
        await services.twoFactor.setEmailVerification(cliActor(), { id: row.id, name: row.name }, false);
        io.out(`turned off the e-mail login verification of "${row.name}"`);
      });
    });

  user
    .command('admin')
    .description('grant (on) or withdraw (off) administrator rights')
    .argument('<name>', 'username')
    .addArgument(new Argument('<state>', 'on or off').choices(['on', 'off']))
    .action(async (name: string, state: 'on' | 'off', _options: unknown, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const row = await userNamed(services.users, name);
        await services.users.update(cliActor(), row.id, { is_admin: state === 'on' });
        io.out(`"${row.name}" is ${state === 'on' ? 'now' : 'no longer'} an administrator`);
      });
    });
}
