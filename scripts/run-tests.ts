/**
 * `npm test` runs this after type checks and lint: it decides whether the PostgreSQL half of
 * the suites can run (required under CI), says so on one line, and runs every test file with
 * node's test runner.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PG_ADMIN_URL, postgresReachable } from '../test/support/databases.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return testFiles(full);
    return name.endsWith('.test.ts') ? [full] : [];
  });
}

const only = process.argv.slice(2);
const files = only.length > 0 ? only : testFiles('test').sort();
const env = { ...process.env };

const problem = await postgresReachable();
if (problem) {
  if (process.env.CI) {
    console.error(`PostgreSQL is required under CI and is not reachable at ${PG_ADMIN_URL}: ${problem}`);
    console.error('Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start');
    process.exit(1);
  }
  console.log(`PostgreSQL suite not run: ${PG_ADMIN_URL} is not reachable (${problem})`);
  env.DESKGATE_TEST_PG = 'off';
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env },
);
process.exit(result.status ?? 1);
