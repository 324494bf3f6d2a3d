import { sql, type Expression, type Kysely } from 'kysely';
import { engineOf } from './db.js';
import type { Database } from './schema.js';

type PrunedTable = 'device_audit' | 'console_audit' | 'login_failures';

/**
 * Deleting old log records (services/log-retention.ts): device audit records, the console audit
 * and failed sign-ins. Each call deletes at most `limit` rows, oldest first, by the table's
 * index on `created_at`, so a first prune of millions of rows is many short statements that
 * never hold the database for long; the caller repeats it until fewer than `limit` go.
 */
export function createLogPruningStore(db: Kysely<Database>) {
  const postgres = engineOf(db) === 'postgres';

  /**
   * Deletes the rows whose ids `ids` selects. On PostgreSQL `id = any(array(…))`: with `in (…)`
   * the planner joins the batch's ids to a scan of the whole table, every batch, once the table
   * is a few hundred thousand rows; an array is looked up in the primary key. SQLite looks an
   * `in` list up in the primary key itself.
   */
  async function deleteIds(table: PrunedTable, ids: Expression<unknown>): Promise<number> {
    const where = postgres ? sql<boolean>`id = any(array(${ids}))` : sql<boolean>`id in (${ids})`;
    const result = await db.deleteFrom(table).where(where).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  return {
    /**
     * Device audit records (connections, file transfers, alarms) created before `before`. A
     * connection still open (`closed_at` 0) is kept unless it was created before
     * `openBefore` too: a device that never reported the close should not keep it forever.
     */
    async deviceAudit(before: number, openBefore: number, limit: number): Promise<number> {
      return deleteIds(
        'device_audit',
        db
          .selectFrom('device_audit')
          .select('id')
          .where('created_at', '<', before)
          .where((w) => w.or([w('kind', '<>', 'conn'), w('closed_at', '<>', 0), w('created_at', '<', openBefore)]))
          .orderBy('created_at')
          .limit(limit),
      );
    },

    /** Console audit records created before `before`. */
    async consoleAudit(before: number, limit: number): Promise<number> {
      return deleteIds('console_audit', db.selectFrom('console_audit').select('id').where('created_at', '<', before).orderBy('created_at').limit(limit));
    },

    /** Failed sign-ins (Logs → Failed sign-ins) recorded before `before`; the per-name lock-out counts are not touched. */
    async signInFailures(before: number, limit: number): Promise<number> {
      return deleteIds('login_failures', db.selectFrom('login_failures').select('id').where('created_at', '<', before).orderBy('created_at').limit(limit));
    },
  };
}

export type LogPruningStore = ReturnType<typeof createLogPruningStore>;
