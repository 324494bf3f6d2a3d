import { type Command } from 'commander';
import { buildCore } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { AppError } from '../errors.js';
import type { Actor } from '../services/audit.js';
import { userInfo } from 'node:os';

/** Writes and exits: commands print results on stdout and problems on stderr. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  env: process.env,
  cwd: process.cwd(),
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
