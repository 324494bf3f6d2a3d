import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A deskgate account's link to its directory entry (migration 0020). */
export interface LdapLink {
  userId: string;
  /** The entry's stable id: `entryUUID`, or `objectGUID` as text, lower case. */
  directoryId: string;
  dn: string;
  createdAt: number;
  lastSignInAt: number;
}

type Row = Database['ldap_links'];
const toLink = (row: Row): LdapLink => ({
  userId: row.user_id,
  directoryId: row.directory_id,
  dn: row.dn,
  createdAt: Number(row.created_at),
  lastSignInAt: Number(row.last_sign_in_at),
});

export function createLdapLinkStore(db: Kysely<Database>) {
  return {
    async findByDirectoryId(directoryId: string): Promise<LdapLink | undefined> {
      const row = await db.selectFrom('ldap_links').selectAll().where('directory_id', '=', directoryId).executeTakeFirst();
      return row ? toLink(row) : undefined;
    },

    async findByUser(userId: string): Promise<LdapLink | undefined> {
      const row = await db.selectFrom('ldap_links').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return row ? toLink(row) : undefined;
    },

    /** The ids of every linked account (the no-lock-out check counts them). */
    async linkedUserIds(): Promise<string[]> {
      return (await db.selectFrom('ldap_links').select('user_id').execute()).map((row) => row.user_id);
    },

    /** Which of these accounts are linked (a page of the Users list). */
    async linkedAmong(userIds: readonly string[]): Promise<Set<string>> {
      if (userIds.length === 0) return new Set();
      const rows = await db.selectFrom('ldap_links').select('user_id').where('user_id', 'in', [...userIds]).execute();
      return new Set(rows.map((row) => row.user_id));
    },

    async insert(link: LdapLink): Promise<void> {
      await db
        .insertInto('ldap_links')
        .values({ user_id: link.userId, directory_id: link.directoryId, dn: link.dn, created_at: link.createdAt, last_sign_in_at: link.lastSignInAt })
        .execute();
    },

    /** A sign-in through the link: where the entry is now, and when. */
    async touch(userId: string, dn: string, at: number): Promise<void> {
      await db.updateTable('ldap_links').set({ dn, last_sign_in_at: at }).where('user_id', '=', userId).execute();
    },
  };
}

export type LdapLinkStore = ReturnType<typeof createLdapLinkStore>;
