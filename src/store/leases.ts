import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * Named leases in the database: periodic work that every instance schedules but only one at a
 * time should do (pruning old log records). Taking one is a single statement, so instances
 * racing for it agree on one holder on both engines (STYLE.md "Entities and invariants").
 */
export function createLeaseStore(db: Kysely<Database>) {
  return {
    /**
     * Takes the lease `name` for `holder` until `now + ttlMs`, or extends it if `holder` has it
     * already: true when `holder` holds it now. Someone else's lease is taken only once it has
     * expired. The upsert's `where` leaves another holder's live row as it is, and then
     * `returning` gives no row.
     */
    async acquire(name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
      const row = await db
        .insertInto('leases')
        .values({ name, holder, expires_at: now + ttlMs })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ holder, expires_at: now + ttlMs })
            .where((eb) => eb.or([eb('leases.expires_at', '<=', now), eb('leases.holder', '=', holder)])),
        )
        .returning('holder')
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Gives the lease up, if `holder` has it, so that another instance need not wait for it to expire. */
    async release(name: string, holder: string): Promise<void> {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
  };
}

export type LeaseStore = ReturnType<typeof createLeaseStore>;
