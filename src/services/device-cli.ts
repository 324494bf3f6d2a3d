import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { AB_LIMITS, type StoredAddressBook } from '../domain/address-book.js';
import type { Store } from '../store/index.js';
import type { DeviceUpdate } from '../store/devices.js';
import { platformOf, type AddressBookPlacement } from './address-book-placement.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireScope, type Authority } from './authority.js';
import { deviceTarget } from './device-admin.js';
import type { SettingsService } from './settings.js';
import type { StrategyService } from './strategies.js';

/** `rustdesk --assign` (spec/rustdesk-client-api.md §5.4): what the command line sends besides id and uuid. */
export interface AssignInput {
  user_name?: string;
  device_group_name?: string;
  /** A strategy, by name (ignoring case), for the device itself. */
  strategy_name?: string;
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

/** The `address_book_*` fields of `rustdesk --assign` (§5.4), each with its longest value. */
const BOOK_FIELDS = {
  address_book_name: AB_LIMITS.bookName,
  address_book_tag: AB_LIMITS.tagName,
  address_book_alias: AB_LIMITS.text,
  address_book_password: AB_LIMITS.password,
  address_book_note: AB_LIMITS.peerNote,
} as const;

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
 * What an administrator's API token does from a device's command line
 * (spec/rustdesk-client-api.md §5.4, §5.5): `rustdesk --assign` sets the device's owner, group,
 * note, names and shared address book; `rustdesk --deploy` lets a device register while
 * deployment is required. Each change is written with its console audit record.
 */
export function createDeviceCli(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  placement: AddressBookPlacement;
  settings: SettingsService;
  strategies: StrategyService;
  forget?: (id: string) => void;
}) {
  const { store, clock, audit, placement, settings, strategies, forget = () => {} } = deps;

  return {
    /**
     * POST /api/devices/cli (`rustdesk --assign`, §5.4): sets the owner (an existing user, by
     * name), the device group (an existing one, by name, ignoring case), the note, the desktop
     * username and the device name of the device with this id and uuid, and puts it into a
     * shared address book found by name (`address_books:write` too), with a tag (made if the
     * book lacks it), alias, password and note, under the book's cap; a peer already there gets
     * the fields given; `strategy_name` gives the device that strategy. A refusal changes nothing.
     */
    async assign(actor: Actor, body: Record<string, unknown>, authority?: Authority): Promise<void> {
      const device = identity(body);
      if (!device) throw new AppError('request.invalid', { message: 'id and uuid must be the device’s RustDesk id and uuid' });
      const input: AssignInput = {};
      for (const key of ['user_name', 'device_group_name', 'strategy_name', 'note', 'device_username', 'device_name'] as const) {
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
      let strategyId: string | undefined;
      if (input.strategy_name !== undefined) {
        const strategy = await strategies.findByName(input.strategy_name);
        if (!strategy) throw new AppError('strategy.not_found', { message: `No strategy named ${input.strategy_name}` });
        strategyId = strategy.id;
        detail.strategy = strategy.name;
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
        if (strategyId) await tx.strategies.assign(strategyId, { devices: [device.id], users: [], device_groups: [] });
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
        await tx.consoleAudit.insert(audit.row(actor, 'device.assign', deviceTarget(known), detail));
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
        await tx.consoleAudit.insert(audit.row(actor, 'device.deploy', { type: 'device', id: device.id, name: known ? deviceTarget(known).name : device.id }));
        return true;
      });
      forget(device.id);
      // Not stored: the id was taken by another machine a moment ago.
      return deployed ? 'OK' : 'ID_TAKEN';
    },

  };
}

export type DeviceCli = ReturnType<typeof createDeviceCli>;
