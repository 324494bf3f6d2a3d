import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { DeviceFilter, ListedDevice } from '../domain/device.js';
import type { Store } from '../store/index.js';
import type { DeviceUpdate } from '../store/devices.js';
import type { PageRequest } from '../store/paging.js';
import type { Actor, AuditService } from './audit.js';
import type { StrategyIndex, StrategyService } from './strategies.js';

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
  /** The strategy it is under, and what gives it: itself, its owner, its device group or the default. */
  strategy: { id: string; name: string; from: StrategySource; enabled: boolean } | null;
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

/** A device as its console audit records name it. */
export const deviceTarget = (device: { id: string; alias: string; hostname: string }) => ({
  type: 'device',
  id: device.id,
  name: device.alias || device.hostname || device.id,
});

export type StrategySource = 'device' | 'owner' | 'device_group' | 'default';

/** The strategy a device is under (spec: device, owner, device group, default; the first that names one). */
function strategyOf(device: ListedDevice, strategies: StrategyIndex): DeviceView['strategy'] {
  const named = device.named_strategies;
  const levels: [StrategySource, string | null | undefined][] = [
    ['device', named.device],
    ['owner', named.owner],
    ['device_group', named.device_group],
    ['default', strategies.fallback?.id],
  ];
  const [from, id] = levels.find((level) => level[1]) ?? ['default', undefined];
  const strategy = id ? strategies.byId.get(id) : undefined;
  return strategy ? { id: strategy.id, name: strategy.name, from, enabled: strategy.enabled } : null;
}

function view(device: ListedDevice, now: number, strategies: StrategyIndex): DeviceView {
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
    strategy: strategyOf(device, strategies),
    online: device.last_online_at >= now - ONLINE_WITHIN_MS,
    conns: device.conns,
    last_online_at: device.last_online_at,
    sysinfo_at: device.sysinfo_at,
    created_at: device.created_at,
    updated_at: device.updated_at,
  };
}

/**
 * Devices as administrators manage them (the console's Devices page, `/api/admin/devices`):
 * every change is written with its console audit record. `rustdesk --assign` and `--deploy` are
 * in device-cli.ts.
 */
export function createDeviceAdmin(deps: { store: Store; clock: Clock; audit: AuditService; strategies: StrategyService; forget?: (id: string) => void }) {
  const { store, clock, audit, strategies, forget = () => {} } = deps;

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
        audit.row(actor, 'device.owner_from_sign_in', known ? deviceTarget(known) : { type: 'device', id: device.deviceId, name: device.deviceId }, { owner: user?.name ?? userId }),
      );
    });
  }

  async function get(id: string): Promise<DeviceView> {
    const device = await store.devices.findListed(id);
    if (!device) throw new AppError('device.not_found');
    return view(device, clock.now(), await strategies.current());
  }

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
      const [{ total, rows }, index] = await Promise.all([store.devices.list(query, page), strategies.current()]);
      return { total, data: rows.map((device) => view(device, now, index)) };
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
          await tx.consoleAudit.insert(audit.row(actor, 'device.update', deviceTarget(device), detail));
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
        await tx.consoleAudit.insert(audit.row(actor, 'device.delete', deviceTarget(device), { hostname: device.hostname }));
      });
      forget(id);
    },

    /** Clears the device's system information date: its next heartbeat answers `sysinfo` (§5.2), on any instance. */
    async refreshSysinfo(actor: Actor, id: string): Promise<DeviceView> {
      const device = await store.devices.findById(id);
      if (!device) throw new AppError('device.not_found');
      await store.transaction(async (tx) => {
        await tx.devices.update(id, { sysinfo_at: 0, updated_at: clock.now() });
        await tx.consoleAudit.insert(audit.row(actor, 'device.refresh_sysinfo', deviceTarget(device)));
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
        await tx.consoleAudit.insert(audit.row(actor, 'device.disconnect', deviceTarget(device), { conn_id: connId }));
      });
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
          await tx.consoleAudit.insert(audit.row(actor, 'device.approve', deviceTarget(device)));
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
