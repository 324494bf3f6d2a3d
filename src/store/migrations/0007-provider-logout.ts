import type { Kysely } from 'kysely';

/**
 * Logout driven by the identity provider. A console session opened by single sign-on records
 * the provider it came through and the provider's session id (the ID token's `sid`, when sent):
 * console sign-out can then also sign out at that provider (RP-initiated logout), and a
 * back-channel logout naming that `sid` finds it. Sessions opened before this step, and those
 * opened with a password, have neither.
 *
 * `logout_token_jtis` remembers the `jti` of each back-channel logout token accepted, per
 * provider, until the token could no longer be accepted anyway: a replayed token is refused on
 * every instance, since the insert of the (provider, jti) key decides.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  for (const column of ['sso_provider_id', 'sso_sid']) {
    await db.schema
      .alterTable('console_sessions')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  }
  await db.schema.createIndex('console_sessions_sso_sid').on('console_sessions').columns(['sso_provider_id', 'sso_sid']).execute();

  await db.schema
    .createTable('logout_token_jtis')
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('logout_token_jtis_pk', ['provider_id', 'jti'])
    .execute();
  await db.schema.createIndex('logout_token_jtis_expiry').on('logout_token_jtis').column('expires_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
