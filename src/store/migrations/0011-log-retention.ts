import type { Kysely } from 'kysely';

/**
 * Log retention (services/log-retention.ts).
 *
 * - `leases`: a named lease one instance holds until `expires_at`, so that periodic work shared
 *   by every instance (pruning old log records) runs on one at a time. `holder` is a random id
 *   per process.
 * - `device_audit_created`: pruning deletes the oldest device audit records of every kind; the
 *   table's other indexes start with the device or the kind.
 *   (`console_audit` and `login_failures` have an index on `created_at` since 0001.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('device_audit_created').on('device_audit').column('created_at').execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
