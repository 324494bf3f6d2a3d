import type { Clock } from '../clock.js';
import { AB_LIMITS, type StoredAddressBook } from '../domain/address-book.js';
import { DEVICE_PRESETS, type Device, type DevicePreset, type DeviceSysinfo } from '../domain/device.js';
import { deviceIdentity, deviceText, safeInteger } from '../input/device-fields.js';
import type { Store } from '../store/index.js';
import type { HeartbeatWrite } from '../store/devices.js';
import { platformOf, type AddressBookPlacement, type PlaceOutcome, type Placement } from './address-book-placement.js';
import type { AuditService } from './audit.js';
import { systemActor } from './audit.js';
import { newTimeOrderedId } from './secrets.js';
import type { SettingsService } from './settings.js';
import type { StrategyService } from './strategies.js';
import { shortLived } from './short-lived.js';

/** What the client reads from a heartbeat's answer (spec/rustdesk-client-api.md §5.2, §12 item 21). */
export interface HeartbeatAnswer {
  modified_at: number;
  /** The device's strategy, when its revision is not the one the device echoed (§5.2). */
  strategy?: { config_options: Record<string, string> };
  /** Present: upload sysinfo again on the next tick. */
  sysinfo?: 1;
  /** Connection ids to close ("Closed manually by web console"). */
  disconnect?: number[];
}

export type SysinfoAnswer = 'SYSINFO_UPDATED' | 'ID_NOT_FOUND';

/** A heartbeat or sysinfo as the client sends it: fields checked here, unknown ones ignored (§12 item 27). */
export interface DeviceRequest {
  body: Record<string, unknown> | undefined;
  ip: string;
}

/** Heartbeats are written together, this often. */
const FLUSH_EVERY_MS = 1_000;

/** A device just stored for the first time, and the address it came from. */
export interface NewDevice {
  id: string;
  uuid: string;
  ip: string;
}

interface KnownDevice {
  uuid: string;
  sysinfoAt: number;
  /** The strategy its own, owner's or group's row names (null: none, so the default). */
  strategyId: string | null;
}

/** A RustDesk process numbers its connections with an i32 counter (§5.2). */
const I32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const MAX_CONNS = 256;
/** How often the same id + foreign uuid pair is recorded as an alarm (it retries every 3 s). */
const ALARM_EVERY_MS = 10 * 60_000;
/** How fresh this instance's list of devices with closed connections is (other instances' clicks included). */
const DISCONNECTS_CACHE_MS = 2_000;

function connsOf(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.filter((n): n is number => Number.isInteger(n) && n >= I32.min && n <= I32.max).slice(0, MAX_CONNS);
}

/** Why address-book presets were not applied, by what placing the device did; undefined: it went in. */
function bookRefusal(outcome: PlaceOutcome): string | undefined {
  switch (outcome.result) {
    case 'gone':
      return 'no shared address book has this name';
    case 'not_accepting':
      return 'the address book does not accept presets';
    case 'full':
      return `the address book holds the most devices allowed (max_peer_one_ab ${outcome.cap})`;
    case 'exists':
      return 'the device is already in the address book, which was left unchanged';
    default:
      return undefined;
  }
}

function sysinfoOf(body: Record<string, unknown>): DeviceSysinfo {
  return {
    hostname: deviceText(body.hostname),
    username: deviceText(body.username),
    os: deviceText(body.os),
    cpu: deviceText(body.cpu),
    memory: deviceText(body.memory, 64),
    version: deviceText(body.version, 64),
  };
}

/**
 * The controlled side's device calls (spec/rustdesk-client-api.md §5): heartbeats and sysinfo,
 * unauthenticated, so a device is its id together with the uuid it first reported. A request
 * with a known id and another uuid never changes that device: it is answered as unknown and
 * recorded as an alarm.
 */
export function createDeviceService(deps: {
  store: Store;
  clock: Clock;
  settings: SettingsService;
  audit: AuditService;
  placement: AddressBookPlacement;
  strategies: StrategyService;
}) {
  const { store, clock, settings, audit, placement, strategies } = deps;
  const alarmed = new Map<string, number>();
  const withDisconnects = shortLived(clock, DISCONNECTS_CACHE_MS, async () => new Set(await store.devices.devicesWithDisconnects()));
  /**
   * Devices this instance has heard from, by id: the uuid they are bound to and when their
   * sysinfo was stored (0: wanted again). Refreshed by every flush that writes their heartbeat,
   * so a change made elsewhere (a deleted device, "refresh sysinfo") is seen within a heartbeat.
   */
  const known = new Map<string, KnownDevice>();
  /** Heartbeats not yet written, the latest per device. */
  let pending = new Map<string, HeartbeatWrite>();
  /** Registrations with the rendezvous server not yet written as last-online, the latest per device. */
  let seenPending = new Map<string, { id: string; uuid: string; at: number }>();
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  const createdListeners: ((device: NewDevice) => Promise<void>)[] = [];

  async function created(device: NewDevice): Promise<void> {
    for (const listener of createdListeners) await listener(device);
  }

  async function load(id: string): Promise<KnownDevice | undefined> {
    const device = await store.devices.findById(id);
    if (!device) return undefined;
    const entry = { uuid: device.uuid, sysinfoAt: device.sysinfo_at, strategyId: await store.strategies.namedForDevice(id) };
    known.set(id, entry);
    return entry;
  }

  /**
   * Writes the pending heartbeats in a few statements, off the request path, and reads back each
   * device's sysinfo time and strategy. A device the database no longer has under that id and
   * uuid is dropped from memory, so its next heartbeat reads it again. A failed write is not retried: the device's next heartbeat carries the same.
   */
  function flush(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const writes = [...pending.values()];
    pending = new Map();
    const sightings = [...seenPending.values()];
    seenPending = new Map();
    flushing = flushing.then(async () => {
      if (sightings.length > 0) await store.devices.seen(sightings).catch(() => {});
      if (writes.length === 0) return;
      try {
        const written = await store.devices.heartbeats(writes);
        for (const write of writes) {
          const now = written.get(write.id);
          const entry = known.get(write.id);
          if (now === undefined) {
            if (entry?.uuid === write.uuid) known.delete(write.id);
          } else if (entry) {
            entry.sysinfoAt = now.sysinfoAt;
            entry.strategyId = now.strategyId;
          }
        }
      } catch {
        // The database is away: last-online lags until a later flush succeeds.
      }
    });
    return flushing;
  }

  /** Records "this id was used with another uuid", at most once per pair per ALARM_EVERY_MS on this instance. */
  async function uuidMismatch(id: string, uuid: string, ip: string, route: string): Promise<void> {
    const key = `${id}\n${uuid}`;
    const now = clock.now();
    if ((alarmed.get(key) ?? -Infinity) > now - ALARM_EVERY_MS) return;
    if (alarmed.size > 10_000) alarmed.clear();
    alarmed.set(key, now);
    await store.deviceAudit.insert({
      id: newTimeOrderedId(now),
      created_at: now,
      kind: 'alarm',
      device_id: id,
      device_uuid: uuid,
      conn_id: 0,
      type: -1,
      action: 'uuid_mismatch',
      ip,
      info: { route, message: 'A request named this device id with another machine’s uuid; the device was left unchanged' },
      session_id: '',
      peer_id: '',
      peer_name: '',
      note: '',
      authorized_at: 0,
      closed_at: 0,
    });
  }

  /**
   * The `preset-*` options of a new device's first sysinfo: applied only when "Accept device
   * presets" is on (anyone can send them for any id), and recorded either way. The address-book
   * presets put the device into the one shared book of that name, if an administrator let that
   * book accept presets, under its cap; a peer already there is left as it is.
   */
  async function presets(device: Device, body: Record<string, unknown>, isNew: boolean, ip: string): Promise<void> {
    const sent = DEVICE_PRESETS.filter((key) => deviceText(body[key], 256) !== '');
    if (sent.length === 0) return;
    const applied: Partial<Record<DevicePreset, string>> = {};
    const ignored: Partial<Record<DevicePreset, string>> = {};
    const accept = await settings.get('accept_device_presets');
    const now = clock.now();
    const patch: Parameters<typeof store.devices.update>[1] = { updated_at: now };
    const bookPresets: DevicePreset[] = [];
    let strategyId: string | undefined;
    for (const key of sent) {
      const value = deviceText(body[key], 256);
      if (!accept) ignored[key] = 'Accept device presets is off';
      else if (!isNew) ignored[key] = 'the device was already known';
      else if (key === 'preset-user-name') {
        const user = await store.users.findByName(value);
        if (user) {
          patch.user_id = user.id;
          applied[key] = value;
        } else ignored[key] = 'no such user';
      } else if (key === 'preset-device-group-name') {
        const group = await store.deviceGroups.findByName(value);
        if (group) {
          patch.group_id = group.id;
          applied[key] = value;
        } else ignored[key] = 'no such device group';
      } else if (key === 'preset-note') {
        patch.note = value;
        applied[key] = value;
      } else if (key === 'preset-strategy-name') {
        const strategy = await strategies.findByName(value);
        if (strategy) {
          strategyId = strategy.id;
          applied[key] = strategy.name;
        } else ignored[key] = 'no such strategy';
      }
      else bookPresets.push(key);
    }
    const book = bookPresets.length > 0 ? await bookPlan(device, body, bookPresets, ignored) : undefined;
    const actor = { ...systemActor, name: `device:${device.id}`, ip };
    await store.transaction(async (tx) => {
      if (Object.keys(patch).length > 1) await tx.devices.update(device.id, patch);
      if (strategyId) await tx.strategies.assign(strategyId, { devices: [device.id], users: [], device_groups: [] });
      if (book) {
        const outcome = await placement.place(tx, actor, book.named, book.placement, { update: false, presetsOnly: true, via: 'preset' });
        const why = bookRefusal(outcome);
        for (const key of book.keys) {
          if (why) ignored[key] = why;
          else if (key === 'preset-address-book-tag' && outcome.result === 'added' && outcome.tag === 'too_many') ignored[key] = 'the address book has the most tags allowed';
          else applied[key] = deviceText(body[key], 256);
        }
      }
      // The password is never written to the audit, applied or not.
      const shown = (map: Partial<Record<DevicePreset, string>>) =>
        Object.fromEntries(Object.entries(map).map(([key, value]) => [key, key === 'preset-address-book-password' ? '(hidden)' : value]));
      const action = Object.keys(applied).length > 0 ? 'device.presets_applied' : 'device.presets_ignored';
      await tx.consoleAudit.insert(audit.row(actor, action, { type: 'device', id: device.id, name: device.hostname }, { applied: shown(applied), ignored: ignored }));
    });
  }

  /**
   * The shared book the address-book presets name and the peer they describe; undefined, with
   * each of `keys` given its reason in `ignored`, when they cannot be applied.
   */
  async function bookPlan(
    device: Device,
    body: Record<string, unknown>,
    keys: DevicePreset[],
    ignored: Partial<Record<DevicePreset, string>>,
  ): Promise<{ named: { book: StoredAddressBook; cap: number }; placement: Placement; keys: DevicePreset[] } | undefined> {
    const refuse = (reason: string, which = keys) => {
      for (const key of which) ignored[key] = reason;
      return undefined;
    };
    const name = deviceText(body['preset-address-book-name'], 256);
    if (name === '') return refuse('no preset-address-book-name was sent');
    const found = await placement.findShared(name);
    if ('problem' in found) {
      return refuse(found.problem === 'ambiguous' ? 'ambiguous: several shared address books have this name, so none was chosen' : 'no shared address book has this name');
    }
    if (!found.book.accept_presets) return refuse('the address book does not accept presets');
    const kept: DevicePreset[] = [];
    const peer: Placement = { id: device.id, username: device.username, hostname: device.hostname, platform: platformOf(device.os) };
    for (const key of keys) {
      const raw = body[key];
      if (key === 'preset-address-book-tag') {
        const tag = deviceText(raw, 256);
        if (tag.length > AB_LIMITS.tagName) {
          refuse(`a tag name is at most ${AB_LIMITS.tagName} characters`, [key]);
          continue;
        }
        peer.tag = tag;
      } else if (key === 'preset-address-book-password') {
        // Taken as sent (spaces are a password's own), never cut.
        if (typeof raw !== 'string' || raw.length > AB_LIMITS.password || /\p{Cc}/u.test(raw)) {
          refuse(`a password is at most ${AB_LIMITS.password} characters, without control characters`, [key]);
          continue;
        }
        peer.password = raw;
      } else if (key === 'preset-address-book-alias') peer.alias = deviceText(raw, AB_LIMITS.text);
      else if (key === 'preset-address-book-note') peer.note = deviceText(raw, AB_LIMITS.peerNote);
      kept.push(key);
    }
    return { named: found, placement: peer, keys: kept };
  }

  return {
    /**
     * Whether a request's id and uuid name a device deskgate knows: `known`, `unknown`, or
     * `foreign` (the id is another machine's; recorded as an alarm, as for heartbeats).
     */
    async recognise(id: string, uuid: string, ip: string, route: string): Promise<'known' | 'unknown' | 'foreign'> {
      const device = known.get(id) ?? (await load(id));
      if (!device) return 'unknown';
      if (device.uuid === uuid) return 'known';
      await uuidMismatch(id, uuid, ip, route);
      return 'foreign';
    },

    /**
     * POST /api/heartbeat (§5.2), answered from memory: the device's uuid and whether its
     * sysinfo is wanted come from what this instance last read or wrote, and the heartbeat
     * itself is written with the others of the next second (`flush`).
     */
    async heartbeat(request: DeviceRequest): Promise<HeartbeatAnswer> {
      const { id, uuid } = deviceIdentity(request.body);
      const body = request.body ?? {};
      const modifiedAt = safeInteger(body.modified_at, 0);
      // Without a strategy to send, the client's own timestamp goes back and it keeps what it has.
      const answer: HeartbeatAnswer = { modified_at: modifiedAt };
      const device = known.get(id) ?? (await load(id));
      // Unknown here (a new device, or a database restored from before it came): ask for its sysinfo.
      if (!device) return { ...answer, sysinfo: 1 };
      if (device.uuid !== uuid) {
        await uuidMismatch(id, uuid, request.ip, 'heartbeat');
        return answer;
      }
      pending.set(id, { id, uuid, at: clock.now(), ver: safeInteger(body.ver, 0), conns: JSON.stringify(connsOf(body.conns)), strategy_modified_at: modifiedAt });
      flushTimer ??= setTimeout(() => void flush(), FLUSH_EVERY_MS).unref();
      if (device.sysinfoAt === 0) answer.sysinfo = 1;
      const push = await strategies.pushFor(device.strategyId, modifiedAt);
      if (push) Object.assign(answer, push);
      if ((await withDisconnects.get()).has(id)) {
        const closed = await store.devices.takeDisconnects(id);
        if (closed.length > 0) answer.disconnect = closed;
      }
      return answer;
    },

    flush,

    /**
     * The rendezvous server heard from the device (a registration, every ~15 s): its last-online
     * time is written with the heartbeats of the next second, only on the device with this uuid.
     */
    seen(id: string, uuid: string): void {
      seenPending.set(id, { id, uuid, at: clock.now() });
      flushTimer ??= setTimeout(() => void flush(), FLUSH_EVERY_MS).unref();
    },

    /** Calls `listener` after each device new to deskgate is stored (the owner follows who already signed in on it). */
    onCreate(listener: (device: NewDevice) => Promise<void>): void {
      createdListeners.push(listener);
    },

    /** Tells the listeners of a device made elsewhere (its first registration with the rendezvous server). */
    created,

    /** Drops what this instance holds about a device (after an administrator changed or deleted it here). */
    forget(id: string): void {
      known.delete(id);
    },

    /** POST /api/sysinfo (§5.3): the device is created at its first upload. */
    async sysinfo(request: DeviceRequest): Promise<SysinfoAnswer> {
      const { id, uuid } = deviceIdentity(request.body);
      const body = request.body ?? {};
      const info = sysinfoOf(body);
      const now = clock.now();
      if (await store.devices.storeSysinfo(id, uuid, info, now)) {
        const device = await store.devices.findById(id);
        if (device) await presets(device, body, false, request.ip);
        known.set(id, { uuid, sysinfoAt: now, strategyId: await store.strategies.namedForDevice(id) });
        return 'SYSINFO_UPDATED';
      }
      // A device new to deskgate comes under the admission rule of the moment (rendezvous.admission).
      const admission = await settings.get('rendezvous.admission');
      const device: Device = {
        id, uuid, ...info, ver: 0, user_id: null, group_id: null, alias: '', note: '', enabled: true, conns: [],
        strategy_modified_at: 0, sysinfo_at: now, last_online_at: now, created_at: now, updated_at: now,
        pk: '', approved: admission !== 'approval', deployed: admission !== 'deployment',
      };
      if (await store.devices.insert(device)) {
        await presets(device, body, true, request.ip);
        await created({ id, uuid, ip: request.ip });
        // Its presets and the owner it takes from a sign-in may name a strategy.
        known.set(id, { uuid, sysinfoAt: now, strategyId: await store.strategies.namedForDevice(id) });
        return 'SYSINFO_UPDATED';
      }
      // The id belongs to another machine (or it was created a moment ago with another uuid).
      await uuidMismatch(id, uuid, request.ip, 'sysinfo');
      return 'ID_NOT_FOUND';
    },

    /**
     * POST /api/sysinfo_ver (§5.3, clients 1.3.8–1.4.0): a non-empty token. Those clients cache
     * '' after an upload, so any non-empty answer lets them upload again; it changes daily.
     */
    sysinfoVersion(): string {
      return `v${Math.floor(clock.now() / 86_400_000)}`;
    },
  };
}

export type DeviceService = ReturnType<typeof createDeviceService>;
