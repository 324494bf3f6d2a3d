import { CompiledQuery, type Kysely } from 'kysely';
import type { AccessTokenRow, Database, UserRow } from './schema.js';

export interface TokenWithUser {
  token: AccessTokenRow;
  user: UserRow;
}

/** RustDesk client access tokens; only their SHA-256 is stored. */
export function createAccessTokenStore(db: Kysely<Database>) {
  // Built and compiled once: building a Kysely query costs more than running this one.
  const lookupQuery = db
    .selectFrom('access_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('t')
    .select([
      'u.name as u_name',
      'u.name_key as u_name_key',
      'u.display_name as u_display_name',
      'u.email as u_email',
      'u.note as u_note',
      'u.status as u_status',
      'u.is_admin as u_is_admin',
      'u.password_hash as u_password_hash',
      'u.created_at as u_created_at',
      'u.updated_at as u_updated_at',
    ])
    .where('t.token_hash', '=', '');
  type LookupRow = Awaited<ReturnType<typeof lookupQuery.executeTakeFirstOrThrow>>;
  const lookup = lookupQuery.compile();

  return {
    async insert(row: AccessTokenRow): Promise<void> {
      await db.insertInto('access_tokens').values(row).execute();
    },

    /** The token and its user in one query: this runs on every authenticated client call. */
    async findWithUser(tokenHash: string): Promise<TokenWithUser | undefined> {
      const result = await db.executeQuery<LookupRow>(CompiledQuery.raw(lookup.sql, [tokenHash]));
      const row = result.rows[0];
      if (!row) return undefined;
      const {
        u_name, u_name_key, u_display_name, u_email, u_note, u_status, u_is_admin,
        u_password_hash, u_created_at, u_updated_at, ...token
      } = row;
      return {
        token,
        user: {
          id: token.user_id,
          name: u_name,
          name_key: u_name_key,
          display_name: u_display_name,
          email: u_email,
          note: u_note,
          status: u_status,
          is_admin: u_is_admin,
          password_hash: u_password_hash,
          created_at: u_created_at,
          updated_at: u_updated_at,
        },
      };
    },

    async listForUser(userId: string, now: number): Promise<AccessTokenRow[]> {
      return db
        .selectFrom('access_tokens')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('last_used_at', 'desc')
        .execute();
    },

    /** One write for many tokens: last-used times are flushed in batches. */
    async touchMany(ids: string[], at: number): Promise<void> {
      if (ids.length === 0) return;
      await db.updateTable('access_tokens').set({ last_used_at: at }).where('id', 'in', ids).execute();
    },

    /** Revokes one token; `userId` narrows it to that user's own. Returns the revoked hashes. */
    async revoke(where: { id?: string; tokenHash?: string; userId?: string }, at: number): Promise<string[]> {
      let query = db
        .updateTable('access_tokens')
        .set({ revoked_at: at })
        .where('revoked_at', 'is', null);
      if (where.id) query = query.where('id', '=', where.id);
      if (where.tokenHash) query = query.where('token_hash', '=', where.tokenHash);
      if (where.userId) query = query.where('user_id', '=', where.userId);
      const rows = await query.returning('token_hash').execute();
      return rows.map((r) => r.token_hash);
    },

    /** Revoked and expired tokens are kept a while for the console, then dropped. */
    async purge(before: number): Promise<void> {
      await db
        .deleteFrom('access_tokens')
        .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
        .execute();
    },
  };
}

export type AccessTokenStore = ReturnType<typeof createAccessTokenStore>;
