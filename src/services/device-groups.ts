import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { DeviceGroupSummary, GroupRef, PeerPage, PeerStatus, UserGroupAccess, Viewer } from '../domain/device-group.js';
import type { User, UserStatus } from '../domain/user.js';
import type { Store } from '../store/index.js';
import { offsetOf, type PageRequest } from '../store/paging.js';
import type { Actor, AuditService } from './audit.js';
import type { PeerDirectory } from './peer-directory.js';
import { newId } from './secrets.js';

const NAME_MAX = 64;

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > NAME_MAX || /\p{Cc}/u.test(trimmed)) throw new AppError('devicegroup.invalid_name');
  return trimmed;
}

const unique = (ids: string[]) => [...new Set(ids)];
const names = (refs: GroupRef[]) => refs.map((ref) => ref.name);

/** How long a pull's count and page ends are used: a client asks for its pages one after another. */
const PULL_MS = 10_000;
/** A pull starts at page 1 with a fresh count: one at most this old (ms) is fresh enough. */
const RECOUNT_MS = 1_000;
const REMEMBERED_MAX = 50_000;

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  if (map.size >= REMEMBERED_MAX) map.clear();
  map.set(key, value);
}

/**
 * Device groups (name, note, members) and the access rules between user groups and device
 * groups (Pro's "can access" and "can be accessed from"), and the lists a signed-in RustDesk
 * client pulls under them (spec/rustdesk-client-api.md §9). Every change writes its console
 * audit record in the same transaction.
 */
export function createDeviceGroupService(deps: { store: Store; clock: Clock; audit: AuditService; directory?: PeerDirectory | undefined }) {
  const { store, clock, audit, directory } = deps;
  /** Per viewer ('admin' for administrators, who all see the same): the latest count of their devices. */
  const totals = new Map<string, { at: number; total: number }>();
  /** Per viewer, page size and page: the last id of that page as last served. */
  const pageEnds = new Map<string, { at: number; id: string }>();

  /** Per viewer: the count under way, which every page that needs it at the time waits for. */
  const counting = new Map<string, Promise<number>>();

  /**
   * The viewer's count of devices, if one younger than `maxAgeMs` is known; otherwise counted,
   * once for all who ask at the same time (a hundred clients starting their pulls together
   * would otherwise each scan the devices).
   */
  async function countFor(key: string, viewer: Viewer, enabled: boolean | undefined, maxAgeMs: number): Promise<number> {
    const now = clock.now();
    const counted = totals.get(key);
    if (counted && now - counted.at < maxAgeMs && now >= counted.at) return counted.total;
    let pending = counting.get(key);
    if (!pending) {
      pending = store.deviceGroups
        .countPeers(viewer, enabled)
        .then((total) => {
          remember(totals, key, { at: now, total });
          return total;
        })
        .finally(() => counting.delete(key));
      counting.set(key, pending);
    }
    return pending;
  }

  async function get(id: string): Promise<DeviceGroupSummary> {
    const found = (await store.deviceGroups.list({ current: 1, pageSize: 1 }, [id])).rows[0];
    if (!found) throw new AppError('devicegroup.not_found');
    return found;
  }

  async function existing(id: string) {
    const group = await store.deviceGroups.findById(id);
    if (!group) throw new AppError('devicegroup.not_found');
    return group;
  }

  /** These user groups, every one of them existing; in name order. */
  async function userGroups(ids: string[]): Promise<GroupRef[]> {
    const wanted = unique(ids);
    const found = await store.groups.findByIds(wanted);
    if (found.length !== wanted.length) throw new AppError('group.not_found');
    return found.map((g) => ({ id: g.id, name: g.name })).sort((a, b) => a.name.localeCompare(b.name));
  }

  return {
    async list(page: PageRequest): Promise<{ total: number; data: DeviceGroupSummary[] }> {
      const { total, rows } = await store.deviceGroups.list(page);
      return { total, data: rows };
    },

    get,

    async create(actor: Actor, input: { name: string; note?: string | undefined }): Promise<DeviceGroupSummary> {
      const name = cleanName(input.name);
      const now = clock.now();
      const id = newId();
      await store.transaction(async (tx) => {
        // The unique name decides between two creating the same name at once.
        if (!(await tx.deviceGroups.insert({ id, name, note: input.note ?? '', created_at: now, updated_at: now }))) {
          throw new AppError('devicegroup.name_taken');
        }
        await tx.consoleAudit.insert(audit.row(actor, 'device_group.create', { type: 'device_group', id, name }));
      });
      return get(id);
    },

    async update(actor: Actor, id: string, changes: { name?: string | undefined; note?: string | undefined }): Promise<DeviceGroupSummary> {
      const group = await existing(id);
      const patch: { name?: string; note?: string } = {};
      if (changes.name !== undefined) {
        const name = cleanName(changes.name);
        if (name !== group.name) {
          const other = await store.deviceGroups.findByName(name);
          if (other && other.id !== id) throw new AppError('devicegroup.name_taken');
          patch.name = name;
        }
      }
      if (changes.note !== undefined && changes.note !== group.note) patch.note = changes.note;
      if (Object.keys(patch).length > 0) {
        try {
          await store.transaction(async (tx) => {
            await tx.deviceGroups.update(id, { ...patch, updated_at: clock.now() });
            await tx.consoleAudit.insert(audit.row(actor, 'device_group.update', { type: 'device_group', id, name: group.name }, patch));
          });
        } catch (error) {
          // Another rename to the same name won the race: the unique name refused this one.
          const holder = patch.name === undefined ? undefined : await store.deviceGroups.findByName(patch.name);
          if (holder && holder.id !== id) throw new AppError('devicegroup.name_taken', { cause: error });
          throw error;
        }
      }
      return get(id);
    },

    /** Deletes the group; its devices stay, in no device group. */
    async delete(actor: Actor, id: string): Promise<void> {
      const group = await existing(id);
      await store.transaction(async (tx) => {
        await tx.deviceGroups.delete(id);
        await tx.consoleAudit.insert(audit.row(actor, 'device_group.delete', { type: 'device_group', id, name: group.name }));
      });
    },

    /** Makes exactly these devices the group's members: they leave any other group, the group's others leave it. */
    async setDevices(actor: Actor, id: string, deviceIds: string[]): Promise<DeviceGroupSummary> {
      const group = await existing(id);
      const wanted = unique(deviceIds);
      const found = new Set(await store.deviceGroups.existingDevices(wanted));
      const missing = wanted.find((deviceId) => !found.has(deviceId));
      if (missing !== undefined) throw new AppError('devicegroup.unknown_device', { detail: `device ${missing.slice(0, 100)}` });
      await store.transaction(async (tx) => {
        const { added, removed } = await tx.deviceGroups.setDevices(id, wanted, clock.now());
        if (added + removed > 0) {
          await tx.consoleAudit.insert(
            audit.row(actor, 'device_group.devices', { type: 'device_group', id, name: group.name }, { devices: wanted.length, added, removed }),
          );
        }
      });
      return get(id);
    },

    /** Replaces the user groups whose people may reach this group's devices (Pro's "can be accessed from"). */
    async setAccessFrom(actor: Actor, id: string, userGroupIds: string[]): Promise<DeviceGroupSummary> {
      const group = await existing(id);
      const refs = await userGroups(userGroupIds);
      await store.transaction(async (tx) => {
        await tx.deviceGroups.setAccessFrom(id, refs.map((ref) => ref.id));
        await tx.consoleAudit.insert(
          audit.row(actor, 'device_group.access', { type: 'device_group', id, name: group.name }, { user_groups: names(refs) }),
        );
      });
      return get(id);
    },

    /** What a user group may reach besides its own people's devices. */
    async userGroupAccess(userGroupId: string): Promise<UserGroupAccess> {
      if (!(await store.groups.findById(userGroupId))) throw new AppError('group.not_found');
      return store.deviceGroups.accessOfUserGroup(userGroupId);
    },

    /** Replaces the user groups whose people's devices this user group's people may reach (Pro's "can access"). */
    async setUserGroupAccess(actor: Actor, userGroupId: string, targetIds: string[]): Promise<UserGroupAccess> {
      const group = await store.groups.findById(userGroupId);
      if (!group) throw new AppError('group.not_found');
      const refs = await userGroups(targetIds);
      await store.transaction(async (tx) => {
        await tx.deviceGroups.setTargets(userGroupId, refs.map((ref) => ref.id));
        await tx.consoleAudit.insert(audit.row(actor, 'group.access', { type: 'group', id: userGroupId, name: group.name }, { target_groups: names(refs) }));
      });
      return store.deviceGroups.accessOfUserGroup(userGroupId);
    },

    // ---- a signed-in RustDesk client's lists (§9, §10) ----

    /**
     * Devices the person may see: those of one state when the client names it (`status=1`, as
     * it always does: Pro lists enabled devices only, the ones that can be reached), else all,
     * each with its state. A client pulls every page in turn (spec §10): the total is counted
     * once per pull, not per page, and each page starts after the last id of the one before,
     * found by index instead of skipped over.
     */
    async peersFor(viewer: Viewer, page: PageRequest, status?: PeerStatus): Promise<{ total: number; page: PeerPage }> {
      // A device is enabled (1) or disabled (0): none is unverified (-1).
      if (status === -1) return { total: 0, page: { json: '[]', count: 0, last: '' } };
      const enabled = status === undefined ? undefined : status === 1;
      const key = `${viewer.is_admin ? 'admin' : viewer.user_id}\n${status ?? ''}`;
      const now = clock.now();
      const before = page.current > 1 ? pageEnds.get(`${key}\n${page.pageSize}\n${page.current - 1}`) : undefined;
      const after = before && now - before.at < PULL_MS && now >= before.at ? before.id : undefined;
      // The directory holds the enabled devices, what administrators' clients ask for.
      const listed = viewer.is_admin && enabled === true ? await directory?.page(offsetOf(page), page.pageSize, after) : undefined;
      if (listed) {
        if (listed.page.count === page.pageSize) remember(pageEnds, `${key}\n${page.pageSize}\n${page.current}`, { at: now, id: listed.page.last });
        // The total as the pull started, as for pages read from the database.
        const counted = totals.get(key);
        if (page.current === 1 || !counted || now - counted.at >= PULL_MS || now < counted.at) remember(totals, key, { at: now, total: listed.total });
        return { total: totals.get(key)!.total, page: listed.page };
      }
      const total = await countFor(key, viewer, enabled, page.current === 1 ? RECOUNT_MS : PULL_MS);
      if (offsetOf(page) >= total) return { total, page: { json: '[]', count: 0, last: '' } };
      const found = await store.deviceGroups.visiblePeers(viewer, page, total, after, enabled);
      if (found.count === page.pageSize) remember(pageEnds, `${key}\n${page.pageSize}\n${page.current}`, { at: now, id: found.last });
      return { total, page: found };
    },

    /**
     * People whose devices the person may see (the client puts the person first itself): those
     * of one status when the client names it (`status=1`: people who can sign in), else all.
     */
    async usersFor(viewer: Viewer, page: PageRequest, status?: UserStatus): Promise<{ total: number; data: User[] }> {
      const { total, rows } = await store.deviceGroups.visibleUsers(viewer, page, status);
      return { total, data: rows };
    },

    /** Device groups the person may reach or that hold a device they may see. */
    async groupsFor(viewer: Viewer, page: PageRequest): Promise<{ total: number; data: { name: string }[] }> {
      const { total, rows } = await store.deviceGroups.accessibleGroups(viewer, page);
      return { total, data: rows };
    },
  };
}

export type DeviceGroupService = ReturnType<typeof createDeviceGroupService>;
