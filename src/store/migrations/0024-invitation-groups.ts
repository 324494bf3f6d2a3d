import type { Kysely } from 'kysely';

/**
 * An invitation may say what the account it makes will be: its user groups (`invitation_groups`,
 * gone with the invitation or the group) and whether it is an administrator. Invitations sent
 * before keep making a plain user in the Default group.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invitations').addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable('invitation_groups')
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitations.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('user_groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('invitation_groups_pk', ['invitation_id', 'group_id'])
    .execute();
  // Deleting a group finds its invitations without reading them all.
  await db.schema.createIndex('invitation_groups_group').on('invitation_groups').column('group_id').execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
