import type { Kysely } from 'kysely';

/**
 * RP-Initiated Logout 1.0 sends the provider the ID token of the sign-in (`id_token_hint`):
 * Okta refuses a logout request without it, and others then sign out without asking the person
 * again. A console session opened by single sign-on keeps that ID token, sealed with the secret
 * key, until it ends. Sessions opened before this step, and password sessions, have none ('')
 * and sign out at the provider with the client id alone, as before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('console_sessions')
    .addColumn('sso_id_token', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
