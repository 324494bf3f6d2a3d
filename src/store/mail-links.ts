import { sql, type Kysely } from 'kysely';
import { engineOf } from './db.js';
import type { StoredInvitation } from '../domain/invitation.js';
import type { Database } from './schema.js';

/** A password-reset link as stored. */
export interface StoredPasswordReset {
  tokenHash: string;
  userId: string;
  expiresAt: number;
}

const emailKey = (email: string) => email.toLowerCase();

function toInvitation(row: Record<string, unknown>): StoredInvitation {
  return {
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    invited_by: String(row.invited_by),
    token_hash: String(row.token_hash),
    created_at: Number(row.created_at),
    sent_at: Number(row.sent_at),
    expires_at: Number(row.expires_at),
    is_admin: Number(row.is_admin) === 1,
  };
}

/** Invitations and password-reset links sent by e-mail (migration 0019); tokens stored hashed. */
export function createMailLinkStore(db: Kysely<Database>) {
  const postgres = engineOf(db) === 'postgres';
  return {
    async listInvitations(): Promise<StoredInvitation[]> {
      const rows = await db.selectFrom('invitations').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toInvitation);
    },

    async findInvitation(id: string): Promise<StoredInvitation | undefined> {
      const row = await db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toInvitation(row) : undefined;
    },

    async findInvitationByEmail(email: string): Promise<StoredInvitation | undefined> {
      const row = await db.selectFrom('invitations').selectAll().where('email_key', '=', emailKey(email)).executeTakeFirst();
      return row ? toInvitation(row) : undefined;
    },

    /** A link that still works. */
    async findInvitationByToken(tokenHash: string, now: number): Promise<StoredInvitation | undefined> {
      const row = await db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).where('expires_at', '>', now).executeTakeFirst();
      return row ? toInvitation(row) : undefined;
    },

    /** False when the address already has a pending invitation (the unique index decides). */
    async insertInvitation(invitation: StoredInvitation, groupIds: readonly string[] = []): Promise<boolean> {
      const result = await db
        .insertInto('invitations')
        .values({ ...invitation, is_admin: invitation.is_admin ? 1 : 0, email_key: emailKey(invitation.email) })
        .onConflict((oc) => oc.column('email_key').doNothing())
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
      if (groupIds.length > 0) {
        await db
          .insertInto('invitation_groups')
          .values(groupIds.map((group_id) => ({ invitation_id: invitation.id, group_id })))
          .execute();
      }
      return true;
    },

    /** The user groups of these invitations, by invitation id, in name order. */
    async groupsOfInvitations(ids: readonly string[]): Promise<Map<string, { id: string; name: string }[]>> {
      const byInvitation = new Map<string, { id: string; name: string }[]>();
      if (ids.length === 0) return byInvitation;
      const rows = await db
        .selectFrom('invitation_groups as i')
        .innerJoin('user_groups as g', 'g.id', 'i.group_id')
        .select(['i.invitation_id', 'g.id', 'g.name'])
        .where('i.invitation_id', 'in', ids)
        .orderBy('g.name_key')
        .execute();
      for (const row of rows) {
        const list = byInvitation.get(row.invitation_id) ?? [];
        list.push({ id: row.id, name: row.name });
        byInvitation.set(row.invitation_id, list);
      }
      return byInvitation;
    },

    /** A new link for the invitation (resend): the old one stops working. */
    async renewInvitation(id: string, change: { token_hash: string; sent_at: number; expires_at: number; invited_by: string }): Promise<boolean> {
      const result = await db.updateTable('invitations').set(change).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async deleteInvitation(id: string): Promise<boolean> {
      const result = await db.deleteFrom('invitations').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** Uses a link: only the one caller that deletes the row gets it (single use under concurrency). */
    async takeInvitation(tokenHash: string, now: number): Promise<StoredInvitation | undefined> {
      const rows = await db.deleteFrom('invitations').where('token_hash', '=', tokenHash).where('expires_at', '>', now).returningAll().execute();
      return rows[0] ? toInvitation(rows[0]) : undefined;
    },

    /**
     * Records a link unless the account had `cap` since `since`; call it in a transaction. On
     * PostgreSQL the user's row is locked first, so that instances asking at once count in turn
     * (SQLite runs one write transaction at a time).
     */
    async insertPasswordResetUnderCap(
      reset: { tokenHash: string; userId: string; ip: string; createdAt: number; expiresAt: number },
      cap: number,
      since: number,
    ): Promise<boolean> {
      if (postgres) await sql`select id from users where id = ${reset.userId} for update`.execute(db);
      // Old links are kept only as long as the per-account limit looks back.
      await db.deleteFrom('password_resets').where('user_id', '=', reset.userId).where('created_at', '<', since).where('expires_at', '<', reset.createdAt).execute();
      const row = await db
        .selectFrom('password_resets')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_id', '=', reset.userId)
        .where('created_at', '>', since)
        .executeTakeFirstOrThrow();
      if (Number(row.n) >= cap) return false;
      await db
        .insertInto('password_resets')
        .values({ token_hash: reset.tokenHash, user_id: reset.userId, ip: reset.ip, created_at: reset.createdAt, expires_at: reset.expiresAt, used_at: null })
        .execute();
      return true;
    },

    /** A link that still works, unused. */
    async findPasswordReset(tokenHash: string, now: number): Promise<StoredPasswordReset | undefined> {
      const row = await db
        .selectFrom('password_resets')
        .select(['token_hash', 'user_id', 'expires_at'])
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row ? { tokenHash: row.token_hash, userId: row.user_id, expiresAt: Number(row.expires_at) } : undefined;
    },

    /** Uses a link, and every other unused one of the same account: only one caller gets it. */
    async usePasswordReset(tokenHash: string, now: number): Promise<StoredPasswordReset | undefined> {
      const rows = await db
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning(['token_hash', 'user_id', 'expires_at'])
        .execute();
      const row = rows[0];
      if (!row) return undefined;
      await db.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', row.user_id).where('used_at', 'is', null).execute();
      return { tokenHash: row.token_hash, userId: row.user_id, expiresAt: Number(row.expires_at) };
    },
  };
}

export type MailLinkStore = ReturnType<typeof createMailLinkStore>;
