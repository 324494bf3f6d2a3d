import type { Kysely } from 'kysely';
import { columnsOf, precompile } from './precompiled.js';
import type { Database, SignInTransactionRow } from './schema.js';

const COLUMNS = columnsOf<SignInTransactionRow>({
  state: true, nonce: true, code_verifier: true, provider_id: true, expected_issuer: true, redirect_uri: true,
  purpose: true, return_to: true, client_sign_in_id: true, browser_binding: true, created_at: true, expires_at: true,
});

export function createSignInTransactionStore(db: Kysely<Database>) {
  const insert = precompile(db, (row: SignInTransactionRow) => db.insertInto('sign_in_transactions').values(row), COLUMNS);
  const consume = precompile(db, (p: { state: string }) =>
    db.deleteFrom('sign_in_transactions').where('state', '=', p.state).returningAll(),
  );

  return {
    async insert(row: SignInTransactionRow): Promise<void> {
      await insert.run(row);
    },
    /**
     * Takes the transaction out in one `delete … returning`: a replayed or concurrent callback
     * with the same state finds nothing, on both engines.
     */
    async consume(state: string): Promise<SignInTransactionRow | undefined> {
      return consume.first({ state });
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
