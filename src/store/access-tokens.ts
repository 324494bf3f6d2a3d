import type { Kysely } from 'kysely';
import type { AccessToken } from '../domain/access-token.js';
import type { User } from '../domain/user.js';
import { columnsOf, precompile } from './precompiled.js';
import type { AccessTokenRow, Database } from './schema.js';
import { JOINED_USER, splitJoinedUser } from './users.js';

const COLUMNS = columnsOf<AccessTokenRow>({
  id: true, token_hash: true, user_id: true, device_id: true, device_uuid: true, device_info: true, ip: true,
  created_at: true, last_used_at: true, expires_at: true, revoked_at: true, sso_provider_id: true, sso_sid: true,
});

export interface TokenWithUser {
  token: AccessToken;
  user: User;
}

/** The device information a client reported, stored as JSON: an object, or `{}` when it is not one. */
function deviceInfoOf(json: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const toAccessToken = (row: AccessTokenRow): AccessToken => ({ ...row, device_info: deviceInfoOf(row.device_info) });
const toRow = (token: AccessToken): AccessTokenRow => ({ ...token, device_info: JSON.stringify(token.device_info) });

/** RustDesk client access tokens; only their SHA-256 is stored. */
export function createAccessTokenStore(db: Kysely<Database>) {
  // Runs on every authenticated client call: built and compiled once.
  const lookup = precompile(db, (p: { tokenHash: string }) =>
    db
      .selectFrom('access_tokens as t')
      .innerJoin('users as u', 'u.id', 't.user_id')
      .selectAll('t')
      .select(JOINED_USER)
      .where('t.token_hash', '=', p.tokenHash),
  );

  const insert = precompile(db, (row: AccessTokenRow) => db.insertInto('access_tokens').values(row), COLUMNS);

  return {
    async insert(token: AccessToken): Promise<void> {
      await insert.run(toRow(token));
    },

    /**
     * The tokens issued to a device follow it to its new id (an id change, rendezvous §4.8):
     * cached verifications hold the token, not the id, so none needs dropping.
     */
    async moveDevice(oldId: string, newId: string, uuid: string): Promise<void> {
      await db.updateTable('access_tokens').set({ device_id: newId }).where('device_id', '=', oldId).where('device_uuid', '=', uuid).execute();
    },

    /** The token and its user in one query: this runs on every authenticated client call. */
    async findWithUser(tokenHash: string): Promise<TokenWithUser | undefined> {
      const row = await lookup.first({ tokenHash });
      if (!row) return undefined;
      const { rest, user } = splitJoinedUser(row);
      // An inner join: the user is always there.
      return user && { token: toAccessToken(rest), user };
    },

    async listForUser(userId: string, now: number): Promise<AccessToken[]> {
      const rows = await db
        .selectFrom('access_tokens')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('last_used_at', 'desc')
        .execute();
      return rows.map(toAccessToken);
    },

    /** Who holds the newest live token issued on this device (its id and uuid), if anyone. */
    async signedInOn(deviceId: string, uuid: string, now: number): Promise<string | undefined> {
      const row = await db
        .selectFrom('access_tokens')
        .select('user_id')
        .where('device_id', '=', deviceId)
        .where('device_uuid', '=', uuid)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.user_id;
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

    /**
     * Revokes the live tokens a provider's single sign-on issued: a person's (`userId`), or one
     * provider session's (`sid`). Returns the revoked tokens' hashes and users. '' names no
     * provider and no session: password tokens hold it.
     */
    async revokeByProvider(
      where: { providerId: string } & ({ userId: string } | { sid: string }),
      at: number,
    ): Promise<{ token_hash: string; user_id: string }[]> {
      if (where.providerId === '') return [];
      let query = db
        .updateTable('access_tokens')
        .set({ revoked_at: at })
        .where('sso_provider_id', '=', where.providerId)
        .where('revoked_at', 'is', null);
      if ('sid' in where) {
        if (where.sid === '') return [];
        query = query.where('sso_sid', '=', where.sid);
      } else {
        if (where.userId === '') return [];
        query = query.where('user_id', '=', where.userId);
      }
      return query.returning(['token_hash', 'user_id']).execute();
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
