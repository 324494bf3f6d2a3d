import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseLocation, type Db, type Engine } from '../../src/store/db.js';

/**
 * The engines a test file runs on. SQLite always; PostgreSQL when reachable. Under CI an
 * unreachable PostgreSQL is a failure; elsewhere scripts/run-tests.ts reports it once.
 * Each test file gets databases of its own, so parallel files never collide.
 */
export const PG_ADMIN_URL = process.env.DESKGATE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Db;
  engine: Engine;
  /** postgres://… for PostgreSQL (to open a second connection, as a second instance would). */
  url: string | undefined;
  /** Where it lives, to open it again (a restart, a second instance). */
  location: DatabaseLocation;
  drop(): Promise<void>;
}

export async function postgresReachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

let cachedEngines: Promise<Engine[]> | undefined;

/** Which engines to run here; throws under CI when PostgreSQL is down. */
export function testEngines(): Promise<Engine[]> {
  cachedEngines ??= (async () => {
    if (process.env.DESKGATE_TEST_PG === 'off') return ['sqlite'];
    const problem = await postgresReachable();
    if (!problem) return ['sqlite', 'postgres'];
    if (process.env.CI) {
      throw new Error(
        `PostgreSQL is required under CI and is not reachable at ${PG_ADMIN_URL}: ${problem}. ` +
          'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      );
    }
    return ['sqlite'];
  })();
  return cachedEngines;
}

/**
 * A migrated database to clone, made once per run by scripts/run-tests.ts and named in these
 * variables; a file run by itself (no variable) migrates each database as before. Migration
 * tests that start from an old schema open their own databases and never use these.
 */
export const TEMPLATE_ENV = { sqlite: 'DESKGATE_TEST_SQLITE_TEMPLATE', postgres: 'DESKGATE_TEST_PG_TEMPLATE' } as const;

export interface Templates {
  /** The variables that point test files at the templates. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function postgresUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.href;
}

/** Migrates one database per engine, to be cloned by every createTestDatabase of the run. */
export async function createTemplates(engines: readonly Engine[]): Promise<Templates> {
  const env: Record<string, string> = {};
  const drops: (() => Promise<void>)[] = [];
  const drop = async () => {
    for (const d of drops.reverse()) await d().catch(() => {});
  };
  try {
    if (engines.includes('sqlite')) {
      const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-template-'));
      drops.push(async () => rmSync(dir, { recursive: true, force: true }));
      const file = path.join(dir, 'deskgate.db');
      const db = openDatabase({ sqliteFile: file });
      await db.migrate();
      // Closing the last connection checkpoints the write-ahead log into the file and deletes
      // it, so the file alone is the whole database (a leftover log would be lost by a copy).
      await db.close();
      for (const suffix of ['-wal', '-shm']) {
        if (existsSync(file + suffix)) throw new Error(`SQLite template left ${file}${suffix} behind`);
      }
      env[TEMPLATE_ENV.sqlite] = file;
    }
    if (engines.includes('postgres')) {
      const name = `deskgate_template_${process.pid}_${Date.now().toString(36)}`;
      await adminQuery(`create database ${name}`);
      drops.push(() => adminQuery(`drop database if exists ${name} with (force)`));
      const db = openDatabase({ databaseUrl: postgresUrl(name) });
      try {
        await db.migrate();
      } finally {
        await db.close();
      }
      // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template: let nobody.
      await adminQuery(`alter database ${name} allow_connections false`);
      env[TEMPLATE_ENV.postgres] = name;
    }
  } catch (error) {
    await drop();
    throw error;
  }
  return { env, drop };
}

let counter = 0;

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-test-'));
    const location = { sqliteFile: path.join(dir, 'deskgate.db') };
    const template = process.env[TEMPLATE_ENV.sqlite];
    if (template) copyFileSync(template, location.sqliteFile);
    const db = openDatabase(location);
    if (!template) await db.migrate();
    return {
      db,
      engine,
      url: undefined,
      location,
      async drop() {
        await db.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `deskgate_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const template = process.env[TEMPLATE_ENV.postgres];
  if (template && !/^[a-z0-9_]+$/.test(template)) throw new Error(`${TEMPLATE_ENV.postgres} is not a database name: ${template}`);
  await adminQuery(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = postgresUrl(name);
  const db = openDatabase({ databaseUrl: url });
  if (!template) await db.migrate();
  return {
    db,
    engine,
    url,
    location: { databaseUrl: url },
    async drop() {
      await db.close().catch(() => {});
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
