import type { Kysely } from 'kysely';

/**
 * The Devices page lists the latest heard from first and filters by online state
 * (`last_online_at` against a moment): without an index, every page of a large fleet sorted all
 * of it. Heartbeats write `last_online_at` in batches (services/devices.ts), so keeping this
 * index costs a little on each flush, not on each request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('devices_last_online').on('devices').columns(['last_online_at', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
