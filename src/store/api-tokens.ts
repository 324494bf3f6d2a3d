import type { Kysely } from 'kysely';
import type { ApiToken } from '../domain/api-token.js';
import type { ApiTokenRow, Database } from './schema.js';

/** The scopes are stored as a JSON array of strings. */
const toApiToken = (row: ApiTokenRow): ApiToken => ({ ...row, scopes: JSON.parse(row.scopes) as string[] });
const toRow = (token: ApiToken): ApiTokenRow => ({ ...token, scopes: JSON.stringify(token.scopes) });

export function createApiTokenStore(db: Kysely<Database>) {
  return {
    async insert(token: ApiToken): Promise<void> {
      await db.insertInto('api_tokens').values(toRow(token)).execute();
    },
    async findByHash(tokenHash: string): Promise<ApiToken | undefined> {
      const row = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && toApiToken(row);
    },
    async findById(id: string): Promise<ApiToken | undefined> {
      const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toApiToken(row);
    },
    async list(includeRevoked: boolean): Promise<ApiToken[]> {
      let query = db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc');
      if (!includeRevoked) query = query.where('revoked_at', 'is', null);
      return (await query.execute()).map(toApiToken);
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
