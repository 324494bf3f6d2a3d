import type { Kysely } from 'kysely';
import type { ClientSignInRow, Database } from './schema.js';

/** RustDesk clients' pending single sign-ins; in the database so they survive restarts and span instances. */
export function createClientSignInStore(db: Kysely<Database>) {
  return {
    async insert(row: ClientSignInRow): Promise<void> {
      await db.insertInto('client_sign_ins').values(row).execute();
    },
    async findById(id: string): Promise<ClientSignInRow | undefined> {
      return db.selectFrom('client_sign_ins').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findByCodeHash(codeHash: string): Promise<ClientSignInRow | undefined> {
      return db.selectFrom('client_sign_ins').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
    },
    /**
     * Moves a sign-in from one status to another only if it is still in the expected one, so
     * that two instances (or a double click) cannot both act on it. True when this call won.
     */
    async transition(
      id: string,
      from: string | string[],
      patch: Partial<Pick<ClientSignInRow, 'status' | 'user_id' | 'error' | 'confirm_token'>>,
    ): Promise<boolean> {
      const result = await db
        .updateTable('client_sign_ins')
        .set(patch)
        .where('id', '=', id)
        .where('status', 'in', Array.isArray(from) ? from : [from])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async purge(before: number): Promise<void> {
      await db.deleteFrom('client_sign_ins').where('expires_at', '<', before).execute();
    },
  };
}

export type ClientSignInStore = ReturnType<typeof createClientSignInStore>;
