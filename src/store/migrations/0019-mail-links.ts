import type { Kysely } from 'kysely';

/**
 * Links sent by e-mail (Settings → SMTP): invitations and password resets. Only the SHA-256 of
 * each link's token is stored; a link works once and until `expires_at`.
 *
 * - `invitations`: an administrator invited `email` (and, optionally, chose the username
 *   `name`; '' lets the person choose). Accepting makes the user and deletes the row, so a
 *   pending invitation is a row; resending replaces the token and the expiry. Revoking deletes it.
 * - `password_resets`: one per "Forgot password?" that sent a link, kept a day after it
 *   expires so that the per-account limit counts them; `used_at` set when it was used. Goes with
 *   its user.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('password_resets_by_user').on('password_resets').columns(['user_id', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
