import { mkdtempSync, rmSync } from 'node:fs';
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

let counter = 0;

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-test-'));
    const location = { sqliteFile: path.join(dir, 'deskgate.db') };
    const db = openDatabase(location);
    await db.migrate();
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
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = openDatabase({ databaseUrl: url.href });
  await db.migrate();
  return {
    db,
    engine,
    url: url.href,
    location: { databaseUrl: url.href },
    async drop() {
      await db.close().catch(() => {});
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
