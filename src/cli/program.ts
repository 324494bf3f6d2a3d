import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { CliError, type Io } from './context.js';
import { registerGroup } from './group.js';
import { registerKey } from './key.js';
import { registerMigrate } from './migrate.js';
import { registerProvider } from './provider.js';
import { registerServe } from './serve.js';
import { registerSettings } from './settings.js';
import { registerToken } from './token.js';
import { registerUser } from './user.js';

export function buildProgram(io: Io): Command {
  const program = new Command('deskgate')
    .description('Self-hosted account server and web console for RustDesk')
    .option('-c, --config <file>', 'JSON settings file (default: deskgate.json in the data directory)')
    .addHelpText(
      'after',
      '\nExit status: 0 done; 1 refused or failed (the reason is on stderr); 2 bad configuration.\n' +
        'Commands work while the server runs: they open the same database (DESKGATE_DATA_DIR or DATABASE_URL).',
    )
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerServe(program, io);
  registerMigrate(program, io);
  registerUser(program, io);
  registerGroup(program, io);
  registerToken(program, io);
  registerSettings(program, io);
  registerProvider(program, io);
  registerKey(program, io);
  return program;
}

/** Runs the CLI and returns its exit code; never throws. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode;
    }
    if (error instanceof ConfigError || error instanceof CliError) {
      io.err(`deskgate: ${error.message}`);
      return error instanceof CliError ? error.exitCode : 2;
    }
    io.err(`deskgate: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}
