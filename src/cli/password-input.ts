import { randomInt } from 'node:crypto';
import { Option, type Command } from 'commander';
import { CliError, type Io } from './context.js';
import { PromptCancelled } from './terminal.js';

export interface PasswordOptions {
  password?: string;
  passwordStdin?: boolean;
  passwordPrompt?: boolean;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * 24 letters and digits: about 143 bits. No `-` or `_`, so a double-click selects all of it
 * and it never reads as an option when passed on.
 */
export function generatePassword(length = 24): string {
  let password = '';
  for (let i = 0; i < length; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

/** Adds `--password` / `--password-stdin` / `--password-prompt` (mutually exclusive) to a command. */
export function passwordOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--password <password>', 'the password (visible to other users in `ps`; prefer --password-stdin)')
        .conflicts(['passwordStdin', 'passwordPrompt']),
    )
    .addOption(
      new Option('--password-stdin', 'read the password from standard input (one trailing newline is dropped)').conflicts('passwordPrompt'),
    )
    .addOption(new Option('--password-prompt', 'ask for the password at the terminal, twice, without showing it'));
}

/** The password the options ask for, or a generated one (shown once by the caller). */
export async function passwordFrom(
  options: PasswordOptions,
  io: Io,
): Promise<{ password: string; generated: boolean }> {
  if (options.password !== undefined) return { password: options.password, generated: false };
  if (options.passwordPrompt) return { password: await promptTwice(io), generated: false };
  if (!options.passwordStdin) return { password: generatePassword(), generated: true };
  const input = await io.readStdin?.();
  if (input === undefined) {
    throw new CliError('--password-stdin reads a password piped in (e.g. `deskgate … --password-stdin < file`), not typed at a terminal');
  }
  // `echo pw | deskgate …` and files saved by editors end with a newline that is not part of it.
  const password = input.replace(/\r?\n$/, '');
  if (password === '') throw new CliError('--password-stdin: standard input is empty');
  return { password, generated: false };
}

async function promptTwice(io: Io): Promise<string> {
  const ask = async (question: string) => {
    try {
      return await io.promptHidden?.(question);
    } catch (error) {
      if (error instanceof PromptCancelled) throw new CliError('cancelled', 130);
      throw error;
    }
  };
  const first = await ask('Password: ');
  if (first === undefined) throw new CliError('--password-prompt needs a terminal; scripts can use --password-stdin');
  if (first === '') throw new CliError('no password was typed');
  const second = await ask('Password again: ');
  if (second !== first) throw new CliError('the two passwords differ; nothing was changed');
  return first;
}
