import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import pg from 'pg';
import { openDatabase, type Db, type Engine } from '../../src/store/db.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { PG_ADMIN_URL } from './databases.js';

/**
 * A database of this engine migrated only up to the migration before `migration`, for a
 * migration's test to fill with data as the previous schema held it. `url` is the PostgreSQL
 * database's address (undefined for SQLite); `drop` closes and removes it.
 */
export async function previousSchema(engine: Engine, migration: string): Promise<{ db: Db; url: string | undefined; drop(): Promise<void> }> {
  let db: Db;
  let url: string | undefined;
  let drop: () => Promise<void>;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'deskgate-migration-'));
    db = openDatabase({ sqliteFile: path.join(dir, 'deskgate.db') });
    drop = async () => {
      await db.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const name = `deskgate_migration_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name}`).finally(() => admin.end());
    const location = new URL(PG_ADMIN_URL);
    location.pathname = `/${name}`;
    url = location.href;
    db = openDatabase({ databaseUrl: url });
    drop = async () => {
      await db.close().catch(() => {});
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`).finally(() => client.end());
    };
  }
  const names = Object.keys(await migrationProvider.getMigrations()).sort();
  assert.ok(names.includes(migration), `no migration ${migration}`);
  const previous = names[names.indexOf(migration) - 1] ?? '';
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider, migrationTableName: 'deskgate_migrations', migrationLockTableName: 'deskgate_migrations_lock' });
  assert.equal((await migrator.migrateTo(previous)).error, undefined);
  return { db, url, drop };
}
