import type { Clock } from '../clock.js';
import {
  AB_LIMITS,
  AbRule,
  PERSONAL_BOOK_NAME,
  RESERVED_BOOK_NAMES,
  isAbRule,
  type AbPeer,
  type AbPeerPatch,
  type AbRuleTarget,
  type AbTag,
  type AbViewer,
  type AddressBook,
  type AddressBookRule,
  type AddressBookSummary,
  type StoredAbPeer,
  type StoredAddressBook,
} from '../domain/address-book.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { ListedBook, RuleSubject } from '../store/address-books.js';
import type { PageRequest } from '../store/paging.js';
import type { Actor, AuditService } from './audit.js';
import type { SecretBox } from './secret-box.js';
import { newId } from './secrets.js';
import type { SettingsService } from './settings.js';

const DAY = 86_400_000;
/** How long a deleted peer waits in its book's recycle bin. */
export const AB_BIN_DAYS = 30;
/** Rows per purge statement (maintenance.ts): short statements, however full the bins. */
const PURGE_BATCH = 1_000;
/** Opened sealed texts kept in memory, at most (a few MB). */
const OPENED_MAX = 50_000;
/** Pages of peers kept in memory, at most (of 100 peers: some 10 MB). */
const PAGES_MAX = 100;

/** A shared book as a client lists it (§8.2 AbProfile), with its default password open ('' for none). */
export interface SharedProfile {
  guid: string;
  name: string;
  owner_name: string;
  note: string;
  rule: AbRule;
  password: string;
}

/** A book someone may use, and how far. */
interface Opened {
  book: StoredAddressBook;
  rule: AbRule;
}

const EMPTY_PEER: Omit<StoredAbPeer, 'id' | 'created_at' | 'updated_at' | 'deleted_at'> = {
  hash: '',
  password: '',
  username: '',
  hostname: '',
  platform: '',
  alias: '',
  tags: [],
  force_always_relay: false,
  rdp_port: '',
  rdp_username: '',
  login_name: '',
  device_group_name: '',
  note: '',
  same_server: null,
};

const toView = (book: StoredAddressBook): AddressBook => {
  const { id: _id, password, ...rest } = book;
  return { ...rest, has_password: password !== null };
};
const toSummary = (book: ListedBook): AddressBookSummary => ({ ...toView(book), rule: book.rule, peer_count: book.peer_count });

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > AB_LIMITS.bookName || /\p{Cc}/u.test(trimmed)) throw new AppError('addressbook.invalid_name');
  // The client keys books by name (spec/rustdesk-client-api.md §12 item 12).
  if (RESERVED_BOOK_NAMES.some((reserved) => reserved.toLowerCase() === trimmed.toLowerCase())) throw new AppError('addressbook.reserved_name');
  return trimmed;
}

function cleanNote(note: string): string {
  if (note.length > AB_LIMITS.bookNote) throw new AppError('request.invalid', { message: `note is longer than ${AB_LIMITS.bookNote} characters` });
  return note;
}

function cleanPassword(password: string): string {
  if (password.length > AB_LIMITS.password) throw new AppError('request.invalid', { message: `password is longer than ${AB_LIMITS.password} characters` });
  return password;
}

function subjectOf(target: AbRuleTarget): RuleSubject {
  if ('user_id' in target) return { user_id: target.user_id, group_id: null };
  if ('group_id' in target) return { user_id: null, group_id: target.group_id };
  return { user_id: null, group_id: null };
}

/**
 * Address books (spec/rustdesk-client-api.md §8): each person's personal book, shared books and
 * their rules, peers with a recycle bin, and tags; what a signed-in RustDesk client reads and
 * changes, and what the console manages.
 *
 * Who may do what: a personal book is its owner's (and administrators', who see every book in the
 * console; no client is ever shown another's personal book). On a shared book its owner and administrators have full control; anyone else has the
 * rule the book gives them (their own rule, else the highest of their user groups', else the
 * rule for everyone, as RustDesk Pro), or nothing: then the book does not exist for them.
 * Read-only is refused every change. Default passwords, shared peers' passwords and personal
 * peers' password hashes are sealed with the secret box. Console changes write their audit
 * record in the same transaction; a client's changes to peers and tags do not.
 */
export function createAddressBookService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  settings: Pick<SettingsService, 'get'>;
  secretBox: SecretBox;
}) {
  const { store, clock, audit, settings, secretBox } = deps;

  const seal = (plain: string) => (plain === '' ? '' : secretBox.seal(plain));
  /** A sealed value opened; '' if it no longer opens (the secret key changed), so that one bad value does not break a whole book. */
  /**
   * Sealed texts already opened, by sealed text: a client's pull opens a page's passwords on
   * every pull (AES-GCM, some 5 µs each). A sealed text never changes meaning (a new password is
   * sealed anew, with a fresh nonce), so an entry is never stale; the map is bounded.
   */
  const openedTexts = new Map<string, string>();
  /** Pages of peers as read, by book, revision, page and page size (oldest first). */
  const pages = new Map<string, { kind: StoredAddressBook['kind']; total: number; data: AbPeer[] }>();
  function open(sealed: string | null): string {
    if (!sealed) return '';
    const known = openedTexts.get(sealed);
    if (known !== undefined) return known;
    let plain = '';
    try {
      plain = secretBox.open(sealed);
    } catch {
      // Not openable under this key: shown as none.
    }
    if (openedTexts.size >= OPENED_MAX) openedTexts.clear();
    openedTexts.set(sealed, plain);
    return plain;
  }
  const openPeer = (peer: StoredAbPeer): AbPeer => ({ ...peer, hash: open(peer.hash), password: open(peer.password) });

  /** The fields a book of this kind keeps, sealed: a personal book keeps hashes, a shared one passwords. */
  function sealedFields(book: StoredAddressBook, fields: AbPeerPatch): Partial<StoredAbPeer> {
    const { hash, password, ...rest } = fields;
    const sealed: Partial<StoredAbPeer> = { ...rest };
    if (book.kind === 'personal' && hash !== undefined) sealed.hash = seal(hash);
    if (book.kind === 'shared' && password !== undefined) sealed.password = seal(password);
    return sealed;
  }

  const target = (book: StoredAddressBook) => ({ type: 'address_book', id: book.guid, name: book.name });

  /** The book, if the viewer may read it, with their rule on it; `addressbook.not_found` otherwise. */
  async function opened(viewer: AbViewer, guid: string): Promise<Opened> {
    const book = await store.addressBooks.findByGuid(guid);
    if (!book) throw new AppError('addressbook.not_found');
    if (book.kind === 'personal') {
      // Its owner's; an administrator may see and tend it in the console (never a client's list).
      if (book.owner_id !== viewer.user_id && !(viewer.is_admin && viewer.console)) throw new AppError('addressbook.not_found');
      return { book, rule: AbRule.FullControl };
    }
    if (viewer.is_admin || book.owner_id === viewer.user_id) return { book, rule: AbRule.FullControl };
    const rule = await store.addressBooks.ruleFor(book.id, viewer.user_id);
    if (rule === null) throw new AppError('addressbook.not_found');
    return { book, rule };
  }

  async function writable(viewer: AbViewer, guid: string): Promise<StoredAddressBook> {
    const { book, rule } = await opened(viewer, guid);
    if (rule < AbRule.ReadWrite) throw new AppError('addressbook.read_only');
    return book;
  }

  async function controlled(viewer: AbViewer, guid: string): Promise<StoredAddressBook> {
    const { book, rule } = await opened(viewer, guid);
    if (book.kind !== 'shared') throw new AppError('addressbook.not_shared');
    if (rule < AbRule.FullControl) throw new AppError('addressbook.full_control_required');
    return book;
  }

  /** `max_peer_one_ab`: 0 for no limit. */
  const peerCap = () => settings.get('max_peer_one_ab');

  /** Refuses `adding` more peers when the book would hold more than the cap. Call it under the book's lock. */
  async function requireRoom(tx: Store, bookId: string, adding: number, cap: number): Promise<void> {
    if (cap > 0 && adding > 0 && (await tx.addressBooks.countPeers(bookId)) + adding > cap) throw new AppError('addressbook.peer_limit');
  }

  /** Runs a change to a book under its lock, with its audit record when a console actor makes it. */
  function change<T>(book: StoredAddressBook, run: (tx: Store) => Promise<T>, record?: { actor: Actor | undefined; action: string; detail?: Record<string, unknown> }): Promise<T> {
    return store.transaction(async (tx) => {
      await tx.addressBooks.lock(book.id);
      const result = await run(tx);
      if (record?.actor) await tx.consoleAudit.insert(audit.row(record.actor, record.action, target(book), record.detail ?? {}));
      return result;
    });
  }

  async function personalBook(viewer: AbViewer): Promise<StoredAddressBook> {
    const found = await store.addressBooks.findPersonal(viewer.user_id);
    if (found) return found;
    const now = clock.now();
    // Two first pulls at once: the unique (owner, kind, name) keeps one book.
    await store.addressBooks.insert({
      id: newId(),
      guid: newId(),
      kind: 'personal',
      owner_id: viewer.user_id,
      name: PERSONAL_BOOK_NAME,
      note: '',
      password: null,
      accept_presets: false,
      created_at: now,
      updated_at: now,
    });
    const made = await store.addressBooks.findPersonal(viewer.user_id);
    if (!made) throw new AppError('user.not_found');
    return made;
  }

  /** A book the viewer may read, with their rule on it and its peer count. */
  async function getBook(viewer: AbViewer, guid: string): Promise<AddressBookSummary> {
    const { book, rule } = await opened(viewer, guid);
    return { ...toView(book), rule, peer_count: await store.addressBooks.countPeers(book.id) };
  }

  /** A shared book's rules, for those with full control of it. */
  async function listRules(viewer: AbViewer, guid: string): Promise<AddressBookRule[]> {
    const book = await controlled(viewer, guid);
    return (await store.addressBooks.listRules(book.id)).map((rule) => ({ ...rule, book_guid: book.guid }));
  }

  /** The book a rule is on, if the viewer has full control of it. */
  async function ruleBook(viewer: AbViewer, ruleGuid: string): Promise<StoredAddressBook> {
    const rule = await store.addressBooks.findRule(ruleGuid);
    const book = rule && (await store.addressBooks.findById(rule.book_id));
    if (!book) throw new AppError('addressbook.rule_not_found');
    return controlled(viewer, book.guid);
  }

  return {
    // ---- what a signed-in client reads (§8.2) ----

    /** The viewer's personal book's guid, the book made on first use. */
    async personalGuid(viewer: AbViewer): Promise<string> {
      return (await personalBook(viewer)).guid;
    },

    /** `max_peer_one_ab` (0: no limit). */
    async clientSettings(): Promise<{ max_peer_one_ab: number }> {
      return { max_peer_one_ab: await peerCap() };
    },

    /** Shared books the viewer may read, by name, with their default passwords open (never the personal book, §12 item 12). */
    async sharedProfiles(viewer: AbViewer, page: PageRequest): Promise<{ total: number; data: SharedProfile[] }> {
      const { total, rows } = await store.addressBooks.listShared(viewer, page);
      return {
        total,
        data: rows.map((book) => ({ guid: book.guid, name: book.name, owner_name: book.owner_name, note: book.note, rule: book.rule, password: open(book.password) })),
      };
    },

    /**
     * One page of a book's peers (not its bin), passwords and hashes open. A page read at the
     * book's current revision is served again from memory until the book changes: clients
     * pull every page of their books after each change and at every start (§8.2).
     */
    async peers(viewer: AbViewer, guid: string, page: PageRequest): Promise<{ kind: StoredAddressBook['kind']; total: number; data: AbPeer[] }> {
      const { book } = await opened(viewer, guid);
      const key = `${book.id}\n${book.revision}\n${page.current}\n${page.pageSize}`;
      const kept = pages.get(key);
      if (kept) return kept;
      const [total, rows] = await Promise.all([store.addressBooks.countPeers(book.id), store.addressBooks.listPeers(book.id, page)]);
      const read = { kind: book.kind, total, data: rows.map(openPeer) };
      if (pages.size >= PAGES_MAX) pages.delete(pages.keys().next().value as string);
      pages.set(key, read);
      return read;
    },

    async tags(viewer: AbViewer, guid: string): Promise<AbTag[]> {
      const { book } = await opened(viewer, guid);
      return store.addressBooks.listTags(book.id);
    },

    // ---- peers and tags, from a client (§8.3) or the console (`by`: audited) ----

    /**
     * Adds a peer, any id (deskgate need not know the device), under the `max_peer_one_ab` cap. An
     * id in the book's recycle bin is replaced by the new peer; one in the book is refused.
     */
    async addPeer(viewer: AbViewer, guid: string, input: { id: string; fields: AbPeerPatch }, by?: Actor): Promise<void> {
      const book = await writable(viewer, guid);
      const cap = await peerCap();
      await change(
        book,
        async (tx) => {
          const existing = await tx.addressBooks.findPeer(book.id, input.id);
          if (existing && existing.deleted_at === null) throw new AppError('addressbook.peer_exists');
          await requireRoom(tx, book.id, 1, cap);
          const now = clock.now();
          await tx.addressBooks.putPeer(book.id, { ...EMPTY_PEER, ...sealedFields(book, input.fields), id: input.id, created_at: now, updated_at: now, deleted_at: null });
        },
        { actor: by, action: 'address_book.peer_add', detail: { id: input.id } },
      );
    },

    /** Changes the fields given on a peer of the book (§8.3: a partial update). */
    async updatePeer(viewer: AbViewer, guid: string, input: { id: string; fields: AbPeerPatch }, by?: Actor): Promise<void> {
      const book = await writable(viewer, guid);
      const fields = sealedFields(book, input.fields);
      await change(
        book,
        async (tx) => {
          if (!(await tx.addressBooks.updatePeer(book.id, input.id, fields, clock.now()))) throw new AppError('addressbook.peer_not_found');
        },
        // Which fields changed, never their values (a password may be one).
        { actor: by, action: 'address_book.peer_update', detail: { id: input.id, fields: Object.keys(input.fields) } },
      );
    },

    /** Moves peers to the book's recycle bin (ids not in the book are ignored); how many went. */
    async deletePeers(viewer: AbViewer, guid: string, ids: string[], by?: Actor): Promise<number> {
      const book = await writable(viewer, guid);
      return change(book, (tx) => tx.addressBooks.binPeers(book.id, ids, clock.now()), { actor: by, action: 'address_book.peers_delete', detail: { count: ids.length, ids: ids.slice(0, 100) } });
    },

    async addTag(viewer: AbViewer, guid: string, tag: AbTag, by?: Actor): Promise<void> {
      const book = await writable(viewer, guid);
      await change(
        book,
        async (tx) => {
          if ((await tx.addressBooks.countTags(book.id)) >= AB_LIMITS.tagsPerBook) throw new AppError('addressbook.too_many_tags');
          if (!(await tx.addressBooks.insertTag(book.id, tag, clock.now()))) throw new AppError('addressbook.tag_exists');
        },
        { actor: by, action: 'address_book.tag_add', detail: { ...tag } },
      );
    },

    /** Renames a tag, in every peer's tag list too (the client leaves that to the server, §8.3). */
    async renameTag(viewer: AbViewer, guid: string, names: { from: string; to: string }, by?: Actor): Promise<void> {
      const book = await writable(viewer, guid);
      if (names.from === names.to) {
        if (!(await store.addressBooks.listTags(book.id)).some((tag) => tag.name === names.from)) throw new AppError('addressbook.tag_not_found');
        return;
      }
      await change(
        book,
        async (tx) => {
          const tags = await tx.addressBooks.listTags(book.id);
          if (tags.some((tag) => tag.name === names.to)) throw new AppError('addressbook.tag_exists');
          if (!(await tx.addressBooks.renameTag(book.id, names.from, names.to, clock.now()))) throw new AppError('addressbook.tag_not_found');
        },
        { actor: by, action: 'address_book.tag_rename', detail: { ...names } },
      );
    },

    async setTagColor(viewer: AbViewer, guid: string, tag: AbTag, by?: Actor): Promise<void> {
      const book = await writable(viewer, guid);
      await change(
        book,
        async (tx) => {
          if (!(await tx.addressBooks.setTagColor(book.id, tag))) throw new AppError('addressbook.tag_not_found');
        },
        { actor: by, action: 'address_book.tag_update', detail: { ...tag } },
      );
    },

    /** Deletes tags, and takes them off every peer (names the book lacks are ignored). */
    async deleteTags(viewer: AbViewer, guid: string, names: string[], by?: Actor): Promise<void> {
      const book = await writable(viewer, guid);
      await change(book, (tx) => tx.addressBooks.deleteTags(book.id, names, clock.now()), { actor: by, action: 'address_book.tags_delete', detail: { names } });
    },

    // ---- the legacy book (§8.4): the personal book, read and written whole ----

    /** The personal book's peers (hashes open) and tags. */
    async legacyBook(viewer: AbViewer): Promise<{ peers: AbPeer[]; tags: AbTag[]; updated_at: number }> {
      const book = await personalBook(viewer);
      const [peers, tags] = await Promise.all([store.addressBooks.allPeers(book.id), store.addressBooks.listTags(book.id)]);
      const live = peers.filter((peer) => peer.deleted_at === null);
      const updated = Math.max(book.updated_at, ...peers.map((peer) => peer.updated_at));
      return { peers: live.map(openPeer), tags, updated_at: updated };
    },

    /**
     * Makes the personal book hold exactly these peers and tags (a legacy client pushes its whole
     * book after each change). A peer's fields the legacy blob does not carry (note, RDP …) are
     * kept; its hash is the blob's when it has one. Peers it no longer lists go to the recycle bin.
     */
    async replaceLegacyBook(viewer: AbViewer, input: { peers: { id: string; fields: AbPeerPatch }[]; tags: AbTag[] }): Promise<void> {
      const book = await personalBook(viewer);
      const cap = await peerCap();
      if (cap > 0 && input.peers.length > cap) throw new AppError('addressbook.peer_limit');
      await change(book, async (tx) => {
        const now = clock.now();
        const existing = new Map((await tx.addressBooks.allPeers(book.id)).map((peer) => [peer.id, peer]));
        const kept = new Set(input.peers.map((peer) => peer.id));
        const gone = [...existing.values()].filter((peer) => peer.deleted_at === null && !kept.has(peer.id)).map((peer) => peer.id);
        await tx.addressBooks.binPeers(book.id, gone, now);
        for (const peer of input.peers) {
          const before = existing.get(peer.id);
          const { hash, ...fields } = peer.fields;
          const base = before ?? { ...EMPTY_PEER, id: peer.id, created_at: now, updated_at: now, deleted_at: null };
          // The blob's hash, sealed anew only when it is not the one kept.
          const sealedHash = hash === undefined || open(base.hash) === hash ? base.hash : seal(hash);
          const next: StoredAbPeer = { ...base, ...fields, hash: sealedHash, deleted_at: null };
          if (before && JSON.stringify(before) === JSON.stringify(next)) continue;
          await tx.addressBooks.putPeer(book.id, { ...next, updated_at: now });
        }
        await tx.addressBooks.replaceTags(book.id, input.tags, now);
      });
    },

    // ---- the console: books, rules, the recycle bin (each change audited) ----

    /** Books the viewer may use, by name: their own personal book and the shared ones; every book for an administrator. */
    async listBooks(viewer: AbViewer, page: PageRequest): Promise<{ total: number; data: AddressBookSummary[] }> {
      const { total, rows } = await store.addressBooks.listShared(viewer, page, true);
      return { total, data: rows.map(toSummary) };
    },

    /** Every book, personal ones too, by name (administrators, and API tokens with the scope). */
    async listAllBooks(page: PageRequest): Promise<{ total: number; data: AddressBookSummary[] }> {
      const { total, rows } = await store.addressBooks.listShared('all', page, true);
      return { total, data: rows.map(toSummary) };
    },

    getBook,

    /**
     * Makes a shared book owned by `owner_id` (an administrator may name anyone; others only
     * themselves, the default). Names are unique per owner, ignoring case, and never the client's
     * own names (§12 item 12).
     */
    async createShared(
      actor: Actor,
      viewer: AbViewer,
      input: { name: string; note?: string | undefined; password?: string | undefined; owner_id?: string | undefined },
    ): Promise<AddressBookSummary> {
      const name = cleanName(input.name);
      const ownerId = input.owner_id ?? viewer.user_id;
      if (ownerId !== viewer.user_id && !viewer.is_admin) throw new AppError('auth.forbidden');
      if (!(await store.users.findById(ownerId))) throw new AppError('user.not_found');
      const now = clock.now();
      const guid = newId();
      const password = input.password ? cleanPassword(input.password) : '';
      const book = {
        id: newId(),
        guid,
        kind: 'shared' as const,
        owner_id: ownerId,
        name,
        note: cleanNote(input.note ?? ''),
        password: password === '' ? null : secretBox.seal(password),
        accept_presets: false,
        created_at: now,
        updated_at: now,
      };
      await store.transaction(async (tx) => {
        if (!(await tx.addressBooks.insert(book))) throw new AppError('addressbook.name_taken');
        await tx.consoleAudit.insert(
          audit.row(actor, 'address_book.create', { type: 'address_book', id: guid, name }, { owner_id: ownerId, note: book.note, has_password: password !== '' }),
        );
      });
      return getBook(viewer, guid);
    },

    /**
     * Changes a shared book's name, note, default password ('' or null: none), owner (an
     * administrator's or the owner's change) or whether devices may add themselves to it.
     */
    async updateShared(
      actor: Actor,
      viewer: AbViewer,
      guid: string,
      changes: { name?: string | undefined; note?: string | undefined; password?: string | null | undefined; owner_id?: string | undefined; accept_presets?: boolean | undefined },
    ): Promise<AddressBookSummary> {
      const book = await controlled(viewer, guid);
      const patch: { name?: string; note?: string; password?: string | null; owner_id?: string; accept_presets?: boolean } = {};
      const detail: Record<string, unknown> = {};
      if (changes.name !== undefined && changes.name.trim() !== book.name) detail.name = patch.name = cleanName(changes.name);
      if (changes.note !== undefined && changes.note !== book.note) detail.note = patch.note = cleanNote(changes.note);
      if (changes.password !== undefined) {
        const password = cleanPassword(changes.password ?? '');
        patch.password = password === '' ? null : secretBox.seal(password);
        detail.password = password === '' ? 'cleared' : 'set';
      }
      if (changes.owner_id !== undefined && changes.owner_id !== book.owner_id) {
        if (!viewer.is_admin && viewer.user_id !== book.owner_id) throw new AppError('addressbook.full_control_required');
        if (!(await store.users.findById(changes.owner_id))) throw new AppError('user.not_found');
        detail.owner_id = patch.owner_id = changes.owner_id;
      }
      if (changes.accept_presets !== undefined && changes.accept_presets !== book.accept_presets) {
        // Devices add themselves to such a book unauthenticated (preset-address-book-*): an
        // administrator's choice, as the server-wide accept_device_presets is.
        if (!viewer.is_admin) throw new AppError('auth.forbidden', { message: 'Only an administrator may let devices add themselves to an address book' });
        detail.accept_presets = patch.accept_presets = changes.accept_presets;
      }
      if (Object.keys(patch).length > 0) {
        await store.transaction(async (tx) => {
          await tx.addressBooks.lock(book.id);
          // The name decided under the lock, for the owner it will have (an unlocked other book of that owner races only with its own rename, refused by the unique index).
          const name = patch.name ?? book.name;
          const other = await tx.addressBooks.findShared(patch.owner_id ?? book.owner_id, name);
          if (other && other.id !== book.id) throw new AppError('addressbook.name_taken');
          await tx.addressBooks.update(book.id, { ...patch, updated_at: clock.now() });
          await tx.consoleAudit.insert(audit.row(actor, 'address_book.update', target(book), detail));
        });
      }
      return getBook(viewer, guid);
    },

    /** Deletes a shared book with its rules, peers (its recycle bin too) and tags. */
    async deleteShared(actor: Actor, viewer: AbViewer, guid: string): Promise<void> {
      const book = await controlled(viewer, guid);
      await store.transaction(async (tx) => {
        await tx.addressBooks.delete(book.id);
        await tx.consoleAudit.insert(audit.row(actor, 'address_book.delete', target(book)));
      });
    },

    listRules,

    /** Gives a user, a user group or everyone a rule on a shared book (one rule per subject). */
    async addRule(actor: Actor, viewer: AbViewer, guid: string, subject: AbRuleTarget, rule: number): Promise<AddressBookRule> {
      const book = await controlled(viewer, guid);
      if (!isAbRule(rule)) throw new AppError('request.invalid', { message: 'rule must be 1 (read-only), 2 (read/write) or 3 (full control)' });
      const who = subjectOf(subject);
      let name = '';
      if (who.user_id !== null) {
        const user = await store.users.findById(who.user_id);
        if (!user) throw new AppError('user.not_found');
        name = user.name;
      } else if (who.group_id !== null) {
        const group = await store.groups.findById(who.group_id);
        if (!group) throw new AppError('group.not_found');
        name = group.name;
      }
      const ruleGuid = newId();
      await store.transaction(async (tx) => {
        if (!(await tx.addressBooks.insertRule({ id: newId(), guid: ruleGuid, book_id: book.id, rule, at: clock.now(), ...who }))) {
          throw new AppError('addressbook.rule_exists');
        }
        await tx.consoleAudit.insert(audit.row(actor, 'address_book.rule_add', target(book), { rule_guid: ruleGuid, ...who, subject_name: name, rule }));
      });
      const made = (await listRules(viewer, guid)).find((r) => r.guid === ruleGuid);
      if (!made) throw new AppError('addressbook.rule_not_found');
      return made;
    },

    async setRule(actor: Actor, viewer: AbViewer, ruleGuid: string, rule: number): Promise<void> {
      if (!isAbRule(rule)) throw new AppError('request.invalid', { message: 'rule must be 1 (read-only), 2 (read/write) or 3 (full control)' });
      const book = await ruleBook(viewer, ruleGuid);
      await store.transaction(async (tx) => {
        if (!(await tx.addressBooks.updateRule(ruleGuid, rule, clock.now()))) throw new AppError('addressbook.rule_not_found');
        await tx.consoleAudit.insert(audit.row(actor, 'address_book.rule_update', target(book), { rule_guid: ruleGuid, rule }));
      });
    },

    async deleteRule(actor: Actor, viewer: AbViewer, ruleGuid: string): Promise<void> {
      const book = await ruleBook(viewer, ruleGuid);
      await store.transaction(async (tx) => {
        if (!(await tx.addressBooks.deleteRule(ruleGuid))) throw new AppError('addressbook.rule_not_found');
        await tx.consoleAudit.insert(audit.row(actor, 'address_book.rule_delete', target(book), { rule_guid: ruleGuid }));
      });
    },

    /** The book's recycle bin (peers deleted in the last 30 days), latest first: for those who may change the book. */
    async listBin(viewer: AbViewer, guid: string, page: PageRequest): Promise<{ total: number; data: AbPeer[] }> {
      const book = await writable(viewer, guid);
      const { total, rows } = await store.addressBooks.listBin(book.id, clock.now() - AB_BIN_DAYS * DAY, page);
      return { total, data: rows.map(openPeer) };
    },

    /** Takes peers out of the recycle bin (within 30 days; others ignored), under the cap; how many came back. */
    async restorePeers(actor: Actor, viewer: AbViewer, guid: string, ids: string[]): Promise<number> {
      const book = await writable(viewer, guid);
      const cap = await peerCap();
      return change(book, async (tx) => {
        const found = await tx.addressBooks.binnedSince(book.id, ids, clock.now() - AB_BIN_DAYS * DAY);
        await requireRoom(tx, book.id, found.length, cap);
        const restored = await tx.addressBooks.restorePeers(book.id, found, clock.now());
        if (restored > 0) await tx.consoleAudit.insert(audit.row(actor, 'address_book.restore', target(book), { count: found.length, ids: found.slice(0, 100) }));
        return restored;
      });
    },

    /** Deletes for good the peers in recycle bins for more than 30 days (maintenance.ts); how many. */
    async purgeBin(): Promise<number> {
      const before = clock.now() - AB_BIN_DAYS * DAY;
      let total = 0;
      for (;;) {
        const deleted = await store.addressBooks.purgeBin(before, PURGE_BATCH);
        total += deleted;
        if (deleted < PURGE_BATCH) return total;
      }
    },
  };
}

export type AddressBookService = ReturnType<typeof createAddressBookService>;
