import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type CompiledQuery, type Driver, type QueryResult, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { createChangeListener, type ChangeListener } from './change-notices.js';
import { migrationProvider } from './migrations/index.js';
import { registerPrepared } from './prepared.js';
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
  /**
   * PostgreSQL only: the notices of changes to tokens and users (migration 0013), on a connection
   * of its own that `start()` opens (the server does, the command line does not) and `close()` ends.
   */
  readonly changeNotices: ChangeListener | undefined;
  /**
   * PostgreSQL only: a listener of its own on another channel (messages between instances, not
   * changes to rows), for the caller to start and close; undefined on SQLite.
   */
  openListener(channel: string): ChangeListener | undefined;
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

/**
 * Runs queries on the spot, or answers undefined when they have to wait their turn: `one` a
 * single query, `all` several in one transaction (all or nothing).
 */
export interface RunNow {
  one(sql: string, parameters: readonly unknown[]): QueryResult<unknown> | undefined;
  all(queries: readonly CompiledQuery[]): true | undefined;
}

/** The engine behind a Kysely instance or transaction, for the statements written once per engine. */
export function engineOf(kysely: Kysely<Database>): Engine {
  return kysely.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

const runners = new WeakMap<Kysely<Database>, RunNow>();

/** The on-the-spot runner of a database (SQLite only), for precompiled queries. */
export function runNowOf(kysely: Kysely<Database>): RunNow | undefined {
  return runners.get(kysely);
}

/**
 * Kysely's SQLite driver passes every query through a mutex, because a transaction holds the
 * single connection across awaits, and through several promises: 8 µs of a 14 µs lookup.
 * better-sqlite3 itself is synchronous, so while nobody holds the connection queries can run
 * at once with the same effect. This dialect notes when the connection is held; `runNow`
 * runs queries directly only when it is not.
 */
class SqliteDialectWithRunNow extends SqliteDialect {
  private held = false;
  private readonly statements: SqliteDatabase;

  constructor(private readonly sqlite: SQLite.Database) {
    const statements = withStatementCache(sqlite);
    super({ database: statements });
    this.statements = statements;
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const acquire = driver.acquireConnection.bind(driver);
    const release = driver.releaseConnection.bind(driver);
    driver.acquireConnection = async () => {
      const connection = await acquire();
      this.held = true;
      return connection;
    };
    driver.releaseConnection = async (connection) => {
      this.held = false;
      await release(connection);
    };
    return driver;
  }

  private execute(sqlText: string, parameters: readonly unknown[]): QueryResult<unknown> {
    const statement = this.statements.prepare(sqlText) as SQLite.Statement;
    if (statement.reader) return { rows: statement.all(parameters) };
    return { rows: [], numAffectedRows: BigInt(statement.run(parameters).changes) };
  }

  readonly runNow: RunNow = {
    one: (sqlText, parameters) => (this.held ? undefined : this.execute(sqlText, parameters)),
    all: (queries) => {
      if (this.held) return undefined;
      this.sqlite.transaction(() => {
        for (const query of queries) this.execute(query.sql, query.parameters);
      })();
      return true;
    },
  };
}

/** How often the write-ahead log is copied into the database file (SQLite). */
export const CHECKPOINT_EVERY_MS = 1_000;

/**
 * By itself SQLite copies the write-ahead log into the database file inside whichever commit
 * makes the log pass 1000 pages: that one request pays for everyone's writes, and until then
 * changes sit only in the log, which `synchronous = NORMAL` syncs at checkpoints alone. Here the
 * commits never checkpoint; a timer does, once a second, never inside a transaction, so a change
 * reaches the synced database file within about a second whatever the load.
 */
function checkpointEverySecond(sqlite: SQLite.Database): NodeJS.Timeout {
  sqlite.pragma('wal_autocheckpoint = 0');
  return setInterval(() => {
    if (sqlite.inTransaction || !sqlite.open) return;
    try {
      // PASSIVE: copies what no reader still needs and never waits for anyone.
      sqlite.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy with another process's checkpoint: the next tick tries again.
    }
  }, CHECKPOINT_EVERY_MS).unref();
}

export function openDatabase(location: DatabaseLocation): Db {
  let kysely: Kysely<Database>;
  let engine: Engine;
  let checkpoints: NodeJS.Timeout | undefined;
  let changeNotices: ChangeListener | undefined;
  if (location.databaseUrl) {
    engine = 'postgres';
    changeNotices = createChangeListener({ connectionString: location.databaseUrl, connectionTimeoutMillis: 5000 });
    const pool = postgresPool(location.databaseUrl);
    kysely = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
    });
    registerPrepared(kysely, pool);
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
    const dialect = new SqliteDialectWithRunNow(sqlite);
    if (file !== ':memory:') checkpoints = checkpointEverySecond(sqlite);
    kysely = new Kysely<Database>({ dialect });
    runners.set(kysely, dialect.runNow);
  }

  return {
    kysely,
    engine,
    changeNotices,
    openListener: (channel) =>
      location.databaseUrl ? createChangeListener({ connectionString: location.databaseUrl, connectionTimeoutMillis: 5000 }, channel) : undefined,
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
      clearInterval(checkpoints);
      await changeNotices?.close();
      await kysely.destroy();
    },
  };
}

/**
 * Runs `fn` in a transaction, or in the one `executor` already is (a store bound by
 * `store.transaction`): Kysely cannot nest them, and the outer one decides the commit.
 */
export function inTransaction<T>(executor: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return executor.isTransaction ? fn(executor) : executor.transaction().execute(fn);
}
