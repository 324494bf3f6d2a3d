import type { Kysely } from 'kysely';
import { columnsOf, precompile } from './precompiled.js';
import type { Database, SignInTransactionRow } from './schema.js';

const COLUMNS = columnsOf<SignInTransactionRow>({
  state: true, nonce: true, code_verifier: true, provider_id: true, expected_issuer: true, redirect_uri: true,
  purpose: true, return_to: true, client_sign_in_id: true, browser_binding: true, created_at: true, expires_at: true,
});

export function createSignInTransactionStore(db: Kysely<Database>) {
  const insert = precompile(db, (row: SignInTransactionRow) => db.insertInto('sign_in_transactions').values(row), COLUMNS);
  const consume = precompile(db, (p: { state: string; browserBinding: string }) =>
    db.deleteFrom('sign_in_transactions').where('state', '=', p.state).where('browser_binding', '=', p.browserBinding).returningAll(),
  );
  const live = precompile(db, (p: { state: string; at: number }) =>
    db.selectFrom('sign_in_transactions').select(['state', 'purpose']).where('state', '=', p.state).where('expires_at', '>', p.at),
  );

  return {
    async insert(row: SignInTransactionRow): Promise<void> {
      await insert.run(row);
    },
    /**
     * Takes the transaction out in one `delete … returning`, only for the browser that began it
     * (its cookie's hash): a replayed or concurrent callback with the same state finds nothing,
     * on both engines, and another browser's callback takes nothing out.
     */
    async consume(state: string, browserBinding: string): Promise<SignInTransactionRow | undefined> {
      return consume.first({ state, browserBinding });
    },
    /** Whether a transaction with this state is still under way at `at` (it is left as it is). */
    async isLive(state: string, at: number): Promise<boolean> {
      return (await live.first({ state, at })) !== undefined;
    },
    /** The purpose of the transaction with this state still under way at `at`, or undefined. */
    async livePurpose(state: string, at: number): Promise<string | undefined> {
      return (await live.first({ state, at }))?.purpose;
    },
    async purge(before: number): Promise<void> {
      await db.deleteFrom('sign_in_transactions').where('expires_at', '<', before).execute();
    },
  };
}

export type SignInTransactionStore = ReturnType<typeof createSignInTransactionStore>;
