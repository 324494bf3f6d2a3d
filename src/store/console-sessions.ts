import type { Kysely } from 'kysely';
import type { ConsoleSessionRow, Database } from './schema.js';

export function createConsoleSessionStore(db: Kysely<Database>) {
  return {
    async insert(row: ConsoleSessionRow): Promise<void> {
      await db.insertInto('console_sessions').values(row).execute();
    },
    async findByHash(tokenHash: string): Promise<ConsoleSessionRow | undefined> {
      return db
        .selectFrom('console_sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
    },
    async listForUser(userId: string, now: number): Promise<ConsoleSessionRow[]> {
      return db
        .selectFrom('console_sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('last_seen_at', 'desc')
        .execute();
    },
    async touch(id: string, at: number): Promise<void> {
      await db.updateTable('console_sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
    },
    /** Ends live sessions only: an expired one counts as already ended. */
    async revoke(where: { id?: string; userId?: string }, at: number): Promise<number> {
      let query = db
        .updateTable('console_sessions')
        .set({ revoked_at: at })
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', at);
      if (where.id) query = query.where('id', '=', where.id);
      if (where.userId) query = query.where('user_id', '=', where.userId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async purge(before: number): Promise<void> {
      await db
        .deleteFrom('console_sessions')
        .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
        .execute();
    },
  };
}

export type ConsoleSessionStore = ReturnType<typeof createConsoleSessionStore>;
