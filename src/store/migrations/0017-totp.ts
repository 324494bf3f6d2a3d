import type { Kysely } from 'kysely';

/**
 * Two-factor sign-in with TOTP (RFC 6238) and backup codes.
 *
 * - `user_totp`: one per user. `secret` is the base32 seed sealed with the secret box.
 *   `confirmed_at` null: enrolment started but not confirmed with a code (2FA is off until then).
 *   `last_step`: the last 30-second time-step whose code was accepted; a code of that step or an
 *   earlier one is refused, so each code is usable once. Goes with its user.
 * - `user_backup_codes`: ten single-use codes per confirmed enrolment, stored as SHA-256 hashes;
 *   `used_at` set once one was used. Renewing or disabling 2FA deletes them.
 * - `two_factor_requirements`: an administrator requires 2FA of a user (`subject` `user:<id>`)
 *   or of a user group's members (`group:<id>`); a row goes with its user or group. None at first
 *   (kept apart from `users`, whose every update notifies token checks on PostgreSQL).
 * - `two_factor_challenges`: the second step of a password sign-in. `secret_hash` is the SHA-256
 *   of the opaque secret the RustDesk client (or the console) echoes; bound to the device (`device_id`,
 *   `device_uuid`; '' for the console), single use, short-lived; `attempts` counts wrong codes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_totp')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    .addColumn('last_step', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_backup_codes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_backup_codes_pk', ['user_id', 'code_hash'])
    .execute();

  await db.schema
    .createTable('two_factor_requirements')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.references('user_groups.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('two_factor_challenges')
    .addColumn('secret_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('device_uuid', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  // Expired challenges are purged by time.
  await db.schema.createIndex('two_factor_challenges_expiry').on('two_factor_challenges').column('expires_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
