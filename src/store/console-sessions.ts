import type { Kysely } from 'kysely';
import type { ConsoleSession } from '../domain/console-session.js';
import type { ConsoleSessionRow, Database } from './schema.js';

const toConsoleSession = ({ sso_id_token: _idToken, ...row }: ConsoleSessionRow): ConsoleSession => ({ ...row, remember: row.remember === 1 });
/**
 * A new session; one without the single sign-on fields is a password sign-in's. `sso_id_token`
 * (sealed) is kept beside the session, never read with it: only sign-out asks for it.
 */
type NewConsoleSession = Omit<ConsoleSession, 'sso_provider_id' | 'sso_sid'> &
  Partial<Pick<ConsoleSession, 'sso_provider_id' | 'sso_sid'>> & { sso_id_token?: string | undefined };
const toRow = (session: NewConsoleSession): ConsoleSessionRow => ({
  ...session,
  remember: session.remember ? 1 : 0,
  sso_provider_id: session.sso_provider_id ?? '',
  sso_sid: session.sso_sid ?? '',
  sso_id_token: session.sso_id_token ?? '',
});

export function createConsoleSessionStore(db: Kysely<Database>) {
  return {
    async insert(session: NewConsoleSession): Promise<void> {
      await db.insertInto('console_sessions').values(toRow(session)).execute();
    },
    async findByHash(tokenHash: string): Promise<ConsoleSession | undefined> {
      const row = await db
        .selectFrom('console_sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toConsoleSession(row);
    },
    async listForUser(userId: string, now: number): Promise<ConsoleSession[]> {
      const rows = await db
        .selectFrom('console_sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('last_seen_at', 'desc')
        .execute();
      return rows.map(toConsoleSession);
    },
    /** The sealed ID token a live single sign-on session was opened with, or '' (RP-initiated logout's hint). */
    async ssoIdTokenOf(id: string, now: number): Promise<string> {
      const row = await db
        .selectFrom('console_sessions')
        .select('sso_id_token')
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row?.sso_id_token ?? '';
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
    /**
     * Ends the live sessions a provider's session (`sid`) opened through single sign-on, and
     * answers whose they were.
     */
    async revokeByProviderSession(providerId: string, sid: string, at: number): Promise<string[]> {
      // '' is what every password session (and a sign-on without `sid`) holds: never a provider session.
      if (providerId === '' || sid === '') return [];
      const rows = await db
        .updateTable('console_sessions')
        .set({ revoked_at: at })
        .where('sso_provider_id', '=', providerId)
        .where('sso_sid', '=', sid)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', at)
        .returning('user_id')
        .execute();
      return rows.map((row) => row.user_id);
    },
    /** Ends a person's live sessions opened through a provider's single sign-on; answers how many. */
    async revokeByProvider(providerId: string, userId: string, at: number): Promise<number> {
      if (providerId === '' || userId === '') return 0;
      const result = await db
        .updateTable('console_sessions')
        .set({ revoked_at: at })
        .where('sso_provider_id', '=', providerId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
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
