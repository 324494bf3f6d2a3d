/**
 * The RustDesk client's address-book parsers as strict models (spec/rustdesk-client-api.md §8,
 * §10, §12 items 6, 7, 11, 13): each throws, as Dart's typed fields would (a `TypeError` there
 * aborts the whole pull), on a value of the wrong type, and also on values Dart reads without
 * an error but wrongly (`forceAlwaysRelay: true` reads as false). Each returns what the client
 * would hold.
 */

export class ClientParseError extends Error {}

const fail = (message: string): never => {
  throw new ClientParseError(message);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Dart `String? x = json[k]`, then `?? ''`. */
function str(json: Record<string, unknown>, key: string, where: string): string {
  const value = json[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') fail(`${where}.${key} must be a string or null, not ${JSON.stringify(value)}`);
  return value as string;
}

function int(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(`${where} must be an int, not ${JSON.stringify(value)}`);
  return value as number;
}

export interface ClientPeer {
  id: string;
  hash: string;
  password: string;
  username: string;
  hostname: string;
  platform: string;
  alias: string;
  tags: unknown[];
  forceAlwaysRelay: boolean;
  rdpPort: string;
  rdpUsername: string;
  loginName: string;
  device_group_name: string;
  note: string;
  sameServer: boolean | null;
}

/** `Peer.fromJson` (flutter/lib/models/peer_model.dart, §8.1). */
export function parsePeer(json: unknown, where = 'peer'): ClientPeer {
  if (!isObject(json)) return fail(`${where} must be an object`);
  const tags = json.tags ?? [];
  if (!Array.isArray(tags)) fail(`${where}.tags must be a list, not ${JSON.stringify(json.tags)}`);
  const relay = json.forceAlwaysRelay;
  // Dart reads `== 'true'`: anything but the strings makes a peer silently lose the setting.
  if (relay !== undefined && relay !== null && relay !== 'true' && relay !== 'false') fail(`${where}.forceAlwaysRelay must be "true" or "false", not ${JSON.stringify(relay)}`);
  const sameServer = json.same_server;
  if (sameServer !== undefined && sameServer !== null && typeof sameServer !== 'boolean') fail(`${where}.same_server must be a bool or null, not ${JSON.stringify(sameServer)}`);
  return {
    id: str(json, 'id', where),
    hash: str(json, 'hash', where),
    password: str(json, 'password', where),
    username: str(json, 'username', where),
    hostname: str(json, 'hostname', where),
    platform: str(json, 'platform', where),
    alias: str(json, 'alias', where),
    tags: tags as unknown[],
    forceAlwaysRelay: relay === 'true',
    rdpPort: str(json, 'rdpPort', where),
    rdpUsername: str(json, 'rdpUsername', where),
    loginName: str(json, 'loginName', where),
    device_group_name: str(json, 'device_group_name', where),
    note: typeof json.note === 'string' ? json.note : '',
    sameServer: (sameServer ?? null) as boolean | null,
  };
}

export interface ClientAbProfile {
  guid: string;
  name: string;
  owner: string;
  note: string;
  rule: number;
  info: unknown;
}

/** `AbProfile.fromJson` (flutter/lib/common/hbbs/hbbs.dart, §8.2). */
export function parseAbProfile(json: unknown, where = 'profile'): ClientAbProfile {
  if (!isObject(json)) return fail(`${where} must be an object`);
  for (const key of ['guid', 'name', 'owner']) if (typeof json[key] !== 'string') fail(`${where}.${key} must be a string`);
  if (json.note !== undefined && json.note !== null && typeof json.note !== 'string') fail(`${where}.note must be a string or null`);
  const rule = int(json.rule, `${where}.rule`);
  if (![1, 2, 3].includes(rule)) fail(`${where}.rule must be 1, 2 or 3`);
  return { guid: json.guid as string, name: json.name as string, owner: json.owner as string, note: (json.note as string | undefined) ?? '', rule, info: json.info };
}

/** The default password the client takes from `info` (an object with a non-empty string `password`). */
export function defaultPassword(profile: ClientAbProfile): string {
  return isObject(profile.info) && typeof profile.info.password === 'string' ? profile.info.password : '';
}

/** `AbTag.fromJson` over the bare array of `/api/ab/tags/{guid}` (§8.2, §12 item 7). */
export function parseTags(json: unknown): { name: string; color: number }[] {
  if (!Array.isArray(json)) return fail('tags must be a bare JSON array');
  return json.map((tag, i) => {
    if (!isObject(tag)) return fail(`tags[${i}] must be an object`);
    if (typeof tag.name !== 'string') fail(`tags[${i}].name must be a string`);
    return { name: tag.name as string, color: int(tag.color, `tags[${i}].color`) };
  });
}

/** One page (§10): `total` an int (else `data` is dropped), `data` a list, each item parsed. */
export function parsePage<T>(json: unknown, item: (value: unknown, where: string) => T): { total: number; data: T[] } {
  if (!isObject(json)) return fail('page must be an object');
  if ('error' in json) fail(`page has error ${JSON.stringify(json.error)}`);
  const total = int(json.total, 'total');
  if (!Array.isArray(json.data)) return fail('data must be a list');
  return { total, data: json.data.map((value, i) => item(value, `data[${i}]`)) };
}

/**
 * `LegacyAb` pull (§8.4, §12 item 11): `null` is an empty book; else `data` is a JSON string of
 * `{tags, peers, tag_colors}` whose `tag_colors` is itself a JSON string of `{tag: int}`.
 */
export function parseLegacyAb(body: string): { tags: string[]; peers: ClientPeer[]; tagColors: Record<string, number> } {
  if (body.trim().toLowerCase() === 'null') return { tags: [], peers: [], tagColors: {} };
  const json: unknown = JSON.parse(body);
  if (!isObject(json)) return fail('legacy body must be an object or null');
  if ('error' in json) fail(`legacy body has error ${JSON.stringify(json.error)}`);
  if (typeof json.data !== 'string') return fail('data must be a JSON string');
  const data: unknown = JSON.parse(json.data);
  if (!isObject(data)) return fail('data must hold an object');
  const tags = data.tags ?? [];
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== 'string')) fail('data.tags must be a list of strings');
  const peers = data.peers ?? [];
  if (!Array.isArray(peers)) return fail('data.peers must be a list');
  const tagColors: Record<string, number> = {};
  if (data.tag_colors !== undefined) {
    if (typeof data.tag_colors !== 'string') fail('data.tag_colors must be a JSON string');
    const colors: unknown = JSON.parse(data.tag_colors as string);
    if (!isObject(colors)) return fail('tag_colors must hold an object');
    for (const [name, color] of Object.entries(colors)) tagColors[name] = int(color, `tag_colors.${name}`);
  }
  return { tags: tags as string[], peers: peers.map((peer, i) => parsePeer(peer, `data.peers[${i}]`)), tagColors };
}

/**
 * A mutation's answer as `AbModel` judges it (§8.3, §12 items 1 and 4): success is status 200
 * with an empty body; anything else, a 204 or a `{}` included, counts as failed, and a body's
 * `error` is what the client shows.
 */
export function parseMutationAnswer(status: number, body: string): void {
  if (status !== 200) fail(`a change answered ${status}, not 200`);
  if (body !== '') fail(`a change answered a body (${body.slice(0, 80)}), not an empty one`);
}
