import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Deleting old log records (services/log-retention.ts): device audit records, the console audit
 * and failed sign-ins. Each call deletes at most `limit` rows, oldest first, by the table's
 * index on `created_at`, so a first prune of millions of rows is many short statements that
 * never hold the database for long; the caller repeats it until fewer than `limit` go.
 */
export function createLogPruningStore(db: Kysely<Database>) {
  return {
    /**
     * Device audit records (connections, file transfers, alarms) created before `before`. A
     * connection still open (`closed_at` 0) is kept unless it was created before
     * `openBefore` too: a device that never reported the close should not keep it forever.
     */
    async deviceAudit(before: number, openBefore: number, limit: number): Promise<number> {
      const result = await db
        .deleteFrom('device_audit')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('device_audit')
            .select('id')
            .where('created_at', '<', before)
            .where((w) => w.or([w('kind', '<>', 'conn'), w('closed_at', '<>', 0), w('created_at', '<', openBefore)]))
            .orderBy('created_at')
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Console audit records created before `before`. */
    async consoleAudit(before: number, limit: number): Promise<number> {
      const result = await db
        .deleteFrom('console_audit')
        .where('id', 'in', (eb) => eb.selectFrom('console_audit').select('id').where('created_at', '<', before).orderBy('created_at').limit(limit))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Failed sign-ins (Logs → Failed sign-ins) recorded before `before`; the per-name lock-out counts are not touched. */
    async signInFailures(before: number, limit: number): Promise<number> {
      const result = await db
        .deleteFrom('login_failures')
        .where('id', 'in', (eb) => eb.selectFrom('login_failures').select('id').where('created_at', '<', before).orderBy('created_at').limit(limit))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type LogPruningStore = ReturnType<typeof createLogPruningStore>;
