import type { Kysely } from 'kysely';

/**
 * deskgate as the RustDesk ID server (spec/rustdesk-rendezvous.md §4.1, §5):
 *
 * - `devices.pk`: the Ed25519 public key the device registered (RegisterPk), base64; '' until
 *   it registers with deskgate's rendezvous server or is deployed (`rustdesk --deploy`).
 * - `devices.approved`: whether people may connect to it when admission is "require approval".
 * - `devices.deployed`: whether it may register when admission is "require deployment".
 *   Both default to 1, so every device known before this migration stays reachable: a changed
 *   rule applies to devices new after it (the service writes 0 for those, by the setting).
 * - `device_audit.source`: `client` for what devices post (§6 of the client API), `server` for
 *   the record deskgate writes itself at each punch and relay request, allowed or refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('pk', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('devices').addColumn('approved', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('devices').addColumn('deployed', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('device_audit').addColumn('source', 'text', (c) => c.notNull().defaultTo('client')).execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
