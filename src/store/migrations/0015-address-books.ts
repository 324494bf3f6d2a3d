import type { Kysely } from 'kysely';

/**
 * Address books (spec/rustdesk-client-api.md §8): each person's personal book and shared books
 * with access rules, their peers and tags.
 *
 * - `address_books`: `guid` is what clients and scripts name a book by. `kind` is `personal`
 *   (one per user: its name is always "My address book", so the unique (owner, kind, name)
 *   allows one) or `shared` (names unique per owner, ignoring case, through the same index).
 *   `password` is the shared book's default password, sealed with the secret box; null: none.
 *   A book goes with its owner.
 * - `address_book_rules`: who may use a shared book: a user, a user group or everyone
 *   (`subject` is `user:<id>`, `group:<id>` or `everyone`, one rule each per book); `rule` is 1
 *   read-only, 2 read/write, 3 full control. A rule goes with its user or group.
 * - `address_book_peers`: a book's peers by RustDesk id. `hash` (personal books) and `password`
 *   (shared books) are sealed; '' when none. `tags` is a JSON array of tag names;
 *   `same_server` null when unknown. `deleted_at` set: in the book's recycle bin.
 * - `address_book_tags`: a book's tags and their ARGB32 colours (up to 2^32 - 1: a bigint).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('address_books')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('guid', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('password', 'text')
    .addColumn('accept_presets', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('revision', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // A person's books (their personal one first of all), and the uniqueness of names.
  await db.schema.createIndex('address_books_owner').on('address_books').columns(['owner_id', 'kind', 'name_key']).unique().execute();
  // Shared books by name: the lists of administrators and clients.
  await db.schema.createIndex('address_books_kind_name').on('address_books').columns(['kind', 'name_key', 'id']).execute();

  await db.schema
    .createTable('address_book_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('guid', 'text', (c) => c.notNull().unique())
    .addColumn('book_id', 'text', (c) => c.notNull().references('address_books.id').onDelete('cascade'))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.references('user_groups.id').onDelete('cascade'))
    .addColumn('rule', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('address_book_rules_subject').on('address_book_rules').columns(['book_id', 'subject']).unique().execute();
  // The books a person, or a group of theirs, has a rule on.
  await db.schema.createIndex('address_book_rules_user').on('address_book_rules').columns(['user_id', 'book_id']).execute();
  await db.schema.createIndex('address_book_rules_group').on('address_book_rules').columns(['group_id', 'book_id']).execute();

  await db.schema
    .createTable('address_book_peers')
    .addColumn('book_id', 'text', (c) => c.notNull().references('address_books.id').onDelete('cascade'))
    .addColumn('peer_id', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('password', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('username', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('hostname', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('platform', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('alias', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('force_always_relay', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rdp_port', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rdp_username', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('login_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('device_group_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('same_server', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addPrimaryKeyConstraint('address_book_peers_pk', ['book_id', 'peer_id'])
    .execute();
  // A book's peers by id (a client's pages skip those in the bin without reading them), its
  // recycle bin latest first; and the purge of what has been there too long.
  await db.schema.createIndex('address_book_peers_bin').on('address_book_peers').columns(['book_id', 'deleted_at', 'peer_id']).execute();
  await db.schema.createIndex('address_book_peers_deleted').on('address_book_peers').column('deleted_at').execute();

  await db.schema
    .createTable('address_book_tags')
    .addColumn('book_id', 'text', (c) => c.notNull().references('address_books.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('color', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('address_book_tags_pk', ['book_id', 'name'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
