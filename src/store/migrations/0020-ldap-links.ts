import type { Kysely } from 'kysely';

/**
 * LDAP / Active Directory sign-in: `ldap_links` ties a deskgate account to a directory entry by
 * the entry's stable id (`entryUUID`, or Active Directory's `objectGUID`), never by its name or
 * e-mail, which can be renamed or reused. One link per account and per directory id; a link goes
 * with its user. `dn` is where the entry was last found (shown to administrators; it can change).
 * The settings themselves are a row of `settings` (key `ldap`), with the bind password sealed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ldap_links')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('directory_id', 'text', (c) => c.notNull().unique())
    .addColumn('dn', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
