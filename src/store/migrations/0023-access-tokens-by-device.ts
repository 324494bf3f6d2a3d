import type { Kysely } from 'kysely';

/**
 * Client access tokens by the device they were issued on: a device new to deskgate (its first
 * sysinfo, or its first registration with the rendezvous server) takes as owner whoever is
 * already signed in on it, found without reading every token.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('access_tokens_device').on('access_tokens').columns(['device_id', 'device_uuid']).execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
