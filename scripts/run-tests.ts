/**
 * `npm test` runs this after type checks and lint: it decides whether the PostgreSQL half of
 * the suites can run (required under CI), says so on one line, migrates one template database
 * per engine for every test file to clone, runs every test file with node's test runner, and
 * drops the templates.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createTemplates, PG_ADMIN_URL, postgresReachable } from '../test/support/databases.js';

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

const templates = await createTemplates(problem ? ['sqlite'] : ['sqlite', 'postgres']);
// Ctrl-C reaches the test runner too; this process waits for it and then drops the templates.
process.on('SIGINT', () => {});
let status: number;
try {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
    { stdio: 'inherit', env: { ...env, ...templates.env } },
  );
  status = result.status ?? 1;
} finally {
  await templates.drop();
}
process.exit(status);
