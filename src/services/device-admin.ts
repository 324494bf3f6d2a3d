import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { AB_LIMITS, type StoredAddressBook } from '../domain/address-book.js';
import type { DeviceFilter, ListedDevice } from '../domain/device.js';
import type { Store } from '../store/index.js';
import type { DeviceUpdate } from '../store/devices.js';
import type { PageRequest } from '../store/paging.js';
import { platformOf, type AddressBookPlacement } from './address-book-placement.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireScope, type Authority } from './authority.js';
import type { SettingsService } from './settings.js';

/**
 * A device counts as online when its latest heartbeat is at most this old. Clients send one every
 * 15 s, every 3 s during a session (spec/rustdesk-client-api.md §5.1): a minute is four missed
 * heartbeats, so a busy network does not make devices flicker, and a device that is turned off
 * shows offline within a minute.
 */
export const ONLINE_WITHIN_MS = 60_000;

/** What an administrator sees of a device. The uuid is left out: with the id it is all a device call needs. */
export interface DeviceView {
  id: string;
  hostname: string;
  username: string;
  os: string;
  cpu: string;
  memory: string;
  version: string;
  ver: number;
  alias: string;
  note: string;
  enabled: boolean;
  /** False while it waits for an administrator's approval (admission `approval`). */
  approved: boolean;
  owner: { id: string; name: string } | null;
  group: { id: string; name: string } | null;
  online: boolean;
  conns: number[];
  last_online_at: number;
  /** When its system information was last uploaded; 0 while deskgate has asked for it again. */
  sysinfo_at: number;
  created_at: number;
  updated_at: number;
}

/**
 * What a person sees of a device they own (the console's My devices): the device itself, and
 * nothing about other people (no owner, no ids of groups, no live connection ids).
 */
export interface OwnDeviceView {
  id: string;
  alias: string;
  hostname: string;
  username: string;
  os: string;
  version: string;
  note: string;
  enabled: boolean;
  group_name: string | null;
  online: boolean;
  last_online_at: number;
}

export interface DevicePatch {
  alias?: string | undefined;
  note?: string | undefined;
  enabled?: boolean | undefined;
  /** A device group id, or null for none. */
  group_id?: string | null | undefined;
  /** A user id, or null for none. */
  user_id?: string | null | undefined;
}

/** `rustdesk --assign` (spec/rustdesk-client-api.md §5.4): what the command line sends besides id and uuid. */
export interface AssignInput {
  user_name?: string;
  device_group_name?: string;
  note?: string;
  device_username?: string;
  device_name?: string;
  /** A shared book, by name, to add the device to (or update it in) with the other `address_book_*` fields. */
  address_book_name?: string;
  address_book_tag?: string;
  address_book_alias?: string;
  address_book_password?: string;
  address_book_note?: string;
}

export type DeployResult = 'OK' | 'NOT_ENABLED' | 'INVALID_INPUT' | 'ID_TAKEN';

const ID_MAX = 100;
const UUID_MAX = 512;
const FIELD_MAX = 512;

/** `rustdesk --assign` fields for parts deskgate does not have yet: refused by name, never ignored. */
const NOT_YET: Record<string, string> = {
  strategy_name: 'strategies are not supported yet',
};

/** The `address_book_*` fields of `rustdesk --assign` (§5.4), each with its longest value. */
const BOOK_FIELDS = {
  address_book_name: AB_LIMITS.bookName,
  address_book_tag: AB_LIMITS.tagName,
  address_book_alias: AB_LIMITS.text,
  address_book_password: AB_LIMITS.password,
  address_book_note: AB_LIMITS.peerNote,
} as const;

function view(device: ListedDevice, now: number): DeviceView {
  return {
    id: device.id,
    hostname: device.hostname,
    username: device.username,
    os: device.os,
    cpu: device.cpu,
    memory: device.memory,
    version: device.version,
    ver: device.ver,
    alias: device.alias,
    note: device.note,
    enabled: device.enabled,
    approved: device.approved,
    owner: device.user_id && device.owner_name !== null ? { id: device.user_id, name: device.owner_name } : null,
    group: device.group_id && device.group_name !== null ? { id: device.group_id, name: device.group_name } : null,
    online: device.last_online_at >= now - ONLINE_WITHIN_MS,
    conns: device.conns,
    last_online_at: device.last_online_at,
    sysinfo_at: device.sysinfo_at,
    created_at: device.created_at,
    updated_at: device.updated_at,
  };
}

/** A shared book named in a request that names none, or several (§12 item 12: a name must pick one). */
function bookNotFound(problem: 'not_found' | 'ambiguous', name: string): AppError {
  if (problem === 'ambiguous') {
    return new AppError('addressbook.ambiguous_name', { message: `Several shared address books are named ${name}; rename all but one of them, then try again. Nothing was changed` });
  }
  return new AppError('addressbook.not_found', { message: `No shared address book named ${name}; nothing was changed` });
}

const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max && !/\p{Cc}/u.test(value);

/** A device id and uuid as a client sends them, or undefined. */
function identity(body: Record<string, unknown>): { id: string; uuid: string } | undefined {
  const { id, uuid } = body;
  if (!isText(id, ID_MAX) || id.trim() === '' || /\s/.test(id)) return undefined;
  if (!isText(uuid, UUID_MAX) || uuid === '') return undefined;
  return { id, uuid };
}

/** A base64 Ed25519 public key: exactly 32 bytes, standard alphabet, padded (§5.5). */
function isPublicKey(value: unknown): boolean {
  return typeof value === 'string' && /^[A-Za-z0-9+/]{43}=$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

/**
 * Devices as administrators manage them (the console's Devices page, `/api/admin/devices`, and
 * `rustdesk --assign`): every change is written with its console audit record.
 */
export function createDeviceAdmin(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  placement: AddressBookPlacement;
  settings: SettingsService;
  forget?: (id: string) => void;
}) {
  const { store, clock, audit, placement, settings, forget = () => {} } = deps;

  /**
   * A RustDesk client signed in (a password or a single sign-on collected): the device with that
   * id and the same uuid gets that person as its owner. A device not yet known gets its owner
   * when it becomes known (ownerOfNewDevice); another machine's uuid changes nothing.
   */
  async function ownerFromSignIn(userId: string, device: { deviceId: string; uuid: string; ip: string }): Promise<void> {
    if (!device.deviceId || !device.uuid) return;
    await store.transaction(async (tx) => {
      if (!(await tx.devices.claim(device.deviceId, device.uuid, userId, clock.now()))) return;
      const user = await tx.users.findById(userId);
      const known = await tx.devices.findById(device.deviceId);
      const actor: Actor = { type: 'user', id: userId, name: user?.name ?? userId, ip: device.ip };
      await tx.consoleAudit.insert(
        audit.row(actor, 'device.owner_from_sign_in', known ? target(known) : { type: 'device', id: device.deviceId, name: device.deviceId }, { owner: user?.name ?? userId }),
      );
    });
  }

  async function get(id: string): Promise<DeviceView> {
    const device = await store.devices.findListed(id);
    if (!device) throw new AppError('device.not_found');
    return view(device, clock.now());
  }

  const target = (device: { id: string; alias: string; hostname: string }) => ({ type: 'device', id: device.id, name: device.alias || device.hostname || device.id });

  return {
    /** One page of devices, the latest heard from first; `online` is a heartbeat within ONLINE_WITHIN_MS. */
    async list(filter: { search?: string | undefined; online?: boolean | undefined; group_id?: string | undefined; user_id?: string | undefined }, page: PageRequest) {
      const now = clock.now();
      const query: DeviceFilter = {
        search: filter.search?.trim() || undefined,
        online: filter.online === undefined ? undefined : { since: now - ONLINE_WITHIN_MS, online: filter.online },
        group_id: filter.group_id,
        user_id: filter.user_id,
      };
      const { total, rows } = await store.devices.list(query, page);
      return { total, data: rows.map((device) => view(device, now)) };
    },

    get,

    /** Changes what an administrator may set on a device; the owner and the group must exist. */
    async update(actor: Actor, id: string, patch: DevicePatch): Promise<DeviceView> {
      const device = await store.devices.findListed(id);
      if (!device) throw new AppError('device.not_found');
      const changes: Omit<DeviceUpdate, 'updated_at'> = {};
      const detail: Record<string, unknown> = {};
      if (patch.alias !== undefined && patch.alias !== device.alias) changes.alias = detail.alias = patch.alias;
      if (patch.note !== undefined && patch.note !== device.note) changes.note = detail.note = patch.note;
      if (patch.enabled !== undefined && patch.enabled !== device.enabled) changes.enabled = detail.enabled = patch.enabled;
      if (patch.user_id !== undefined && patch.user_id !== device.user_id) {
        const user = patch.user_id === null ? null : await store.users.findById(patch.user_id);
        if (user === undefined) throw new AppError('user.not_found');
        changes.user_id = user?.id ?? null;
        detail.owner = user?.name ?? null;
      }
      if (patch.group_id !== undefined && patch.group_id !== device.group_id) {
        const group = patch.group_id === null ? null : await store.deviceGroups.findById(patch.group_id);
        if (group === undefined) throw new AppError('device.group_not_found');
        changes.group_id = group?.id ?? null;
        detail.group = group?.name ?? null;
      }
      if (Object.keys(changes).length > 0) {
        await store.transaction(async (tx) => {
          await tx.devices.update(id, { ...changes, updated_at: clock.now() });
          await tx.consoleAudit.insert(audit.row(actor, 'device.update', target(device), detail));
        });
      }
      return get(id);
    },

    /**
     * Forgets a device. A device that still runs RustDesk is asked for its system information at
     * its next heartbeat and comes back as new (without owner, group, alias or note).
     */
    async delete(actor: Actor, id: string): Promise<void> {
      const device = await store.devices.findById(id);
      if (!device) throw new AppError('device.not_found');
      await store.transaction(async (tx) => {
        if (!(await tx.devices.delete(id))) throw new AppError('device.not_found');
        await tx.consoleAudit.insert(audit.row(actor, 'device.delete', target(device), { hostname: device.hostname }));
      });
      forget(id);
    },

    /** Clears the device's system information date: its next heartbeat answers `sysinfo` (§5.2), on any instance. */
    async refreshSysinfo(actor: Actor, id: string): Promise<DeviceView> {
      const device = await store.devices.findById(id);
      if (!device) throw new AppError('device.not_found');
      await store.transaction(async (tx) => {
        await tx.devices.update(id, { sysinfo_at: 0, updated_at: clock.now() });
        await tx.consoleAudit.insert(audit.row(actor, 'device.refresh_sysinfo', target(device)));
      });
      forget(id);
      return get(id);
    },

    /**
     * Closes a live connection: the device's next heartbeat, on whichever instance, answers
     * `disconnect` with it (§5.2). Only a connection the device reported at its latest heartbeat.
     */
    async disconnect(actor: Actor, id: string, connId: number): Promise<void> {
      const device = await store.devices.findById(id);
      if (!device) throw new AppError('device.not_found');
      if (!device.conns.includes(connId)) throw new AppError('device.conn_not_live');
      await store.transaction(async (tx) => {
        await tx.devices.addDisconnect(id, connId, clock.now());
        await tx.consoleAudit.insert(audit.row(actor, 'device.disconnect', target(device), { conn_id: connId }));
      });
    },

    /**
     * POST /api/devices/cli (`rustdesk --assign`, §5.4): sets the owner (an existing user, by
     * name), the device group (an existing one, by name, ignoring case), the note, the desktop
     * username and the device name of the device with this id and uuid, and puts it into a
     * shared address book found by name (`address_books:write` too), with a tag (made if the
     * book lacks it), alias, password and note, under the book's cap; a peer already there gets
     * the fields given. The strategy field is refused by name. A refusal changes nothing.
     */
    async assign(actor: Actor, body: Record<string, unknown>, authority?: Authority): Promise<void> {
      const device = identity(body);
      if (!device) throw new AppError('request.invalid', { message: 'id and uuid must be the device’s RustDesk id and uuid' });
      const refused = Object.keys(NOT_YET).filter((key) => body[key] !== undefined && body[key] !== null && body[key] !== '');
      if (refused.length > 0) {
        const reasons = [...new Set(refused.map((key) => NOT_YET[key]))].join('; ');
        throw new AppError('device.unsupported', { message: `${refused.join(', ')}: ${reasons}; nothing was changed` });
      }
      const input: AssignInput = {};
      for (const key of ['user_name', 'device_group_name', 'note', 'device_username', 'device_name'] as const) {
        const value = body[key];
        if (value === undefined || value === null || value === '') continue;
        if (!isText(value, FIELD_MAX)) throw new AppError('request.invalid', { message: `${key} must be text of at most ${FIELD_MAX} characters` });
        input[key] = value.trim();
      }
      for (const [key, max] of Object.entries(BOOK_FIELDS) as [keyof typeof BOOK_FIELDS, number][]) {
        const value = body[key];
        if (value === undefined || value === null || value === '') continue;
        if (!isText(value, max)) throw new AppError('request.invalid', { message: `${key} must be text of at most ${max} characters, without control characters` });
        // A password is taken as sent: spaces may be part of it.
        input[key] = key === 'address_book_password' ? value : value.trim();
      }
      const bookFields = (Object.keys(BOOK_FIELDS) as (keyof typeof BOOK_FIELDS)[]).filter((key) => input[key] !== undefined && input[key] !== '');
      if (bookFields.length > 0 && !input.address_book_name) {
        throw new AppError('request.invalid', { message: `${bookFields.join(', ')} need address_book_name, the shared address book to put the device in` });
      }
      if (Object.keys(input).length === 0) throw new AppError('device.nothing_to_assign');
      if (input.address_book_name) requireScope(authorityFor(actor, authority), 'address_books:write', 'Putting a device into an address book');
      const known = await store.devices.findById(device.id);
      if (!known || known.uuid !== device.uuid) {
        throw new AppError('device.not_found', {
          message: `No device with id ${device.id} and this machine’s uuid has reported to deskgate; start RustDesk on it with deskgate as its API server, then try again`,
        });
      }
      const changes: Omit<DeviceUpdate, 'updated_at'> = {};
      const detail: Record<string, unknown> = {};
      if (input.user_name !== undefined) {
        const user = await store.users.findByName(input.user_name);
        if (!user) throw new AppError('user.not_found', { message: `No user named ${input.user_name}` });
        changes.user_id = user.id;
        detail.owner = user.name;
      }
      if (input.device_group_name !== undefined) {
        const group = await store.deviceGroups.findByName(input.device_group_name);
        if (!group) throw new AppError('device.group_not_found', { message: `No device group named ${input.device_group_name}` });
        changes.group_id = group.id;
        detail.group = group.name;
      }
      if (input.note !== undefined) changes.note = detail.note = input.note;
      if (input.device_username !== undefined) changes.username = detail.username = input.device_username;
      if (input.device_name !== undefined) changes.hostname = detail.hostname = input.device_name;
      const bookName = input.address_book_name;
      let named: { book: StoredAddressBook; cap: number } | undefined;
      if (bookName !== undefined) {
        const found = await placement.findShared(bookName);
        if ('problem' in found) throw bookNotFound(found.problem, bookName);
        named = found;
        detail.address_book = found.book.name;
        if (input.address_book_tag !== undefined) detail.address_book_tag = input.address_book_tag;
        if (input.address_book_alias !== undefined) detail.address_book_alias = input.address_book_alias;
        if (input.address_book_note !== undefined) detail.address_book_note = input.address_book_note;
        // Whether one was given, never the password.
        if (input.address_book_password !== undefined) detail.address_book_password = 'set';
      }
      await store.transaction(async (tx) => {
        if (Object.keys(changes).length > 0) await tx.devices.update(device.id, { ...changes, updated_at: clock.now() });
        if (bookName !== undefined && named !== undefined) {
          const peer = {
            id: device.id,
            tag: input.address_book_tag,
            alias: input.address_book_alias,
            password: input.address_book_password,
            note: input.address_book_note,
            username: changes.username ?? known.username,
            hostname: changes.hostname ?? known.hostname,
            platform: platformOf(known.os),
          };
          const outcome = await placement.place(tx, actor, named, peer, { update: true, presetsOnly: false, via: 'rustdesk --assign' });
          if (outcome.result === 'gone') throw bookNotFound('not_found', bookName);
          if (outcome.result === 'full') {
            throw new AppError('addressbook.peer_limit', {
              message: `The address book ${bookName} holds the most devices allowed (max_peer_one_ab ${outcome.cap}); nothing was changed`,
            });
          }
          if ((outcome.result === 'added' || outcome.result === 'updated' || outcome.result === 'unchanged') && outcome.tag === 'too_many') {
            throw new AppError('addressbook.too_many_tags', { message: `The address book ${bookName} has the most tags allowed (${AB_LIMITS.tagsPerBook}); nothing was changed` });
          }
          detail.address_book_peer = outcome.result;
        }
        await tx.consoleAudit.insert(audit.row(actor, 'device.assign', target(known), detail));
      });
    },

    /**
     * POST /api/devices/deploy (`rustdesk --deploy`, §5.5). Deployment is required only while
     * admission is `deployment` (rendezvous.admission); otherwise a well-formed request whose id
     * is free answers NOT_ENABLED ("The server does not require explicit deployment"). With it,
     * the device is stored (or marked) as deployed with its key, so its registration with the
     * rendezvous server is accepted. A malformed request is INVALID_INPUT, and an id bound to
     * another machine's uuid is ID_TAKEN.
     */
    async deploy(actor: Actor, body: Record<string, unknown>): Promise<DeployResult> {
      const device = identity(body);
      const pk = body.pk;
      if (!device || typeof pk !== 'string' || !isPublicKey(pk)) return 'INVALID_INPUT';
      const known = await store.devices.findById(device.id);
      if (known && known.uuid !== device.uuid) return 'ID_TAKEN';
      if ((await settings.get('rendezvous.admission')) !== 'deployment') return 'NOT_ENABLED';
      const now = clock.now();
      const deployed = await store.transaction(async (tx) => {
        const stored = known
          ? await tx.devices.markDeployed(device.id, device.uuid, pk, now)
          : await tx.devices.insert({
              id: device.id, uuid: device.uuid, hostname: '', username: '', os: '', cpu: '', memory: '', version: '', ver: 0, user_id: null, group_id: null,
              alias: '', note: '', enabled: true, conns: [], strategy_modified_at: 0, sysinfo_at: 0, last_online_at: 0, created_at: now, updated_at: now,
              pk, approved: true, deployed: true,
            });
        if (!stored) return false;
        await tx.consoleAudit.insert(audit.row(actor, 'device.deploy', { type: 'device', id: device.id, name: known ? target(known).name : device.id }));
        return true;
      });
      forget(device.id);
      // Not stored: the id was taken by another machine a moment ago.
      return deployed ? 'OK' : 'ID_TAKEN';
    },

    /**
     * Lets people connect to a device that waits for approval (admission `approval`). Approving
     * an approved device changes nothing and writes no record.
     */
    async approve(actor: Actor, id: string): Promise<DeviceView> {
      const device = await store.devices.findById(id);
      if (!device) throw new AppError('device.not_found');
      if (!device.approved) {
        await store.transaction(async (tx) => {
          await tx.devices.update(id, { approved: true, updated_at: clock.now() });
          await tx.consoleAudit.insert(audit.row(actor, 'device.approve', target(device)));
        });
        forget(id);
      }
      return get(id);
    },

    ownerFromSignIn,

    /**
     * A device new to deskgate (its first sysinfo, or its first registration with the rendezvous
     * server): whoever signed in on it before it was known (a live token naming its id and uuid)
     * becomes its owner, as if they had signed in now. An owner given by a preset stays.
     */
    async ownerOfNewDevice(device: { id: string; uuid: string; ip: string }): Promise<void> {
      const userId = await store.accessTokens.signedInOn(device.id, device.uuid, clock.now());
      if (!userId || (await store.devices.findById(device.id))?.user_id !== null) return;
      await ownerFromSignIn(userId, { deviceId: device.id, uuid: device.uuid, ip: device.ip });
    },

    /**
     * One page of the devices `userId` owns (`devices.user_id`), the latest heard from first, as
     * the owner sees them. Devices of other people and devices without an owner never appear.
     */
    async listOwn(userId: string, filter: { search?: string | undefined; online?: boolean | undefined }, page: PageRequest): Promise<{ total: number; data: OwnDeviceView[] }> {
      // The store leaves an empty user_id unfiltered: that would be every device.
      if (!userId) throw new AppError('auth.required');
      const now = clock.now();
      const query: DeviceFilter = {
        search: filter.search?.trim() || undefined,
        online: filter.online === undefined ? undefined : { since: now - ONLINE_WITHIN_MS, online: filter.online },
        user_id: userId,
      };
      const { total, rows } = await store.devices.list(query, page);
      const data = rows
        .filter((device) => device.user_id === userId)
        .map((device) => ({
          id: device.id,
          alias: device.alias,
          hostname: device.hostname,
          username: device.username,
          os: device.os,
          version: device.version,
          note: device.note,
          enabled: device.enabled,
          group_name: device.group_id ? device.group_name : null,
          online: device.last_online_at >= now - ONLINE_WITHIN_MS,
          last_online_at: device.last_online_at,
        }));
      return { total, data };
    },
  };
}

export type DeviceAdmin = ReturnType<typeof createDeviceAdmin>;
