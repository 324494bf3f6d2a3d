import type { Kysely } from 'kysely';

/**
 * The pending second step that follows a single sign-on (a provider with `require_local_2fa`)
 * keeps that sign-in's ID token, sealed, for the console session the code opens: signing out at
 * the provider then sends it as `id_token_hint`, as after any other single sign-on (0021).
 * Challenges pending at the upgrade have none, and their sessions sign out without the hint.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('two_factor_challenges').addColumn('sso_id_token', 'text', (c) => c.notNull().defaultTo('')).execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
