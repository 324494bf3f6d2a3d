import type { Kysely } from 'kysely';

/**
 * Single sign-on, part 2: the columns its pieces share.
 *
 * - `auth_providers`: `subject_field` (a generic OAuth 2 provider's userinfo field that names a
 *   person for good; '' = the type's), `token_ttl_days` and `session_ttl_hours` (the longest a
 *   client token or console session from this provider lives; 0 = the global setting), and
 *   `revalidate_minutes` (how often a person with a refresh token is checked again at the
 *   provider; 0 = never). Existing providers get 0 for the lifetimes, as before, and the same
 *   interval as new ones: they have no refresh tokens until their people sign in again.
 * - `user_identities`: Entra's tenant (`tid`) and object id (`oid`), which name a person for good
 *   across app registrations (the pairwise `sub` does not); links made before this step get them
 *   at their next sign-in. The provider's refresh token (sealed), and when the person was last
 *   checked with it.
 * - `access_tokens`: the provider (and its `sid`) a client token was issued through, so that a
 *   provider's logout, a failed check or its lifetime reach the tokens too; '' for a password.
 * - `client_sign_ins`: the provider's `sid` of a client sign-in between the callback and the
 *   token's collection, for the token it becomes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('auth_providers').addColumn('subject_field', 'text', (c) => c.notNull().defaultTo('')).execute();
  for (const column of ['token_ttl_days', 'session_ttl_hours']) {
    await db.schema.alterTable('auth_providers').addColumn(column, 'integer', (c) => c.notNull().defaultTo(0)).execute();
  }
  await db.schema.alterTable('auth_providers').addColumn('revalidate_minutes', 'integer', (c) => c.notNull().defaultTo(60)).execute();

  for (const column of ['tenant_id', 'object_id', 'refresh_token']) {
    await db.schema.alterTable('user_identities').addColumn(column, 'text', (c) => c.notNull().defaultTo('')).execute();
  }
  await db.schema.alterTable('user_identities').addColumn('revalidated_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('user_identities_entra_object').on('user_identities').columns(['provider_id', 'tenant_id', 'object_id']).execute();

  for (const column of ['sso_provider_id', 'sso_sid']) {
    await db.schema.alterTable('access_tokens').addColumn(column, 'text', (c) => c.notNull().defaultTo('')).execute();
  }
  await db.schema.alterTable('client_sign_ins').addColumn('sso_sid', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.createIndex('access_tokens_sso').on('access_tokens').columns(['sso_provider_id', 'sso_sid']).execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
