import type { Kysely } from 'kysely';

/**
 * Trusted devices, second steps after single sign-on, enrolment at sign-in and e-mailed codes.
 *
 * - `trusted_devices`: a device that skips the second step for 30 days. `kind` `client`: a
 *   RustDesk client, matched by `device_id` + `device_uuid`; `console`: a browser, matched by
 *   `token_hash`, the SHA-256 of the random token in its trust cookie (a bearer secret, so only
 *   its hash is kept). `password_mark` is a hash of the user's password hash when the trust was
 *   given: a later password change (however it is made) makes the trust void. Goes with its user.
 * - `two_factor_challenges` gains `purpose` (`code`: a code is asked; `enrol`: 2FA is required
 *   and the person must set it up before a session; `email`: an e-mailed code is asked), the
 *   single sign-on it follows (`sso_provider_id`, `sso_sid`, '' for a password sign-in), and
 *   `code_hash` (the SHA-256 of an e-mailed code). Rows written before keep `code`, '' and ''.
 * - `email_login_verification`: people who turned on "e-mail login verification". None at
 *   first (kept apart from `users`, whose every update notifies token checks on PostgreSQL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('trusted_devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('device_uuid', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('token_hash', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('password_mark', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('trusted_devices_user').on('trusted_devices').columns(['user_id', 'kind']).execute();

  await db.schema.alterTable('two_factor_challenges').addColumn('purpose', 'text', (c) => c.notNull().defaultTo('code')).execute();
  await db.schema.alterTable('two_factor_challenges').addColumn('sso_provider_id', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('two_factor_challenges').addColumn('sso_sid', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('two_factor_challenges').addColumn('code_hash', 'text', (c) => c.notNull().defaultTo('')).execute();

  await db.schema
    .createTable('email_login_verification')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
