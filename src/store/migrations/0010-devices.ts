import type { Kysely } from 'kysely';

/**
 * Devices: what RustDesk clients report about themselves (spec/rustdesk-client-api.md §5).
 *
 * - `devices`: one row per RustDesk id, bound to the uuid it first reported: a request with that
 *   id and another uuid never changes it. `sysinfo_at` is 0 while deskgate wants a fresh upload
 *   (never sent, or cleared by an administrator); `user_id` is the person signed in on it.
 * - `device_groups`: named sets of devices (Pro's device groups), unique by name ignoring case.
 * - `device_group_access`: which user groups may reach which device groups (Pro's "can be
 *   accessed from"); `user_group_access`: which user groups may reach the devices of another
 *   user group's people (Pro's "can access").
 * - `device_disconnects`: connections an administrator closed, until the device's next
 *   heartbeat (on whichever instance) carries them.
 * - `device_audit`: what devices report and what deskgate notices about them: connections (one
 *   row from "new" to "close", its id the guid a controlling client asks for), file transfers
 *   and alarms (§6). `session_id` is the client's u64 as decimal text, '' until known.
 * - `device_audit_nonces`: the `nonce` of each audit post taken, per device, so a retried post
 *   is stored once (purged after a day).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('device_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('uuid', 'text', (c) => c.notNull())
    .addColumn('hostname', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('username', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('os', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('cpu', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('memory', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('version', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ver', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('group_id', 'text', (c) => c.references('device_groups.id').onDelete('set null'))
    .addColumn('alias', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('conns', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('strategy_modified_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('sysinfo_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_online_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('devices_user').on('devices').column('user_id').execute();
  await db.schema.createIndex('devices_group').on('devices').column('group_id').execute();

  await db.schema
    .createTable('device_group_access')
    .addColumn('device_group_id', 'text', (c) => c.notNull().references('device_groups.id').onDelete('cascade'))
    .addColumn('user_group_id', 'text', (c) => c.notNull().references('user_groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('device_group_access_pk', ['device_group_id', 'user_group_id'])
    .execute();
  await db.schema.createIndex('device_group_access_user_group').on('device_group_access').column('user_group_id').execute();
  await db.schema
    .createTable('user_group_access')
    .addColumn('user_group_id', 'text', (c) => c.notNull().references('user_groups.id').onDelete('cascade'))
    .addColumn('target_group_id', 'text', (c) => c.notNull().references('user_groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_group_access_pk', ['user_group_id', 'target_group_id'])
    .execute();

  await db.schema
    .createTable('device_disconnects')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addColumn('conn_id', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_disconnects_pk', ['device_id', 'conn_id'])
    .execute();

  await db.schema
    .createTable('device_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('device_uuid', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('conn_id', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('type', 'integer', (c) => c.notNull().defaultTo(-1))
    .addColumn('action', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('ip', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('info', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('session_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('peer_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('peer_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('authorized_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('device_audit_conn').on('device_audit').columns(['device_id', 'conn_id', 'kind']).execute();
  await db.schema.createIndex('device_audit_session').on('device_audit').columns(['device_id', 'session_id']).execute();
  await db.schema
    .createTable('device_audit_nonces')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_audit_nonces_pk', ['device_id', 'nonce'])
    .execute();
  await db.schema.createIndex('device_audit_nonces_age').on('device_audit_nonces').column('created_at').execute();
  await db.schema.createIndex('device_audit_device').on('device_audit').columns(['device_id', 'created_at']).execute();
  await db.schema.createIndex('device_audit_kind').on('device_audit').columns(['kind', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
