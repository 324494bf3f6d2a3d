import { Type, type Static } from 'typebox';

/**
 * Address books (spec/rustdesk-client-api.md §8): every person's personal book ("My address
 * book", only theirs) and shared books, which people use as their rules say. Clients and
 * scripts name a book by its `guid`.
 */

/** How far a person may use a shared book (§8.2 `AbProfile.rule`). */
export const AbRule = { ReadOnly: 1, ReadWrite: 2, FullControl: 3 } as const;
export type AbRule = (typeof AbRule)[keyof typeof AbRule];

export function isAbRule(value: unknown): value is AbRule {
  return value === 1 || value === 2 || value === 3;
}

export const AbRuleSchema = Type.Unsafe<AbRule>(Type.Integer({ minimum: 1, maximum: 3, description: '1 read-only, 2 read/write, 3 full control' }));

export const AB_KINDS = ['personal', 'shared'] as const;
export type AbKind = (typeof AB_KINDS)[number];

/**
 * The client shows the personal book under this name and keys books by name (§12 item 12): a
 * shared book named like it, or like the legacy book, would replace it. Neither is a shared
 * book's name, in any case.
 */
export const PERSONAL_BOOK_NAME = 'My address book';
export const RESERVED_BOOK_NAMES = [PERSONAL_BOOK_NAME, 'Legacy address book'] as const;

/** What a book, peer or tag may hold: longer text is refused, not cut. */
export const AB_LIMITS = {
  bookName: 64,
  bookNote: 2_000,
  password: 256,
  /** A RustDesk id (custom ids included). */
  peerId: 100,
  /** A peer's text fields: alias, username, hostname … */
  text: 512,
  peerNote: 2_000,
  hash: 512,
  tagName: 128,
  tagsPerPeer: 100,
  tagsPerBook: 1_000,
  /** Ids or tag names in one delete. */
  perRequest: 10_000,
} as const;

/** ARGB32, as the client sends and parses a tag's colour (e.g. 4280391411 > 2^31). */
export const TAG_COLOR_MAX = 0xffff_ffff;

/** A book as the console lists it; its default password is never shown, only whether it has one. */
export const AddressBook = Type.Object({
  guid: Type.String(),
  kind: Type.Unsafe<AbKind>({ type: 'string', enum: [...AB_KINDS] }),
  owner_id: Type.String(),
  owner_name: Type.String(),
  name: Type.String({ maxLength: AB_LIMITS.bookName }),
  note: Type.String({ maxLength: AB_LIMITS.bookNote }),
  has_password: Type.Boolean({ description: 'Whether the book has a default password (for peers without one of their own)' }),
  accept_presets: Type.Boolean({ description: 'Whether devices may add themselves through preset-address-book-* options' }),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
export type AddressBook = Static<typeof AddressBook>;

/** A book listed for someone: how far they may use it, and how many peers it holds (not counting the recycle bin). */
export const AddressBookSummary = Type.Intersect([AddressBook, Type.Object({ rule: AbRuleSchema, peer_count: Type.Integer() })]);
export type AddressBookSummary = Static<typeof AddressBookSummary>;

/** A book as the store keeps it: with its internal id and its sealed default password (null: none). */
export type StoredAddressBook = Omit<AddressBook, 'has_password'> & {
  id: string;
  password: string | null;
  /** Counts the changes to the book's peers and tags (and settings): what was read at one revision holds until the next. */
  revision: number;
};

/** Whom a rule is for. */
export const AB_SUBJECTS = ['user', 'group', 'everyone'] as const;
export type AbSubject = (typeof AB_SUBJECTS)[number];

export const AddressBookRule = Type.Object({
  guid: Type.String(),
  book_guid: Type.String(),
  subject: Type.Unsafe<AbSubject>({ type: 'string', enum: [...AB_SUBJECTS] }),
  /** The user or group it is for (null for everyone). */
  user_id: Type.Union([Type.String(), Type.Null()]),
  group_id: Type.Union([Type.String(), Type.Null()]),
  /** The user's or group's name ('' for everyone). */
  subject_name: Type.String(),
  rule: AbRuleSchema,
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});
export type AddressBookRule = Static<typeof AddressBookRule>;

/** A rule's subject as given to the service. */
export type AbRuleTarget = { user_id: string } | { group_id: string } | { everyone: true };

/**
 * A peer of a book (§8.1), passwords open. `hash` is a personal book's saved password hash (opaque,
 * the client's), `password` a shared book's password for it; each '' in the other kind of book.
 */
export const AbPeer = Type.Object({
  id: Type.String({ maxLength: AB_LIMITS.peerId }),
  hash: Type.String(),
  password: Type.String(),
  username: Type.String(),
  hostname: Type.String(),
  platform: Type.String(),
  alias: Type.String(),
  tags: Type.Array(Type.String()),
  force_always_relay: Type.Boolean(),
  rdp_port: Type.String(),
  rdp_username: Type.String(),
  login_name: Type.String(),
  device_group_name: Type.String(),
  note: Type.String(),
  same_server: Type.Union([Type.Boolean(), Type.Null()]),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
  /** When it went to the recycle bin; null while in the book. */
  deleted_at: Type.Union([Type.Integer(), Type.Null()]),
});
export type AbPeer = Static<typeof AbPeer>;

/** What a write may set on a peer: only the fields present change (§8.3 `peer/update`). */
export type AbPeerFields = Omit<AbPeer, 'id' | 'created_at' | 'updated_at' | 'deleted_at'>;
export type AbPeerPatch = Partial<AbPeerFields>;

/** A peer as the store keeps it: `hash` and `password` sealed ('' when none). */
export type StoredAbPeer = AbPeer;

export const AbTag = Type.Object({
  name: Type.String({ maxLength: AB_LIMITS.tagName }),
  color: Type.Integer({ minimum: 0, maximum: TAG_COLOR_MAX, description: 'ARGB32' }),
});
export type AbTag = Static<typeof AbTag>;

/** Who uses a book: their rules apply, unless they own it or are an administrator (full control of shared books). */
export interface AbViewer {
  user_id: string;
  is_admin: boolean;
  /** Asking from the console (admin or account API): there an administrator may open anyone's personal book. */
  console?: boolean;
}

/**
 * The colour the client gives a tag that has none (`str2color` in flutter/lib/common.dart, on
 * 64-bit ints): the legacy book may name tags without colours, and every tag the client pulls
 * needs one (§12 item 7). Its seed `160 << 16 + 114 << 8 + 91` is 0 there (`+` binds first).
 */
export function defaultTagColor(name: string): number {
  let hash = 0n;
  for (let i = 0; i < name.length; i++) hash = BigInt.asIntN(64, BigInt(name.charCodeAt(i)) + ((hash << 5n) - hash));
  const m = 16_777_216n;
  const rgb = ((hash % m) + m) % m;
  return Number((rgb & 0xff7fffn) | 0xff000000n);
}
