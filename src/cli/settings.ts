import { Argument, type Command } from 'commander';
import { AppError } from '../errors.js';
import { isSettingName } from '../services/settings.js';
import { CliError, cliActor, withCore, type Io } from './context.js';
import { json } from './output.js';

/** `password-login` and `password_login` both name the setting; the console shows the latter. */
const settingName = (name: string) => name.replaceAll('-', '_');

/** Settings whose values are words, some of them `on`/`off`-like (`rendezvous.admission off`): taken as text. */
const TEXT_SETTINGS = new Set(['rendezvous.admission']);

/** Settings are booleans, whole numbers or text; the service says whether the type fits. */
function settingValue(key: string, raw: string): boolean | number | string {
  if (TEXT_SETTINGS.has(key)) return raw;
  if (raw === 'on' || raw === 'true') return true;
  if (raw === 'off' || raw === 'false') return false;
  if (/^-?\d{1,15}$/.test(raw)) return Number(raw);
  return raw;
}

const shown = (value: unknown) => (value === '' ? '(not set)' : String(value));

/** What a valid value looks like, for the settings whose rule is not plain on/off. */
const VALID_VALUES: Record<string, string> = {
  public_url:
    'public_url must be an origin: http:// or https://, a host name and an optional port, with no path, ' +
    'e.g. https://desk.example.com or http://desk.example.com:21114 ("" clears it)',
  max_authorized_users: 'max_authorized_users must be a whole number from 0 (no limit) to 10000000',
  log_retention_days: 'log_retention_days must be a whole number of days from 0 (keep logs forever) to 3650',
  'rendezvous.admission': 'rendezvous.admission must be off, deployment or approval',
};

export function registerSettings(program: Command, io: Io): void {
  const settings = program.command('settings').description('read and change run-time settings (kept in the database)');

  settings
    .command('get')
    .description('print one setting, or all of them')
    .argument('[name]', 'setting name, e.g. password_login')
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, options: { json?: boolean }, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        if (name !== undefined) {
          const key = settingName(name);
          if (!isSettingName(key)) throw new AppError('settings.unknown');
          const value = await services.settings.get(key);
          return io.out(options.json ? json(value) : String(value));
        }
        const all = await services.settings.all();
        if (options.json) return io.out(json(all));
        io.out(
          Object.entries(all)
            .map(([key, value]) => `${key}: ${shown(value)}`)
            .join('\n'),
        );
      });
    });

  settings
    .command('set')
    .description('change a setting, as the console\'s Settings pages do')
    .argument('<name>', 'setting name, as `deskgate settings get` lists them')
    .argument('<value>', 'on/off or true/false, a whole number, or text')
    .action(async (name: string, raw: string, _options: unknown, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const key = settingName(name);
        const value = settingValue(key, raw);
        try {
          await services.settings.set(cliActor(), key, value);
        } catch (error) {
          const valid = VALID_VALUES[key];
          if (error instanceof AppError && error.code === 'settings.invalid_value' && valid) {
            throw new CliError(`Invalid value for ${key}: ${valid}`);
          }
          throw error;
        }
        io.out(`${key}: ${shown(value)}`);
      });
    });

  settings
    .command('ldap')
    .description('turn LDAP sign-in off (the way back in when the directory locks people out; other LDAP settings are in the console)')
    .addArgument(new Argument('<state>', 'off').choices(['off']))
    .action(async (_state: 'off', _options: unknown, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        await services.ldap.turnOff(cliActor());
        io.out('LDAP sign-in is off');
      });
    });

  settings
    .command('password-login')
    .description('turn password sign-in on or off (on is the way back in after turning it off in the console)')
    .addArgument(new Argument('<state>', 'on or off').choices(['on', 'off']))
    .action(async (state: 'on' | 'off', _options: unknown, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        await services.settings.set(cliActor(), 'password_login', state === 'on');
        io.out(`password sign-in is ${state}`);
      });
    });
}
