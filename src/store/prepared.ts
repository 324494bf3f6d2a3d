import { createHash } from 'node:crypto';
import type { Kysely, QueryResult } from 'kysely';
import type pg from 'pg';
import type { Database } from './schema.js';

/** Runs one statement by its name (`statementName(sql)`), prepared once per connection (PostgreSQL). */
export type RunPrepared = (name: string, sql: string, parameters: readonly unknown[]) => Promise<QueryResult<unknown>>;

const runners = new WeakMap<Kysely<Database>, RunPrepared>();

/**
 * PostgreSQL plans every statement it is sent as text anew: for the short queries on the hot
 * paths (a token lookup, a page of devices) planning costs as much as running them. Sent by
 * name, a statement is parsed once per connection and its plan kept (after its first runs,
 * PostgreSQL keeps a generic plan when that is as good).
 */
export function registerPrepared(kysely: Kysely<Database>, pool: pg.Pool): void {
  runners.set(kysely, async (name, sql, parameters) => {
    const result = await pool.query({ name, text: sql, values: parameters as unknown[] });
    return { rows: result.rows, numAffectedRows: BigInt(result.rowCount ?? 0) };
  });
}

/** A statement's name: its SQL's hash, so one text always has one name. Computed once per statement, not per run. */
export function statementName(sql: string): string {
  return `dg_${createHash('sha256').update(sql).digest('base64url').slice(0, 22)}`;
}

/** The named-statement runner of a database (PostgreSQL, outside transactions), for precompiled queries. */
export function preparedOf(kysely: Kysely<Database>): RunPrepared | undefined {
  return runners.get(kysely);
}
