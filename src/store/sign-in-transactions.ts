import type { Kysely } from 'kysely';
import type { Database, SignInTransactionRow } from './schema.js';

export function createSignInTransactionStore(db: Kysely<Database>) {
  return {
    async insert(row: SignInTransactionRow): Promise<void> {
      await db.insertInto('sign_in_transactions').values(row).execute();
    },
    /**
     * Takes the transaction out in one `delete … returning`: a replayed or concurrent callback
     * with the same state finds nothing, on both engines.
     */
    async consume(state: string): Promise<SignInTransactionRow | undefined> {
      return db.deleteFrom('sign_in_transactions').where('state', '=', state).returningAll().executeTakeFirst();
    },
    /** Transactions begun in one browser (found by its cookie's hash), taken out. */
    async consumeByBinding(browserBinding: string): Promise<SignInTransactionRow[]> {
      return db.deleteFrom('sign_in_transactions').where('browser_binding', '=', browserBinding).returningAll().execute();
    },
    async purge(before: number): Promise<void> {
      await db.deleteFrom('sign_in_transactions').where('expires_at', '<', before).execute();
    },
  };
}

export type SignInTransactionStore = ReturnType<typeof createSignInTransactionStore>;
