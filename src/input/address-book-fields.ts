import { AB_LIMITS, TAG_COLOR_MAX, type AbPeerPatch, type AbTag } from '../domain/address-book.js';
import { AppError } from '../errors.js';

/**
 * What RustDesk clients send to their address books (spec/rustdesk-client-api.md §8.1, §8.3,
 * §8.4), checked field by field: a wrong type or an over-long value is refused with the field's
 * name; keys deskgate does not know are ignored (§12 item 27).
 */

const invalid = (message: string) => new AppError('request.invalid', { message });

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON object body, or `request.invalid`. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw invalid('The body must be a JSON object');
  return body;
}

/** A peer's RustDesk id: non-empty, no control characters, at most 100 characters. */
export function peerId(value: unknown, field = 'id'): string {
  const id = typeof value === 'string' ? value.trim() : '';
  if (id === '' || id.length > AB_LIMITS.peerId || /\p{Cc}/u.test(id)) throw invalid(`${field} must be a RustDesk ID of 1-${AB_LIMITS.peerId} characters`);
  return id;
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw invalid(`${field} must be a string`);
  if (value.length > max) throw invalid(`${field} is longer than ${max} characters`);
  return value;
}

/** A tag's name: non-empty, at most 128 characters, no control characters. */
export function tagName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string' || value === '' || value.length > AB_LIMITS.tagName || /\p{Cc}/u.test(value)) {
    throw invalid(`${field} must be a tag name of 1-${AB_LIMITS.tagName} characters`);
  }
  return value;
}

function tagList(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) throw invalid(`${field} must be an array of tag names`);
  if (value.length > AB_LIMITS.tagsPerPeer) throw invalid(`${field} holds more than ${AB_LIMITS.tagsPerPeer} tags`);
  return [...new Set(value.map((tag) => tagName(tag, `each of ${field}`)))];
}

/** The client sends `"true"`/`"false"` (§8.1); a boolean is taken too. */
function relayFlag(value: unknown, field: string): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false' || value === '') return false;
  throw invalid(`${field} must be "true" or "false"`);
}

/** A port as text (the client's `rdpPort` is a string); a whole number is taken too. */
function portText(value: unknown, field: string): string {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65_535) return String(value);
  return text(value, field, 16);
}

function sameServer(value: unknown, field: string): boolean | null {
  if (value === null || typeof value === 'boolean') return value;
  throw invalid(`${field} must be true, false or null`);
}

/** Each client key (§8.1) with its domain field and how it is read. */
const PEER_KEYS: [key: string, field: keyof AbPeerPatch, read: (value: unknown, key: string) => AbPeerPatch[keyof AbPeerPatch]][] = [
  ['hash', 'hash', (v, k) => text(v, k, AB_LIMITS.hash)],
  ['password', 'password', (v, k) => text(v, k, AB_LIMITS.password)],
  ['username', 'username', (v, k) => text(v, k, AB_LIMITS.text)],
  ['hostname', 'hostname', (v, k) => text(v, k, AB_LIMITS.text)],
  ['platform', 'platform', (v, k) => text(v, k, AB_LIMITS.text)],
  ['alias', 'alias', (v, k) => text(v, k, AB_LIMITS.text)],
  ['tags', 'tags', tagList],
  ['forceAlwaysRelay', 'force_always_relay', relayFlag],
  ['rdpPort', 'rdp_port', portText],
  ['rdpUsername', 'rdp_username', (v, k) => text(v, k, AB_LIMITS.text)],
  ['loginName', 'login_name', (v, k) => text(v, k, AB_LIMITS.text)],
  ['device_group_name', 'device_group_name', (v, k) => text(v, k, AB_LIMITS.text)],
  ['note', 'note', (v, k) => text(v, k, AB_LIMITS.peerNote)],
  ['same_server', 'same_server', sameServer],
];

/**
 * A peer as the client sends it to `peer/add` and `peer/update` (§8.3): its id, and the fields
 * whose keys are present (`only`: the keys to read, for the legacy book's `toCustomJson`).
 */
export function peerInput(body: unknown, only?: readonly string[]): { id: string; fields: AbPeerPatch } {
  const object = objectBody(body);
  const id = peerId(object.id);
  const fields: Record<string, unknown> = {};
  for (const [key, field, read] of PEER_KEYS) {
    if (only && !only.includes(key)) continue;
    if (Object.hasOwn(object, key) && object[key] !== undefined) fields[field] = read(object[key], key);
  }
  return { id, fields: fields as AbPeerPatch };
}

/** A tag's colour: ARGB32 as a whole number (§8.2). */
export function tagColor(value: unknown, field = 'color'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > TAG_COLOR_MAX) {
    throw invalid(`${field} must be a whole number from 0 to ${TAG_COLOR_MAX} (ARGB32)`);
  }
  return value;
}

/** `{name, color}` of `tag/add` and `tag/update`. */
export function tagInput(body: unknown): AbTag {
  const object = objectBody(body);
  return { name: tagName(object.name), color: tagColor(object.color) };
}

/** `{old, new}` of `tag/rename`. */
export function tagRenameInput(body: unknown): { from: string; to: string } {
  const object = objectBody(body);
  return { from: tagName(object.old, 'old'), to: tagName(object.new, 'new') };
}

/** A JSON array of strings (the ids of `DELETE peer`, the names of `DELETE tag`), each read by `read`, without repeats. */
export function stringArray<T extends string>(body: unknown, read: (value: unknown, field: string) => T, what: string): T[] {
  if (!Array.isArray(body)) throw invalid(`The body must be a JSON array of ${what}`);
  if (body.length > AB_LIMITS.perRequest) throw invalid(`At most ${AB_LIMITS.perRequest} ${what} at once`);
  return [...new Set(body.map((value) => read(value, `each of the ${what}`)))];
}

/** The legacy book (§8.4) as its blob holds it: peers (as `toCustomJson`) and tags with colours. */
export interface LegacyBook {
  peers: { id: string; fields: AbPeerPatch }[];
  tags: AbTag[];
}

/** The keys of a legacy blob's peers (`Peer.toCustomJson`, §8.1): other keys are not the legacy book's. */
const LEGACY_PEER_KEYS = ['hash', 'username', 'hostname', 'platform', 'alias', 'tags'] as const;

function parsedJson(value: string, field: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw invalid(`${field} must be JSON text`);
  }
}

/**
 * The `data` of `POST /api/ab` (§8.4, §12 item 11): a JSON string of `{tags, peers, tag_colors}`,
 * `tag_colors` again a JSON string of `{tag: colour}`. A tag without a colour takes `colorOf(tag)`.
 */
export function legacyBookInput(body: unknown, colorOf: (tag: string) => number): LegacyBook {
  const data = objectBody(body).data;
  if (typeof data !== 'string') throw invalid('data must be a JSON string of the address book');
  const book = parsedJson(data, 'data');
  if (!isObject(book)) throw invalid('data must hold a JSON object');
  const peersValue = book.peers ?? [];
  if (!Array.isArray(peersValue)) throw invalid('data.peers must be an array');
  const byId = new Map<string, { id: string; fields: AbPeerPatch }>();
  for (const peer of peersValue) {
    const read = peerInput(peer, LEGACY_PEER_KEYS);
    byId.set(read.id, read);
  }
  let colors: Record<string, unknown> = {};
  if (book.tag_colors !== undefined && book.tag_colors !== null && book.tag_colors !== '') {
    const parsed = typeof book.tag_colors === 'string' ? parsedJson(book.tag_colors, 'data.tag_colors') : book.tag_colors;
    if (!isObject(parsed)) throw invalid('data.tag_colors must be a JSON string of an object');
    colors = parsed;
  }
  const tagsValue = book.tags ?? [];
  if (!Array.isArray(tagsValue)) throw invalid('data.tags must be an array');
  if (tagsValue.length > AB_LIMITS.tagsPerBook) throw invalid(`data.tags holds more than ${AB_LIMITS.tagsPerBook} tags`);
  const names = [...new Set(tagsValue.map((tag) => tagName(tag, 'each of data.tags')))];
  const tags = names.map((name) => ({
    name,
    color: Object.hasOwn(colors, name) ? tagColor(colors[name], `data.tag_colors of ${name.slice(0, 32)}`) : colorOf(name),
  }));
  return { peers: [...byId.values()], tags };
}
