import { type Command } from 'commander';
import { buildCore } from '../core.js';
import { loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';
import type { Actor } from '../services/audit.js';
import { userInfo } from 'node:os';
import { promptHidden } from './terminal.js';

/** Writes and exits: commands print results on stdout and problems on stderr. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /**
   * All of standard input (for `--password-stdin`), or undefined when it is a terminal: a
   * password typed there would echo. Optional so that an Io without input still type-checks.
   */
  readStdin?(): Promise<string | undefined>;
  /** An answer typed at the terminal without echo, or undefined when there is no terminal. */
  promptHidden?(question: string): Promise<string | undefined>;
}

/** More than any password (128 characters): `--password-stdin </dev/zero` must not fill memory. */
const STDIN_LIMIT = 64 * 1024;

async function readProcessStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > STDIN_LIMIT) {
      process.stdin.destroy();
      throw new CliError('standard input is too long for a password');
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
  cwd: process.cwd(),
  readStdin: readProcessStdin,
  promptHidden,
};

/** Exit status for a refused command; usage errors use commander's (1). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export function configOf(command: Command, io: Io): Config {
  const configFile = command.optsWithGlobals<{ config?: string }>().config;
  return loadConfig(io.env, { cwd: io.cwd, ...(configFile ? { configFile } : {}) });
}

/** The audit actor for the command line: the operating-system user who ran it. */
export function cliActor(): Actor {
  let name = 'cli';
  try {
    name = `cli:${userInfo().username}`;
  } catch {
    // no passwd entry (some containers): keep "cli"
  }
  return { type: 'cli', id: '', name, ip: '' };
}

/** Opens the store and services for one command and always closes them. */
export async function withCore<T>(
  command: Command,
  io: Io,
  run: (core: Awaited<ReturnType<typeof buildCore>>, config: Config) => Promise<T>,
): Promise<T> {
  const config = configOf(command, io);
  const core = await buildCore(config);
  try {
    return await run(core, config);
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.publicMessage);
    throw error;
  } finally {
    await core.db.close();
  }
}
