import { sql, type Kysely } from 'kysely';

/**
 * Indexes for the filters of Logs → Connections and File transfers (store/device-audit.ts
 * `filtered`), each led by the record's kind and ending in its time, so that a filtered page is
 * read in order and stops at its last row:
 *
 * - `device_audit_peer`: by the controlling device's id.
 * - `device_audit_peer_name`: by its name in any case, `lower(peer_name)` as the filter writes it
 *   (an expression index, on both engines).
 * - `device_audit_open`: the connections still open (`closed_at` 0), few among many closed ones.
 *
 * A device's records use `device_audit_device` (0010), a person's devices `devices_user` (0010).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('device_audit_peer').on('device_audit').columns(['kind', 'peer_id', 'created_at']).execute();
  await sql`create index device_audit_peer_name on device_audit (kind, lower(peer_name), created_at)`.execute(db);
  await db.schema.createIndex('device_audit_open').on('device_audit').columns(['kind', 'closed_at', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
