import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildCore } from '../../src/app.js';
import { runCli, buildProgram } from '../../src/cli/program.js';
import type { Io } from '../../src/cli/context.js';
import { PromptCancelled } from '../../src/cli/terminal.js';
import { loadConfig } from '../../src/config.js';
import type { Engine } from '../../src/store/db.js';
import { testPasswords } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';

export const SECRET_KEY = 'cli-test-secret-key-cli-test-secret-key';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export type Core = Awaited<ReturnType<typeof buildCore>>;

/**
 * One database (a temp data dir for SQLite, a fresh database for PostgreSQL), the environment
 * that points deskgate at it, and services on the same database to check what commands did,
 * as a running server would see it.
 */
export interface CliBed {
  engine: Engine;
  env: Record<string, string>;
  dataDir: string;
  /** `stdin` undefined: standard input is a terminal. */
  run(argv: string[], options?: { stdin?: string; env?: Record<string, string>; typed?: (string | PromptCancelled)[] }): Promise<CliResult>;
  core(): Promise<Core>;
  close(): Promise<void>;
}

/**
 * `typed`: the answers typed at hidden prompts, in order (a PromptCancelled is Ctrl-C); without
 * it there is no terminal to prompt at.
 */
export function capturingIo(env: Record<string, string | undefined>, cwd: string, stdin?: string, typed?: (string | PromptCancelled)[]) {
  const out: string[] = [];
  const err: string[] = [];
  // As processIo writes: every message ends with a newline.
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const io: Io = {
    out: (text) => void out.push(line(text)),
    err: (text) => void err.push(line(text)),
    env,
    cwd,
    readStdin: async () => stdin,
    promptHidden: async (question) => {
      if (!typed) return undefined;
      err.push(line(question));
      const answer = typed.shift();
      if (answer instanceof PromptCancelled) throw answer;
      return answer ?? '';
    },
  };
  return { io, out, err };
}

export async function cliBed(engine: Engine): Promise<CliBed> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskgate-cli-'));
  let database: TestDatabase | undefined;
  const env: Record<string, string> = { DESKGATE_DATA_DIR: dataDir };
  if (engine === 'postgres') {
    database = await createTestDatabase('postgres');
    Object.assign(env, { DATABASE_URL: database.url ?? '', DESKGATE_SECRET_KEY: SECRET_KEY });
  }
  let core: Promise<Core> | undefined;

  return {
    engine,
    env,
    dataDir,
    async run(argv, options = {}) {
      const { io, out, err } = capturingIo({ ...env, ...options.env }, dataDir, options.stdin, options.typed && [...options.typed]);
      const code = await runCli(argv, io);
      return { code, out: out.join(''), err: err.join('') };
    },
    core() {
      core ??= buildCore(loadConfig(env), {
        passwords: testPasswords,
        ...(database ? { db: database.db } : {}),
      });
      return core;
    },
    async close() {
      if (core && !database) await (await core).db.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Every command path, e.g. ['user', 'add'], read from the program itself. */
export function commandPaths(): string[][] {
  const { io } = capturingIo({}, tmpdir());
  const paths: string[][] = [];
  const walk = (command: ReturnType<typeof buildProgram>, prefix: string[]) => {
    for (const sub of command.commands) {
      const here = [...prefix, sub.name()];
      paths.push(here);
      walk(sub, here);
    }
  };
  walk(buildProgram(io), []);
  return paths;
}
