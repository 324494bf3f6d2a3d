import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * PostgreSQL tells every deskgate instance of a change to what an administrator's RustDesk client
 * lists of a device (spec §9), on migration 0013's channel `deskgate_token_changes`, which
 * services/peer-directory.ts also reads (besides `u:<user id>`, a user's name being their
 * devices' owner):
 *
 * - `d:<device id>` when a device is added or deleted, or its hostname, username, os, note,
 *   enabled state, owner or group changes (also by a deleted owner's or group's `set null`);
 *   heartbeats and other sysinfo fields tell nobody anything, so they send nothing;
 * - `g:<device group id>` when a device group is renamed.
 *
 * Triggers, not the services, send them, so every way of writing is covered. SQLite has none:
 * there pages of devices are read from the database.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`
    create function deskgate_device_change_notice() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'device_groups' then
        perform pg_notify('deskgate_token_changes', 'g:' || new.id);
      elsif tg_op = 'DELETE' then
        perform pg_notify('deskgate_token_changes', 'd:' || old.id);
      else
        perform pg_notify('deskgate_token_changes', 'd:' || new.id);
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger devices_insert_notice after insert on devices for each row
    execute function deskgate_device_change_notice()`.execute(db);
  await sql`
    create trigger devices_change_notice after update on devices for each row
    when (old.id is distinct from new.id or old.hostname is distinct from new.hostname
      or old.username is distinct from new.username or old.os is distinct from new.os
      or old.note is distinct from new.note or old.enabled is distinct from new.enabled
      or old.user_id is distinct from new.user_id or old.group_id is distinct from new.group_id)
    execute function deskgate_device_change_notice()`.execute(db);
  await sql`
    create trigger devices_delete_notice after delete on devices for each row
    execute function deskgate_device_change_notice()`.execute(db);
  await sql`
    create trigger device_groups_rename_notice after update on device_groups for each row
    when (old.name is distinct from new.name)
    execute function deskgate_device_change_notice()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
