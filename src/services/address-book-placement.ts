import type { Clock } from '../clock.js';
import { AB_LIMITS, defaultTagColor, type StoredAbPeer, type StoredAddressBook } from '../domain/address-book.js';
import type { Store } from '../store/index.js';
import type { Actor, AuditService } from './audit.js';
import type { SecretBox } from './secret-box.js';
import type { SettingsService } from './settings.js';

/** A device as it goes into a shared book: its id, what was asked for it, and what its sysinfo says. */
export interface Placement {
  id: string;
  /** A tag name, made in the book (with the client's default colour) if it has none of this name. */
  tag?: string | undefined;
  alias?: string | undefined;
  /** Open here; sealed when written. */
  password?: string | undefined;
  note?: string | undefined;
  /** From the device's sysinfo, written when the peer is added. */
  username: string;
  hostname: string;
  platform: string;
}

/**
 * The one shared book of a name and the `max_peer_one_ab` cap (0: none), both read before the
 * caller's transaction (on SQLite a read outside it would wait for it); or why there is no book.
 */
export type NamedBook = { book: StoredAddressBook; cap: number } | { problem: 'not_found' | 'ambiguous' };

/**
 * What `place` did: the peer was `added`, its given fields `updated`, or nothing changed because
 * it was already there (`unchanged` with `update`, `exists` without), the book went (`gone`), does
 * not take presets (`not_accepting`) or holds `max_peer_one_ab` peers (`full`). `tag` says what
 * became of the tag asked for.
 */
export type PlaceOutcome =
  | { result: 'added' | 'updated' | 'unchanged'; book: StoredAddressBook; tag: 'none' | 'created' | 'existing' | 'too_many' }
  | { result: 'gone' | 'not_accepting' | 'full' | 'exists'; cap: number };

/**
 * The RustDesk platform name (§8.1: "Windows", "Linux", "Mac OS", "Android") of a sysinfo `os`,
 * `<distribution id> / <long version>` (§5.3); '' when the device said nothing.
 */
export function platformOf(os: string): string {
  const distribution = (os.split(' / ')[0] ?? '').trim().toLowerCase();
  if (distribution === '') return '';
  if (distribution === 'windows') return 'Windows';
  if (distribution === 'macos' || distribution === 'darwin') return 'Mac OS';
  if (distribution === 'android') return 'Android';
  if (distribution === 'ios') return 'iOS';
  // Every other distribution id is a Linux distribution's (ubuntu, debian, fedora, arch …).
  return 'Linux';
}

/**
 * Devices put into shared address books without a signed-in client (spec/rustdesk-client-api.md
 * §5.3 `preset-address-book-*`, §5.4 `rustdesk --assign --address_book_*`): the book is found
 * by name, the peer written in the caller's transaction under the book's lock and the
 * `max_peer_one_ab` cap, its password sealed as the address-book service seals it, and the
 * change recorded in the console audit against the book.
 */
export function createAddressBookPlacement(deps: { store: Store; clock: Clock; audit: AuditService; settings: Pick<SettingsService, 'get'>; secretBox: SecretBox }) {
  const { store, clock, audit, settings, secretBox } = deps;
  const seal = (plain: string) => (plain === '' ? '' : secretBox.seal(plain));

  return {
    /**
     * The shared book of this name, ignoring case. Names are unique per owner only, and a
     * client keys books by name (§12 item 12): with several, none is guessed.
     */
    async findShared(name: string): Promise<NamedBook> {
      const found = await store.addressBooks.findSharedNamed(name.trim(), 2);
      if (found.length === 0) return { problem: 'not_found' };
      if (found.length > 1) return { problem: 'ambiguous' };
      return { book: found[0]!, cap: await settings.get('max_peer_one_ab') };
    },

    /**
     * Within `tx`: puts the device into the book `findShared` found (read again under its lock), or, with `update`,
     * changes the fields given on the peer already there (its tag added to its tags). A peer in
     * the recycle bin is replaced, as a new one, under the cap. With `presetsOnly` a book that
     * does not accept presets is left alone. The audit record names `actor` and `via`.
     */
    async place(tx: Store, actor: Actor, named: { book: StoredAddressBook; cap: number }, input: Placement, options: { update: boolean; presetsOnly: boolean; via: string }): Promise<PlaceOutcome> {
      const { cap } = named;
      await tx.addressBooks.lock(named.book.id);
      const book = await tx.addressBooks.findById(named.book.id);
      if (!book || book.kind !== 'shared') return { result: 'gone', cap };
      if (options.presetsOnly && !book.accept_presets) return { result: 'not_accepting', cap };
      const existing = await tx.addressBooks.findPeer(book.id, input.id);
      const inBook = existing !== undefined && existing.deleted_at === null;
      if (inBook && !options.update) return { result: 'exists', cap };
      if (!inBook && cap > 0 && (await tx.addressBooks.countPeers(book.id)) + 1 > cap) return { result: 'full', cap };

      const now = clock.now();
      let tag: 'none' | 'created' | 'existing' | 'too_many' = 'none';
      if (input.tag !== undefined) {
        if ((await tx.addressBooks.listTags(book.id)).some((t) => t.name === input.tag)) tag = 'existing';
        else if ((await tx.addressBooks.countTags(book.id)) >= AB_LIMITS.tagsPerBook) tag = 'too_many';
        else tag = (await tx.addressBooks.insertTag(book.id, { name: input.tag, color: defaultTagColor(input.tag) }, now)) ? 'created' : 'existing';
      }
      const tagged = input.tag !== undefined && tag !== 'too_many';
      const target = { type: 'address_book', id: book.guid, name: book.name };

      if (!inBook) {
        const peer: StoredAbPeer = {
          id: input.id,
          hash: '',
          password: seal(input.password ?? ''),
          username: input.username,
          hostname: input.hostname,
          platform: input.platform,
          alias: input.alias ?? '',
          tags: tagged ? [input.tag!] : [],
          force_always_relay: false,
          rdp_port: '',
          rdp_username: '',
          login_name: '',
          device_group_name: '',
          note: input.note ?? '',
          same_server: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        };
        await tx.addressBooks.putPeer(book.id, peer);
        await tx.consoleAudit.insert(audit.row(actor, 'address_book.peer_add', target, { id: input.id, via: options.via }));
        return { result: 'added', book, tag };
      }

      const patch: Partial<StoredAbPeer> = {};
      if (input.alias !== undefined && input.alias !== existing.alias) patch.alias = input.alias;
      if (input.note !== undefined && input.note !== existing.note) patch.note = input.note;
      if (input.password !== undefined) patch.password = seal(input.password);
      if (tagged && !existing.tags.includes(input.tag!)) patch.tags = [...existing.tags, input.tag!];
      if (Object.keys(patch).length === 0) return { result: 'unchanged', book, tag };
      await tx.addressBooks.updatePeer(book.id, input.id, patch, now);
      // Which fields changed, never their values (a password may be one).
      await tx.consoleAudit.insert(audit.row(actor, 'address_book.peer_update', target, { id: input.id, fields: Object.keys(patch), via: options.via }));
      return { result: 'updated', book, tag };
    },
  };
}

export type AddressBookPlacement = ReturnType<typeof createAddressBookPlacement>;
