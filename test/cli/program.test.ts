import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testEngines } from '../support/databases.js';
import { runCli } from '../../src/cli/program.js';
import { capturingIo, cliBed, commandPaths, type CliBed, type CliResult } from './cli-harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The real entry point in a child process: argv, stdin, stdout, stderr and exit code as a shell sees them. */
function deskgate(args: string[], env: Record<string, string>, stdin = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(stdin);
  });
}

describe('deskgate command line', () => {
  let bed: CliBed;

  before(async () => {
    bed = await cliBed('sqlite');
  });
  after(() => bed.close());

  it('has --help for every command, exiting 0 with its usage on stdout', async () => {
    const paths = commandPaths();
    for (const expected of [['user', 'add'], ['user', 'passwd'], ['group', 'delete'], ['token', 'create'], ['settings', 'password-login']]) {
      assert.ok(paths.some((p) => p.join(' ') === expected.join(' ')), `${expected.join(' ')} exists`);
    }
    for (const command of [[], ...paths]) {
      if (command.at(-1) === 'help') continue; // commander's own `help [command]`
      const result = await bed.run([...command, '--help']);
      assert.equal(result.code, 0, command.join(' '));
      assert.match(result.out, new RegExp(`^Usage: deskgate ${command.join(' ')}`.replace(/ $/, '')), command.join(' '));
      assert.equal(result.err, '');
    }
  });

  it('points at --password-stdin wherever a password is given', async () => {
    for (const command of [['user', 'add'], ['user', 'passwd']]) {
      const help = (await bed.run([...command, '--help'])).out;
      assert.match(help, /--password <password>\s+the password \(visible to other users in `ps`; prefer\s+--password-stdin\)/);
      assert.match(help, /--password-stdin\s+read the password from standard input/);
    }
  });

  it('exits non-zero with the reason on stderr for usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /error: unknown command 'frobnicate'/],
      [['user', 'frobnicate'], /error: unknown command 'frobnicate'/],
      [['user', 'add'], /error: missing required argument 'name'/],
      [['user', 'list', '--bogus'], /error: unknown option '--bogus'/],
      [['token', 'create', '--scopes', 'admin'], /error: required option '--name <name>' not specified/],
      [['user'], /Usage: deskgate user/],
      [[], /Usage: deskgate/],
    ];
    for (const [argv, message] of cases) {
      const result = await bed.run(argv);
      assert.notEqual(result.code, 0, argv.join(' '));
      assert.match(result.err, message, argv.join(' '));
      assert.equal(result.out, '', argv.join(' '));
    }
  });

  it('exits 2 on a bad setting, naming it without echoing its value', async () => {
    const result = await bed.run(['user', 'list'], { env: { DESKGATE_PORT: 'port-70000-secretish' } });
    assert.equal(result.code, 2);
    assert.match(result.err, /^deskgate: Invalid configuration:\n\s+DESKGATE_PORT must be a whole number from 0 to 65535\n$/);
    assert.ok(!result.err.includes('secretish'));
    assert.equal(result.out, '');
  });

  it('exits 2 for a bad setting in the --config file or a missing file', async () => {
    const file = path.join(bed.dataDir, 'bad.json');
    writeFileSync(file, JSON.stringify({ port: 'x-secretish' }));
    const bad = await bed.run(['--config', file, 'user', 'list']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /port \(config file\) must be a whole number/);
    assert.ok(!bad.err.includes('secretish'));
    const missing = await bed.run(['user', 'list', '--config', path.join(bed.dataDir, 'none.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /none\.json: not found/);
  });

  it('migrate reports what it applied, then that the database is up to date', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'deskgate-cli-migrate-'));
    try {
      const first = await bed.run(['migrate'], { env: { DESKGATE_DATA_DIR: dataDir } });
      assert.equal(first.code, 0, first.err);
      assert.match(first.out, /^applied: 0001-foundation(, [\w-]+)*\n$/);
      const second = await bed.run(['migrate'], { env: { DESKGATE_DATA_DIR: dataDir } });
      assert.equal(second.out, 'the database is up to date\n');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

for (const engine of await testEngines()) {
  describe(`deskgate migrate (${engine})`, () => {
    it('leaves an up-to-date database alone', async () => {
      const bed = await cliBed(engine);
      try {
        await bed.core(); // migrated, as a running server leaves it
        const result = await bed.run(['migrate']);
        assert.equal(result.code, 0, result.err);
        assert.equal(result.out, 'the database is up to date\n');
      } finally {
        await bed.close();
      }
    });
  });
}

describe('deskgate as a process (src/main.ts)', () => {
  let env: Record<string, string>;

  before(async () => {
    env = { DESKGATE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'deskgate-cli-process-')) };
    // Migrated first, as by a running server: the processes below start side by side, and two
    // first-ever migrations racing on one SQLite file is not what these tests are about.
    assert.equal(await runCli(['migrate'], capturingIo(env, ROOT).io), 0);
  });
  after(() => rmSync(env.DESKGATE_DATA_DIR!, { recursive: true, force: true }));

  it('exits 0, 1 and 2 as documented', async () => {
    // Independent runs side by side: each process start costs a TypeScript compile under tsx.
    const [empty, notFound, badPort, help] = await Promise.all([
      deskgate(['user', 'list'], env),
      deskgate(['user', 'disable', 'nobody'], env),
      deskgate(['user', 'list'], { ...env, DESKGATE_PORT: '99999' }),
      deskgate(['user', 'add', '--help'], env),
    ]);
    assert.deepEqual(empty, { code: 0, out: 'no users\n', err: '' });
    assert.deepEqual(notFound, { code: 1, out: '', err: 'deskgate: User not found\n' });
    assert.equal(badPort.code, 2);
    assert.match(badPort.err, /DESKGATE_PORT/);
    assert.ok(!badPort.err.includes('99999'));
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: deskgate user add/);
  });

  it('reads a password from a real pipe and prints a token alone on stdout', async () => {
    const added = await deskgate(['user', 'add', 'root', '--admin', '--password-stdin'], env, 'correct horse battery\n');
    assert.deepEqual(added, { code: 0, out: 'created administrator "root"\n', err: '' });

    const token = await deskgate(['token', 'create', '--name', 'ci', '--scopes', 'users:read'], env);
    assert.equal(token.code, 0, token.err);
    assert.match(token.out, /^dgt_[A-Za-z0-9_-]{43}\n$/);
    assert.match(token.err, /created API token "ci"/);
  });
});
