import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import { inTransaction, runNowOf } from './db.js';
import { preparedOf, statementName } from './prepared.js';
import type { Database } from './schema.js';

/** Stands in for a named parameter while a query is built once. */
class Slot {
  constructor(readonly name: string) {}
}

export interface Precompiled<P, R> {
  /** The first row the query returns. */
  first(params: P): Promise<R | undefined>;
  /** Every row the query returns. */
  all(params: P): Promise<R[]>;
  /** Rows inserted, updated or deleted. */
  run(params: P): Promise<number>;
  /** The query with these values, for `writeAll`. */
  bind(params: P): CompiledQuery<R>;
}

/** Runs writes in one transaction: all or nothing, one commit. */
export async function writeAll(db: Kysely<Database>, queries: readonly CompiledQuery[]): Promise<void> {
  if (runNowOf(db)?.all(queries)) return;
  await inTransaction(db, async (trx) => {
    for (const query of queries) await trx.executeQuery(query);
  });
}

/**
 * A query built and compiled once and then run with new values: building and compiling a Kysely
 * query costs about as much as running a simple one on SQLite, and the sign-in and token paths
 * run the same few queries all the time. `build` is called once with an object whose every
 * property is a stand-in; where a stand-in lands among the compiled parameters, that
 * property's value goes on each run. Only for queries whose SQL never depends on the values
 * (no `in` lists, no optional clauses). `columns` lists the keys for `values(params)` inserts.
 */
export function precompile<P extends object, R>(
  db: Kysely<Database>,
  build: (params: P) => Compilable<R>,
  columns?: readonly (keyof P & string)[],
): Precompiled<P, R> {
  const runNow = runNowOf(db);
  const prepared = preparedOf(db);
  // Compiled at first use: a transaction's store makes every module's queries anew, and uses few.
  let made: { compiled: CompiledQuery<R>; names: string[]; name: string | undefined } | undefined;
  function make() {
    if (made) return made;
    const slots = columns
      ? Object.fromEntries(columns.map((name) => [name, new Slot(name)]))
      : new Proxy({}, { get: (_target, name) => new Slot(String(name)) });
    const compiled = build(slots as P).compile();
    const names = compiled.parameters.map((value) => {
      if (!(value instanceof Slot)) throw new Error(`precompiled query has a fixed parameter: ${compiled.sql}`);
      return value.name;
    });
    made = { compiled, names, name: prepared ? statementName(compiled.sql) : undefined };
    return made;
  }

  function valuesOf(params: P): unknown[] {
    return make().names.map((name) => {
      const value = (params as Record<string, unknown>)[name];
      if (value === undefined) throw new Error(`precompiled query is missing "${name}"`);
      return value;
    });
  }

  async function execute(params: P): Promise<QueryResult<R>> {
    const values = valuesOf(params);
    const { compiled, name } = make();
    if (prepared && name) return (await prepared(name, compiled.sql, values)) as QueryResult<R>;
    const now = runNow?.one(compiled.sql, values) as QueryResult<R> | undefined;
    return now ?? db.executeQuery<R>(CompiledQuery.raw(compiled.sql, values));
  }

  return {
    async first(params) {
      return (await execute(params)).rows[0];
    },
    async all(params) {
      return (await execute(params)).rows;
    },
    async run(params) {
      return Number((await execute(params)).numAffectedRows ?? 0);
    },
    bind(params) {
      return CompiledQuery.raw(make().compiled.sql, valuesOf(params)) as CompiledQuery<R>;
    },
  };
}

/** A key list that must name every column of a row type (checked by the compiler). */
export function columnsOf<Row>(keys: { [K in keyof Row]-?: true }): (keyof Row & string)[] {
  return Object.keys(keys) as (keyof Row & string)[];
}
