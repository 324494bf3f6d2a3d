import { Option, type Command } from 'commander';
import { PROVIDER_TYPES, type AuthProvider, type ProviderInput } from '../domain/auth-provider.js';
import { AppError } from '../errors.js';
import type { Services } from '../services/index.js';
import { CliError, cliActor, withCore, type Io } from './context.js';
import { json, table } from './output.js';

/** A provider by its name (the `op` RustDesk clients send), as `provider list` shows it. */
async function providerNamed(services: Services, name: string): Promise<AuthProvider> {
  const found = (await services.providers.list()).find((p) => p.name === name.trim().toLowerCase());
  if (!found) throw new AppError('provider.not_found', { message: `No sign-in provider named "${name.slice(0, 64)}" (see deskgate provider list)` });
  return found;
}

/** The client secret from standard input, one trailing newline dropped (as --password-stdin). */
async function secretFromStdin(io: Io): Promise<string> {
  const input = await io.readStdin?.();
  if (input === undefined) {
    throw new CliError('--client-secret-stdin reads a secret piped in (e.g. `deskgate provider add … --client-secret-stdin < file`), not typed at a terminal');
  }
  const secret = input.replace(/\r?\n$/, '');
  if (secret === '') throw new CliError('--client-secret-stdin: standard input is empty');
  return secret;
}

/** Where a provider points, in one column: the issuer, else its authorization endpoint. */
const where = (p: AuthProvider) => p.issuer || p.authorization_endpoint;

interface AddOptions {
  type: (typeof PROVIDER_TYPES)[number];
  clientId: string;
  clientSecret?: string;
  clientSecretStdin?: boolean;
  issuer?: string;
  tenant?: string;
  label?: string;
  scopes?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  userinfoEndpoint?: string;
  enabled?: boolean;
  disabled?: boolean;
  allowAnyone?: boolean;
  json?: boolean;
}

/**
 * `deskgate provider …`: the sign-in providers of Settings → OIDC, through the same service as
 * the console and the admin API (the same checks, the same audit records, as the command line).
 */
export function registerProvider(program: Command, io: Io): Command {
  const provider = program.command('provider').description('manage single sign-on providers (Settings → OIDC)');

  provider
    .command('list')
    .description('list providers in the order of the sign-in buttons')
    .option('--json', 'print a JSON array of providers (never their secrets)')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const providers = await services.providers.list();
        if (options.json) return io.out(json(providers));
        if (providers.length === 0) return io.out('no providers');
        io.out(
          table(
            ['NAME', 'TYPE', 'STATE', 'LABEL', 'ISSUER'],
            providers.map((p) => [p.name, p.type, p.enabled ? 'enabled' : 'disabled', p.display_name, where(p)]),
          ),
        );
      });
    });

  provider
    .command('add')
    .description('add a provider (its checks are the console\'s: issuer or tenant, https, label, policy); without --enabled or --disabled it starts as the console\'s new providers do')
    .argument('<name>', 'the name RustDesk clients send: 1-32 characters of a-z, 0-9 and -')
    .addOption(new Option('--type <type>', 'provider type').choices([...PROVIDER_TYPES]).default('oidc'))
    .requiredOption('--client-id <id>', 'the application (client) ID registered at the provider')
    .addOption(
      new Option('--client-secret <secret>', 'the client secret (visible to other users in `ps`; prefer --client-secret-stdin)').conflicts(
        'clientSecretStdin',
      ),
    )
    .option('--client-secret-stdin', 'read the client secret from standard input (one trailing newline is dropped)')
    .option('--issuer <url>', 'the issuer URL (OpenID Connect discovery is at <issuer>/.well-known/openid-configuration)')
    .option('--tenant <tenant>', 'Azure: the Directory (tenant) ID, a domain, or the issuer URL it is part of')
    .option('--label <text>', 'the sign-in button\'s label (default: the type\'s name)')
    .option('--scopes <scopes>', 'scopes, separated by spaces (default: the type\'s)')
    .option('--authorization-endpoint <url>', 'OAuth 2 (or to override discovery): the authorization endpoint')
    .option('--token-endpoint <url>', 'OAuth 2 (or to override discovery): the token endpoint')
    .option('--userinfo-endpoint <url>', 'OAuth 2 (or to override discovery): the userinfo endpoint')
    .option('--allow-anyone', 'anyone the provider vouches for may sign in (needed for github.com, gitlab.com, Entra consumers)')
    .addOption(new Option('--enabled', 'add it turned on at once (its button appears for everyone)').conflicts('disabled'))
    .option('--disabled', 'add it turned off (enable it later with `deskgate provider enable NAME`)')
    .option('--json', 'print the new provider as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  printf %s "$SECRET" | deskgate provider add entra --type azure --client-id 1b2c… --tenant contoso.onmicrosoft.com --client-secret-stdin\n' +
        '  deskgate provider add corp --issuer https://sso.example.com/realms/corp --client-id deskgate --client-secret-stdin < secret.txt',
    )
    .action(async (name: string, options: AddOptions, command: Command) => {
      const secret = options.clientSecretStdin ? await secretFromStdin(io) : options.clientSecret;
      await withCore(command, io, async ({ services }) => {
        const input: ProviderInput = {
          name,
          type: options.type,
          client_id: options.clientId,
          ...(secret !== undefined ? { client_secret: secret } : {}),
          ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
          ...(options.tenant !== undefined ? { tenant_id: options.tenant } : {}),
          ...(options.label !== undefined ? { display_name: options.label } : {}),
          ...(options.scopes !== undefined ? { scopes: options.scopes } : {}),
          ...(options.authorizationEndpoint !== undefined ? { authorization_endpoint: options.authorizationEndpoint } : {}),
          ...(options.tokenEndpoint !== undefined ? { token_endpoint: options.tokenEndpoint } : {}),
          ...(options.userinfoEndpoint !== undefined ? { userinfo_endpoint: options.userinfoEndpoint } : {}),
          ...(options.enabled ? { enabled: true } : options.disabled ? { enabled: false } : {}),
          ...(options.allowAnyone ? { policy: { allow_anyone: true } } : {}),
        };
        const created = await services.providers.create(cliActor(), input);
        if (options.json) return io.out(json(created));
        io.out(`added provider "${created.name}" (${created.type}, ${created.enabled ? 'enabled' : 'disabled'}): button "${created.display_name}", issuer ${where(created) || '-'}`);
      });
    });

  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    provider
      .command(verb)
      .description(enabled ? 'turn a provider on: its button appears on the sign-in pages' : 'turn a provider off: its button disappears, its links stay')
      .argument('<name>', 'provider name')
      .action(async (name: string, _options: unknown, command: Command) => {
        await withCore(command, io, async ({ services }) => {
          const found = await providerNamed(services, name);
          if (found.enabled === enabled) return io.out(`provider "${found.name}" is already ${verb}d`);
          await services.providers.update(cliActor(), found.id, { enabled });
          io.out(`provider "${found.name}" is ${verb}d`);
        });
      });
  }

  provider
    .command('test')
    .description('fetch the provider\'s discovery and keys and check its client secret, as Settings → OIDC → Test does; exits 1 when a check fails')
    .argument('<name>', 'provider name')
    .option('--origin <url>', 'the console\'s address, for the redirect URI when no public URL is set', 'http://localhost:21114')
    .option('--json', 'print the report as JSON')
    .action(async (name: string, options: { origin: string; json?: boolean }, command: Command) => {
      const report = await withCore(command, io, async ({ services }) => {
        const found = await providerNamed(services, name);
        return services.providerTests.run(found.id, { requestOrigin: options.origin });
      });
      if (options.json) io.out(json(report));
      else {
        for (const check of report.checks) {
          io.out(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.message}`);
          if (check.url) io.out(`     tried: ${check.url}`);
          if (check.got) io.out(`     got:   ${check.got}`);
          if (check.fix) io.out(`     do:    ${check.fix}`);
        }
        io.out(`redirect URI to register: ${report.redirect_uri}`);
      }
      if (!report.ok) throw new CliError(`provider "${name}" failed its test`);
    });

  provider
    .command('delete')
    .description('delete a provider and the links made through it (the users stay; their sign-ins end)')
    .argument('<name>', 'provider name')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withCore(command, io, async ({ services }) => {
        const found = await providerNamed(services, name);
        await services.providers.delete(cliActor(), found.id);
        io.out(`deleted provider "${found.name}"`);
      });
    });

  return provider;
}
