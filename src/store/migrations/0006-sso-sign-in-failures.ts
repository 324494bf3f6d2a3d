import type { Kysely } from 'kysely';

/**
 * The log of failed sign-ins records single sign-on failures too, in the same table: each row
 * says which kind of sign-in failed (`password` or `sso`), through which provider (its id, and
 * its name as it was then, so the row still reads after the provider is renamed or deleted), and
 * a detail for administrators (the provider's own error text, or which check failed). Rows
 * written before this step were all password failures and read as such.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  for (const [column, initial] of [
    ['kind', 'password'],
    ['provider_id', ''],
    ['provider_name', ''],
    ['detail', ''],
  ] as const) {
    await db.schema
      .alterTable('login_failures')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(initial))
      .execute();
  }
  // A provider's latest failure, for its card on Settings → OIDC.
  await db.schema.createIndex('login_failures_provider').on('login_failures').columns(['provider_id', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
