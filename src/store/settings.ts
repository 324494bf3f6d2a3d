import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Settings an administrator changes at run time (not configuration): key → JSON value. */
export function createSettingsStore(db: Kysely<Database>) {
  return {
    async get(key: string): Promise<unknown> {
      const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    async set(key: string, value: unknown, at: number): Promise<void> {
      const json = JSON.stringify(value);
      await db
        .insertInto('settings')
        .values({ key, value: json, updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: at }))
        .execute();
    },
    /**
     * Writes the value only when the key has none yet; true when this call wrote it. Instances
     * starting together on one database each try, and exactly one wins (the others read it back).
     */
    async insertIfAbsent(key: string, value: unknown, at: number): Promise<boolean> {
      const inserted = await db
        .insertInto('settings')
        .values({ key, value: JSON.stringify(value), updated_at: at })
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      return inserted !== undefined;
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
