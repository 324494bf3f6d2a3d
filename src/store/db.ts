import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface DatabaseLocation {
  /** `postgres://…`; unset means SQLite. */
  databaseUrl?: string | undefined;
  /** SQLite file (ignored for PostgreSQL). */
  sqliteFile?: string;
}

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly engine: Engine;
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function postgresPool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 5000,
    // Times are bigint milliseconds, well inside 2^53: read them as numbers. Per pool, not
    // through pg's global type registry, so nothing leaks between apps in one process.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format);
      }) as typeof pg.types.getTypeParser,
    },
  });
  // A connection dropping (database restarted or stopped) must not crash the process: the
  // query in flight fails and answers 5xx; idle and checked-out clients alike get a listener.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/**
 * Kysely prepares every SQLite query anew, and preparing the token lookup costs more than
 * running it. Statements are kept by SQL text (queries are parameterised, so the set is small);
 * Kysely runs one query at a time on its single connection, so reuse is safe.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        if (statements.size >= max) statements.delete(statements.keys().next().value as string);
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

export function openDatabase(location: DatabaseLocation): Db {
  let kysely: Kysely<Database>;
  let engine: Engine;
  if (location.databaseUrl) {
    engine = 'postgres';
    kysely = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: postgresPool(location.databaseUrl) }),
    });
  } else {
    engine = 'sqlite';
    const file = location.sqliteFile ?? ':memory:';
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // The CLI writes while the server runs: wait for the lock rather than fail.
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  }

  return {
    kysely,
    engine,
    async ping() {
      await sql`select 1`.execute(kysely);
    },
    async migrate() {
      const migrator = new Migrator({
        db: kysely,
        provider: migrationProvider,
        migrationTableName: 'deskgate_migrations',
        migrationLockTableName: 'deskgate_migrations_lock',
      });
      // Two processes migrating a new SQLite file at once (the server's first start and a CLI
      // command) can both read "nothing applied" before one writes; the loser retries and then
      // finds the work done. PostgreSQL's migration lock makes the retry unnecessary there.
      for (let attempt = 1; ; attempt++) {
        const { error, results } = await migrator.migrateToLatest();
        if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
        if (engine !== 'sqlite' || attempt >= 3) throw error;
      }
    },
    async close() {
      await kysely.destroy();
    },
  };
}
