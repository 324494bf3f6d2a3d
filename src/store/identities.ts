import type { Kysely } from 'kysely';
import type { Database, UserIdentityRow } from './schema.js';

/** Links between users and provider identities, keyed by (issuer, subject). */
export function createIdentityStore(db: Kysely<Database>) {
  return {
    async find(issuer: string, subject: string): Promise<UserIdentityRow | undefined> {
      return db
        .selectFrom('user_identities')
        .selectAll()
        .where('issuer', '=', issuer)
        .where('subject', '=', subject)
        .executeTakeFirst();
    },
    async listForUser(userId: string): Promise<UserIdentityRow[]> {
      return db.selectFrom('user_identities').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
    },
    async insert(row: UserIdentityRow): Promise<void> {
      await db.insertInto('user_identities').values(row).execute();
    },
    async touch(id: string, at: number, email: string): Promise<void> {
      await db.updateTable('user_identities').set({ last_sign_in_at: at, email }).where('id', '=', id).execute();
    },
    async delete(id: string, userId: string): Promise<boolean> {
      const result = await db.deleteFrom('user_identities').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    /** Users created by single sign-on, for the "maximum number of authorized users" cap. */
    async countLinkedUsers(): Promise<number> {
      const row = await db
        .selectFrom('user_identities')
        .select((eb) => eb.fn.count<number | string>('user_id').distinct().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
