import { InvalidArgumentError, type Command } from 'commander';
import { SCOPE_AREAS } from '../services/api-tokens.js';
import { cliActor, CliError, withCore, type Io } from './context.js';
import { json, table, time } from './output.js';

function days(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 3650) throw new InvalidArgumentError('a whole number of days from 1 to 3650');
  return n;
}

export function registerToken(program: Command, io: Io): void {
  const token = program.command('token').description('manage API tokens for scripts (/api/admin/*)');

  token
    .command('create')
    .description('create an API token and print it, alone, on standard output (shown once; stored hashed)')
    .requiredOption('--name <name>', 'what the token is for, 1-64 characters')
    .requiredOption('--scopes <scopes...>', 'scopes, separated by commas or spaces')
    .option('--expires-in-days <days>', 'expire after this many days (default: never)', days)
    .addHelpText(
      'after',
      `\nScopes: admin (everything), or <area>:read / <area>:write (write includes read),\n` +
        `with <area> one of ${SCOPE_AREAS.join(', ')}.\n\n` +
        'Example:\n  TOKEN=$(deskgate token create --name backup --scopes users:read,audit:read)',
    )
    .action(
      async (options: { name: string; scopes: string[]; expiresInDays?: number }, command: Command) => {
        await withCore(command, io, async ({ services }) => {
          const created = await services.apiTokens.create(cliActor(), {
            name: options.name,
            scopes: options.scopes.join(','),
            expiresInDays: options.expiresInDays,
          });
          // stdout carries the token and nothing else: `TOKEN=$(deskgate token create …)`.
          io.err(
            `created API token "${created.info.name}" (id ${created.info.id}, scopes ${created.info.scopes.join(',')}); ` +
              'it is shown only this once',
          );
          io.out(created.token);
        });
      },
    );

  token
    .command('list')
    .description('list API tokens (never their values)')
    .option('--all', 'include revoked tokens')
    .option('--json', 'print a JSON array of tokens')
    .action(async (options: { all?: boolean; json?: boolean }, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const tokens = await services.apiTokens.list(Boolean(options.all));
        if (options.json) return io.out(json(tokens));
        if (tokens.length === 0) return io.out('no API tokens');
        const header = ['ID', 'NAME', 'SCOPES', 'CREATED BY', 'CREATED', 'LAST USED', 'EXPIRES'];
        io.out(
          table(
            options.all ? [...header, 'REVOKED'] : header,
            tokens.map((t) => [
              t.id,
              t.name,
              t.scopes.join(','),
              t.created_by,
              time(t.created_at),
              time(t.last_used_at, 'never'),
              time(t.expires_at, 'never'),
              ...(options.all ? [time(t.revoked_at)] : []),
            ]),
          ),
        );
      });
    });

  token
    .command('revoke')
    .description('revoke an API token at once, by id (or by name when only one live token has it)')
    .argument('<id>', 'token id, as `deskgate token list` shows it')
    .action(async (idOrName: string, _options: unknown, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const live = await services.apiTokens.list();
        let target = live.find((t) => t.id === idOrName);
        if (!target) {
          const named = live.filter((t) => t.name === idOrName);
          if (named.length > 1) {
            throw new CliError(`${named.length} live tokens are named "${idOrName}"; revoke one by id (see deskgate token list)`);
          }
          target = named[0];
        }
        // Unknown or already revoked: the service answers "Token not found".
        await services.apiTokens.revoke(cliActor(), target?.id ?? idOrName);
        io.out(`revoked API token "${target?.name ?? idOrName}"`);
      });
    });
}
