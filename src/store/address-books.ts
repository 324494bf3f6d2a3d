import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AbKind, AbRule, AbTag, AbViewer, AddressBookRule, StoredAbPeer, StoredAddressBook } from '../domain/address-book.js';
import { offsetOf, type Page, type PageRequest } from './paging.js';
import { precompile } from './precompiled.js';
import type { AddressBookPeerRow, AddressBookRow, Database } from './schema.js';

/** Statements take ids in slices: SQLite allows at most 32,766 bound parameters per statement. */
const SLICE = 5_000;

type BookRow = AddressBookRow & { owner_name: string };

const toBook = (row: BookRow): StoredAddressBook => ({
  id: row.id,
  guid: row.guid,
  kind: row.kind as AbKind,
  owner_id: row.owner_id,
  owner_name: row.owner_name,
  name: row.name,
  note: row.note,
  password: row.password,
  accept_presets: row.accept_presets === 1,
  revision: Number(row.revision),
  created_at: row.created_at,
  updated_at: row.updated_at,
});

function tagsOf(json: string): string[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((tag): tag is string => typeof tag === 'string') : [];
  } catch {
    return [];
  }
}

const toPeer = (row: AddressBookPeerRow): StoredAbPeer => ({
  id: row.peer_id,
  hash: row.hash,
  password: row.password,
  username: row.username,
  hostname: row.hostname,
  platform: row.platform,
  alias: row.alias,
  tags: tagsOf(row.tags),
  force_always_relay: row.force_always_relay === 1,
  rdp_port: row.rdp_port,
  rdp_username: row.rdp_username,
  login_name: row.login_name,
  device_group_name: row.device_group_name,
  note: row.note,
  same_server: row.same_server === null ? null : row.same_server === 1,
  created_at: row.created_at,
  updated_at: row.updated_at,
  deleted_at: row.deleted_at,
});

/** A peer's fields as columns (what `patch` names, and nothing else). */
function peerColumns(patch: Partial<StoredAbPeer>): Partial<Omit<AddressBookPeerRow, 'book_id' | 'peer_id'>> {
  const { id: _id, tags, force_always_relay, same_server, ...rest } = patch;
  return {
    ...rest,
    ...(tags === undefined ? {} : { tags: JSON.stringify(tags) }),
    ...(force_always_relay === undefined ? {} : { force_always_relay: force_always_relay ? 1 : 0 }),
    ...(same_server === undefined ? {} : { same_server: same_server === null ? null : same_server ? 1 : 0 }),
  };
}

/** A book as a list shows it: with how far the viewer may use it and how many peers it holds. */
export type ListedBook = StoredAddressBook & { rule: AbRule; peer_count: number };

/** A new book's row (the store adds its lower-cased name). */
export type NewBook = Omit<StoredAddressBook, 'owner_name' | 'revision'>;

/** What a rule names: a user, a user group, or everyone. */
export type RuleSubject = { user_id: string; group_id: null } | { user_id: null; group_id: string } | { user_id: null; group_id: null };

export const subjectKey = (subject: RuleSubject): string =>
  subject.user_id !== null ? `user:${subject.user_id}` : subject.group_id !== null ? `group:${subject.group_id}` : 'everyone';

/**
 * Address books, their access rules, peers (with a recycle bin) and tags (migration 0015; spec
 * §8). Passwords and hashes arrive and leave sealed: the service seals and opens them.
 */
export function createAddressBookStore(db: Kysely<Database>) {
  const books = () => db.selectFrom('address_books as b').innerJoin('users as u', 'u.id', 'b.owner_id').selectAll('b').select('u.name as owner_name');

  /**
   * A person's rule on the book `b` of the surrounding query (spec: Pro's priority): their own
   * rule if they have one, else the highest of their user groups' rules, else the rule for
   * everyone; null: none.
   */
  const ruleOf = (userId: string): RawBuilder<number | null> => sql<number | null>`coalesce(
      (select max(r.rule) from address_book_rules r where r.book_id = b.id and r.user_id = ${userId}),
      (select max(r.rule) from address_book_rules r inner join user_group_members m on m.group_id = r.group_id
        where r.book_id = b.id and m.user_id = ${userId}),
      (select max(r.rule) from address_book_rules r where r.book_id = b.id and r.subject = 'everyone'))`;
  // What a client's pull runs for every page (§8.2), built once.
  const bookByGuid = precompile(db, (p: { guid: string }) => books().where('b.guid', '=', p.guid));
  const peersInBook = precompile(db, (p: { bookId: string }) =>
    db.selectFrom('address_book_peers').select((eb) => eb.fn.countAll<number | string>().as('n')).where('book_id', '=', p.bookId).where('deleted_at', 'is', null),
  );
  // The page's first id is found in the index alone: an offset on the rows themselves would read
  // every row before the page too.
  const peerPage = precompile(db, (p: { bookId: string; limit: number; offset: number }) =>
    db
      .selectFrom('address_book_peers')
      .selectAll()
      .where('book_id', '=', p.bookId)
      .where('deleted_at', 'is', null)
      .where('peer_id', '>=', (eb) =>
        eb.selectFrom('address_book_peers as q').select('q.peer_id').where('q.book_id', '=', p.bookId).where('q.deleted_at', 'is', null).orderBy('q.peer_id').limit(sql.lit(1)).offset(p.offset),
      )
      .orderBy('peer_id')
      .limit(p.limit),
  );
  const tagsOfBook = precompile(db, (p: { bookId: string }) =>
    db.selectFrom('address_book_tags').select(['name', 'color']).where('book_id', '=', p.bookId).orderBy('created_at').orderBy('name'),
  );
  const peerCount = sql<number | string>`(select count(*) from address_book_peers p where p.book_id = b.id and p.deleted_at is null)`;

  /** Rewrites, with `rewrite`, the tag list of each of the book's peers (the bin's too) that names one of `names`; how many changed. */
  async function rewriteTags(bookId: string, names: string[], rewrite: (tags: string[]) => string[], at: number): Promise<number> {
    const wanted = new Set(names);
    const rows = await db.selectFrom('address_book_peers').select(['peer_id', 'tags']).where('book_id', '=', bookId).where('tags', '!=', '[]').execute();
    let changed = 0;
    for (const row of rows) {
      const tags = tagsOf(row.tags);
      if (!tags.some((tag) => wanted.has(tag))) continue;
      await db
        .updateTable('address_book_peers')
        .set({ tags: JSON.stringify(rewrite(tags)), updated_at: at })
        .where('book_id', '=', bookId)
        .where('peer_id', '=', row.peer_id)
        .execute();
      changed++;
    }
    return changed;
  }

  return {
    // ---- books ----

    async findByGuid(guid: string): Promise<StoredAddressBook | undefined> {
      const row = await bookByGuid.first({ guid });
      return row && toBook(row);
    },

    async findById(id: string): Promise<StoredAddressBook | undefined> {
      const row = await books().where('b.id', '=', id).executeTakeFirst();
      return row && toBook(row);
    },

    async findPersonal(ownerId: string): Promise<StoredAddressBook | undefined> {
      const row = await books().where('b.owner_id', '=', ownerId).where('b.kind', '=', 'personal').executeTakeFirst();
      return row && toBook(row);
    },

    /** The owner's shared book of this name, ignoring case. */
    async findShared(ownerId: string, name: string): Promise<StoredAddressBook | undefined> {
      const row = await books().where('b.owner_id', '=', ownerId).where('b.kind', '=', 'shared').where('b.name_key', '=', name.toLowerCase()).executeTakeFirst();
      return row && toBook(row);
    },

    /** Up to `limit` shared books of this name, ignoring case, whoever owns them (names are unique per owner only). */
    async findSharedNamed(name: string, limit: number): Promise<StoredAddressBook[]> {
      const rows = await books().where('b.kind', '=', 'shared').where('b.name_key', '=', name.toLowerCase()).orderBy('b.id').limit(limit).execute();
      return rows.map(toBook);
    },

    /** Adds a book unless its owner has one of this kind and name (ignoring case); whether it was added. */
    async insert(book: NewBook): Promise<boolean> {
      const added = await db
        .insertInto('address_books')
        .values({ ...book, name_key: book.name.toLowerCase(), accept_presets: book.accept_presets ? 1 : 0 })
        .onConflict((oc) => oc.columns(['owner_id', 'kind', 'name_key']).doNothing())
        .returning('id')
        .execute();
      return added.length > 0;
    },

    async update(id: string, patch: Partial<Pick<StoredAddressBook, 'name' | 'note' | 'password' | 'accept_presets' | 'owner_id'>> & { updated_at: number }): Promise<void> {
      const { accept_presets, ...rest } = patch;
      await db
        .updateTable('address_books')
        .set({
          ...rest,
          ...(rest.name === undefined ? {} : { name_key: rest.name.toLowerCase() }),
          ...(accept_presets === undefined ? {} : { accept_presets: accept_presets ? 1 : 0 }),
        })
        .where('id', '=', id)
        .execute();
    },

    /** Deletes the book with its rules, peers and tags. */
    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('address_books').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /**
     * Serialises the writes to one book until the transaction ends (PostgreSQL's row lock; SQLite
     * runs one transaction at a time anyway): a cap or a name checked after it holds when the
     * write lands. And counts the change in the book's revision, which every instance reads with
     * the book: pages of it kept in memory are not used again.
     */
    async lock(id: string): Promise<void> {
      await db
        .updateTable('address_books')
        .set((eb) => ({ revision: eb('revision', '+', 1) }))
        .where('id', '=', id)
        .execute();
    },

    /**
     * A device's new id (spec/rustdesk-rendezvous.md §4.8) in every book that holds its old one,
     * its recycle bin included, each book's revision counted: the ids of the books changed. A book
     * that already holds the new id keeps both entries as they are.
     */
    async renamePeer(oldId: string, newId: string): Promise<string[]> {
      const moved = await db
        .updateTable('address_book_peers')
        .set({ peer_id: newId })
        .where('peer_id', '=', oldId)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('address_book_peers as q').select('q.peer_id').whereRef('q.book_id', '=', 'address_book_peers.book_id').where('q.peer_id', '=', newId))),
        )
        .returning('book_id')
        .execute();
      const books = moved.map((row) => row.book_id);
      if (books.length > 0) {
        await db
          .updateTable('address_books')
          .set((eb) => ({ revision: eb('revision', '+', 1) }))
          .where('id', 'in', books)
          .execute();
      }
      return books;
    },

    /** The person's rule on the book (user > group > everyone), ignoring ownership and administrators; null: none. */
    async ruleFor(bookId: string, userId: string): Promise<AbRule | null> {
      const row = await db
        .selectFrom('address_books as b')
        .select(ruleOf(userId).as('rule'))
        .where('b.id', '=', bookId)
        .executeTakeFirst();
      return row?.rule === null || row?.rule === undefined ? null : (Number(row.rule) as AbRule);
    },

    /**
     * Shared books the viewer may use, by name: all of them for an administrator (full control),
     * else those they own (full control) or have a rule on.
     */
    async listShared(viewer: AbViewer | 'all', page: PageRequest, withPersonal = false): Promise<Page<ListedBook>> {
      const everything = viewer === 'all' || viewer.is_admin;
      const rule: RawBuilder<number | null> = everything ? sql<number | null>`3` : sql<number | null>`case when b.owner_id = ${viewer.user_id} then 3 else ${ruleOf(viewer.user_id)} end`;
      // Personal books (never to a client, §12 item 12): the viewer's own, or, for administrators, everyone's.
      const personal = withPersonal ? (everything ? sql<boolean>`b.kind = 'personal'` : sql<boolean>`b.kind = 'personal' and b.owner_id = ${viewer.user_id}`) : sql<boolean>`false`;
      const inner = books()
        .select([rule.as('rule'), peerCount.as('peer_count')])
        .where((eb) => eb.or([eb('b.kind', '=', 'shared'), personal]));
      const visible = db.selectFrom(inner.as('x')).where('x.rule', 'is not', null);
      const [rows, counted] = await Promise.all([
        visible.selectAll('x').orderBy('x.name_key').orderBy('x.id').limit(page.pageSize).offset(offsetOf(page)).execute(),
        visible.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return {
        total: Number(counted.n),
        rows: rows.map((row) => ({ ...toBook(row), rule: Number(row.rule) as AbRule, peer_count: Number(row.peer_count) })),
      };
    },

    // ---- rules ----

    async listRules(bookId: string): Promise<Omit<AddressBookRule, 'book_guid'>[]> {
      const rows = await db
        .selectFrom('address_book_rules as r')
        .leftJoin('users as u', 'u.id', 'r.user_id')
        .leftJoin('user_groups as g', 'g.id', 'r.group_id')
        .select(['r.guid', 'r.user_id', 'r.group_id', 'r.rule', 'r.created_at', 'r.updated_at', 'u.name as user_name', 'g.name as group_name'])
        .where('r.book_id', '=', bookId)
        // People, then groups, each by name; then everyone.
        .orderBy(sql`case when r.user_id is not null then 0 when r.group_id is not null then 1 else 2 end`)
        .orderBy(sql`coalesce(u.name_key, g.name_key, '')`)
        .execute();
      return rows.map((row) => ({
        guid: row.guid,
        subject: row.user_id !== null ? 'user' : row.group_id !== null ? 'group' : 'everyone',
        user_id: row.user_id,
        group_id: row.group_id,
        subject_name: row.user_name ?? row.group_name ?? '',
        rule: row.rule as AbRule,
        created_at: row.created_at,
        updated_at: row.updated_at,
      }));
    },

    async findRule(guid: string): Promise<{ book_id: string; subject: string; rule: AbRule } | undefined> {
      const row = await db.selectFrom('address_book_rules').select(['book_id', 'subject', 'rule']).where('guid', '=', guid).executeTakeFirst();
      return row && { ...row, rule: row.rule as AbRule };
    },

    /** Adds a rule unless the book has one for this subject; whether it was added. */
    async insertRule(rule: { id: string; guid: string; book_id: string; rule: AbRule; at: number } & RuleSubject): Promise<boolean> {
      const added = await db
        .insertInto('address_book_rules')
        .values({
          id: rule.id,
          guid: rule.guid,
          book_id: rule.book_id,
          subject: subjectKey(rule),
          user_id: rule.user_id,
          group_id: rule.group_id,
          rule: rule.rule,
          created_at: rule.at,
          updated_at: rule.at,
        })
        .onConflict((oc) => oc.columns(['book_id', 'subject']).doNothing())
        .returning('id')
        .execute();
      return added.length > 0;
    },

    async updateRule(guid: string, rule: AbRule, at: number): Promise<boolean> {
      const result = await db.updateTable('address_book_rules').set({ rule, updated_at: at }).where('guid', '=', guid).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async deleteRule(guid: string): Promise<boolean> {
      const result = await db.deleteFrom('address_book_rules').where('guid', '=', guid).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    // ---- peers ----

    /** Peers in the book (not in its recycle bin). */
    async countPeers(bookId: string): Promise<number> {
      return Number((await peersInBook.first({ bookId }))?.n ?? 0);
    },

    /** One page of the book's peers, by id. */
    async listPeers(bookId: string, page: PageRequest): Promise<StoredAbPeer[]> {
      return (await peerPage.all({ bookId, limit: page.pageSize, offset: offsetOf(page) })).map(toPeer);
    },

    /** Every peer of the book, in the bin too (the legacy book is read and written whole). */
    async allPeers(bookId: string): Promise<StoredAbPeer[]> {
      const rows = await db.selectFrom('address_book_peers').selectAll().where('book_id', '=', bookId).orderBy('peer_id').execute();
      return rows.map(toPeer);
    },

    /** The peer, in the book or in its bin. */
    async findPeer(bookId: string, peerId: string): Promise<StoredAbPeer | undefined> {
      const row = await db.selectFrom('address_book_peers').selectAll().where('book_id', '=', bookId).where('peer_id', '=', peerId).executeTakeFirst();
      return row && toPeer(row);
    },

    /** Writes the whole peer: a new one, or over the row of this id (one in the bin comes back as this). */
    async putPeer(bookId: string, peer: StoredAbPeer): Promise<void> {
      const columns = { ...peerColumns(peer), created_at: peer.created_at, updated_at: peer.updated_at, deleted_at: peer.deleted_at };
      await db
        .insertInto('address_book_peers')
        .values({ book_id: bookId, peer_id: peer.id, ...columns })
        .onConflict((oc) => oc.columns(['book_id', 'peer_id']).doUpdateSet(columns))
        .execute();
    },

    /** Changes the fields present on a peer in the book (not one in the bin); whether there was one. */
    async updatePeer(bookId: string, peerId: string, patch: Partial<StoredAbPeer>, at: number): Promise<boolean> {
      const result = await db
        .updateTable('address_book_peers')
        .set({ ...peerColumns(patch), updated_at: at })
        .where('book_id', '=', bookId)
        .where('peer_id', '=', peerId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Moves these peers to the book's recycle bin; how many went. */
    async binPeers(bookId: string, peerIds: string[], at: number): Promise<number> {
      let moved = 0;
      for (let i = 0; i < peerIds.length; i += SLICE) {
        const result = await db
          .updateTable('address_book_peers')
          .set({ deleted_at: at, updated_at: at })
          .where('book_id', '=', bookId)
          .where('peer_id', 'in', peerIds.slice(i, i + SLICE))
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        moved += Number(result.numUpdatedRows);
      }
      return moved;
    },

    /** Peers in the book's recycle bin since `since`, latest first. */
    async listBin(bookId: string, since: number, page: PageRequest): Promise<Page<StoredAbPeer>> {
      const base = db.selectFrom('address_book_peers').where('book_id', '=', bookId).where('deleted_at', '>=', since);
      const [rows, counted] = await Promise.all([
        base.selectAll().orderBy('deleted_at', 'desc').orderBy('peer_id').limit(page.pageSize).offset(offsetOf(page)).execute(),
        base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { total: Number(counted.n), rows: rows.map(toPeer) };
    },

    /** Of these ids, those in the book's bin since `since`. */
    async binnedSince(bookId: string, peerIds: string[], since: number): Promise<string[]> {
      const found: string[] = [];
      for (let i = 0; i < peerIds.length; i += SLICE) {
        const rows = await db
          .selectFrom('address_book_peers')
          .select('peer_id')
          .where('book_id', '=', bookId)
          .where('peer_id', 'in', peerIds.slice(i, i + SLICE))
          .where('deleted_at', '>=', since)
          .execute();
        found.push(...rows.map((row) => row.peer_id));
      }
      return found;
    },

    /** Takes these peers out of the bin, back into the book. */
    async restorePeers(bookId: string, peerIds: string[], at: number): Promise<number> {
      let restored = 0;
      for (let i = 0; i < peerIds.length; i += SLICE) {
        const result = await db
          .updateTable('address_book_peers')
          .set({ deleted_at: null, updated_at: at })
          .where('book_id', '=', bookId)
          .where('peer_id', 'in', peerIds.slice(i, i + SLICE))
          .where('deleted_at', 'is not', null)
          .executeTakeFirst();
        restored += Number(result.numUpdatedRows);
      }
      return restored;
    },

    /** Deletes, in every book, up to `limit` peers put in the bin before `before`; how many. */
    async purgeBin(before: number, limit: number): Promise<number> {
      const result = await sql`
        delete from address_book_peers
         where (book_id, peer_id) in (select book_id, peer_id from address_book_peers where deleted_at < ${before} limit ${limit})`.execute(db);
      return Number(result.numAffectedRows ?? 0n);
    },

    // ---- tags ----

    /** The book's tags, in the order they were added. */
    async listTags(bookId: string): Promise<AbTag[]> {
      return (await tagsOfBook.all({ bookId })).map((row) => ({ name: row.name, color: Number(row.color) }));
    },

    async countTags(bookId: string): Promise<number> {
      const row = await db
        .selectFrom('address_book_tags')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('book_id', '=', bookId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Adds a tag unless the book has one of this name; whether it was added. */
    async insertTag(bookId: string, tag: AbTag, at: number): Promise<boolean> {
      const added = await db
        .insertInto('address_book_tags')
        .values({ book_id: bookId, name: tag.name, color: tag.color, created_at: at })
        .onConflict((oc) => oc.columns(['book_id', 'name']).doNothing())
        .returning('name')
        .execute();
      return added.length > 0;
    },

    async setTagColor(bookId: string, tag: AbTag): Promise<boolean> {
      const result = await db.updateTable('address_book_tags').set({ color: tag.color }).where('book_id', '=', bookId).where('name', '=', tag.name).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Renames a tag and rewrites it in every peer's list (the bin's too); whether the tag was there. Run it in a transaction. */
    async renameTag(bookId: string, from: string, to: string, at: number): Promise<boolean> {
      const result = await db.updateTable('address_book_tags').set({ name: to }).where('book_id', '=', bookId).where('name', '=', from).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await rewriteTags(bookId, [from], (tags) => [...new Set(tags.map((tag) => (tag === from ? to : tag)))], at);
      return true;
    },

    /** Deletes tags and takes them off every peer (the bin's too); how many tags went. Run it in a transaction. */
    async deleteTags(bookId: string, names: string[], at: number): Promise<number> {
      let deleted = 0;
      for (let i = 0; i < names.length; i += SLICE) {
        const result = await db.deleteFrom('address_book_tags').where('book_id', '=', bookId).where('name', 'in', names.slice(i, i + SLICE)).executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      const gone = new Set(names);
      await rewriteTags(bookId, names, (tags) => tags.filter((tag) => !gone.has(tag)), at);
      return deleted;
    },

    /** Replaces the book's tags (the legacy book is written whole). */
    async replaceTags(bookId: string, tags: AbTag[], at: number): Promise<void> {
      await db.deleteFrom('address_book_tags').where('book_id', '=', bookId).execute();
      // One after another, so that the order they were added in is theirs.
      for (const [i, tag] of tags.entries()) await db.insertInto('address_book_tags').values({ book_id: bookId, name: tag.name, color: tag.color, created_at: at + i }).execute();
    },
  };
}

export type AddressBookStore = ReturnType<typeof createAddressBookStore>;
