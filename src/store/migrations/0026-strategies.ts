import type { Kysely } from 'kysely';

/**
 * Strategies (Pro's bulk client settings, spec/rustdesk-client-api.md §5.2): named sets of
 * client options (`options`, a JSON object of option key to value) that a device's heartbeat
 * answer carries to it. `revision` changes with every change of the options or of who the
 * strategy is for, and is what a device echoes back (`modified_at`). A strategy is for devices,
 * users' devices and device groups' devices, in that order of priority, one table each, each
 * row gone with its strategy or its target; at most one is the default, for devices without one.
 * Nothing is made here: an install upgraded keeps sending no strategy until one is made.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('strategies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('revision', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  for (const [table, column, target] of [
    ['device_strategies', 'device_id', 'devices.id'],
    ['user_strategies', 'user_id', 'users.id'],
    ['device_group_strategies', 'group_id', 'device_groups.id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn(column, 'text', (c) => c.primaryKey().references(target).onDelete('cascade'))
      .addColumn('strategy_id', 'text', (c) => c.notNull().references('strategies.id').onDelete('cascade'))
      .execute();
    // A strategy's devices, users or groups, and deleting it, without reading the whole table.
    await db.schema.createIndex(`${table}_by_strategy`).on(table).column('strategy_id').execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
