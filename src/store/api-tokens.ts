import type { Kysely } from 'kysely';
import type { ApiTokenRow, Database } from './schema.js';

export function createApiTokenStore(db: Kysely<Database>) {
  return {
    async insert(row: ApiTokenRow): Promise<void> {
      await db.insertInto('api_tokens').values(row).execute();
    },
    async findByHash(tokenHash: string): Promise<ApiTokenRow | undefined> {
      return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    },
    async findById(id: string): Promise<ApiTokenRow | undefined> {
      return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async list(includeRevoked: boolean): Promise<ApiTokenRow[]> {
      let query = db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc');
      if (!includeRevoked) query = query.where('revoked_at', 'is', null);
      return query.execute();
    },
    async touch(id: string, at: number): Promise<void> {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },
    async revoke(id: string, at: number): Promise<boolean> {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}

export type ApiTokenStore = ReturnType<typeof createApiTokenStore>;
