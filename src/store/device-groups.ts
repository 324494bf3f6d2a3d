import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import { engineOf } from './db.js';
import type { DeviceGroup } from '../domain/device.js';
import type { DeviceGroupSummary, GroupRef, PeerPage, Viewer } from '../domain/device-group.js';
import type { User, UserStatus } from '../domain/user.js';
import { offsetOf, type Page, type PageRequest } from './paging.js';
import { precompile } from './precompiled.js';
import type { Database } from './schema.js';
import { toUser } from './users.js';

const GROUP_COLUMNS = ['id', 'name', 'note', 'created_at', 'updated_at'] as const;
const PEER_COLUMNS = ['d.id', 'd.hostname', 'd.username', 'd.os', 'd.note', 'd.enabled', 'u.name as owner_name', 'g.name as group_name'] as const;

/**
 * One page's rows (`p`, of PEER_COLUMNS, at most a page) as the client's JSON (`PeerPage`), in
 * id order, with their number and the last id: one row, one text column, whatever the page.
 */
function peerPageSql(postgres: boolean) {
  const payload = peerPayloadSql(postgres);
  const json = postgres ? sql<string>`coalesce(json_agg(${payload} order by p.id), '[]')::text` : sql<string>`json_group_array(${payload} order by p.id)`;
  return [json.as('json'), sql<number | string>`count(*)`.as('count'), sql<string | null>`max(p.id)`.as('last')] as const;
}

/** One row's (`p`, of PEER_COLUMNS) PeerPayload as a JSON value (spec §9). */
function peerPayloadSql(postgres: boolean) {
  const user = sql`coalesce(p.owner_name, '')`;
  return postgres
    ? sql`json_build_object('id', p.id, 'info', json_build_object('username', p.username, 'os', p.os, 'device_name', p.hostname), 'status', p.enabled, 'user', ${user}, 'user_name', ${user}, 'device_group_name', coalesce(p.group_name, ''), 'note', p.note)`
    : sql`json_object('id', p.id, 'info', json_object('username', p.username, 'os', p.os, 'device_name', p.hostname), 'status', p.enabled, 'user', ${user}, 'user_name', ${user}, 'device_group_name', coalesce(p.group_name, ''), 'note', p.note)`;
}

const toPeerPage = (row: { json: string; count: number | string; last: string | null } | undefined): PeerPage =>
  row ? { json: row.json, count: Number(row.count), last: row.last ?? '' } : { json: '[]', count: 0, last: '' };

type DevicesQuery<O> = SelectQueryBuilder<Database & { d: Database['devices'] }, 'd', O>;

/** Devices (`d`) in one state, enabled or not, or in either when `enabled` is undefined. */
function inState<O>(query: DevicesQuery<O>, enabled: boolean | undefined): DevicesQuery<O> {
  return enabled === undefined ? query : query.where('d.enabled', '=', sql.lit(enabled ? 1 : 0));
}

/** `(a, b)` pairs as a map from `a` to its list of `b`, every asked key present. */
function grouped(keys: string[], pairs: { key: string; id: string; name: string }[]): Map<string, GroupRef[]> {
  const map = new Map<string, GroupRef[]>(keys.map((key) => [key, []]));
  for (const pair of pairs) map.get(pair.key)?.push({ id: pair.id, name: pair.name });
  return map;
}

/**
 * Device groups, the access rules between user groups and device groups (migration 0010), and
 * what a signed-in RustDesk client may list under them (spec/rustdesk-client-api.md §9).
 */
export function createDeviceGroupStore(db: Kysely<Database>) {
  const isSqlite = engineOf(db) === 'sqlite';
  // ---- who may see what: each a subquery of one column, so the lists are one statement each ----

  /** The user groups a person is in. */
  const groupsOf = (userId: string) => db.selectFrom('user_group_members').select('group_id').where('user_id', '=', userId);
  /** User groups whose people's devices a person sees: their own, and those theirs may access (Pro's "can access"). */
  const userGroupsFor = (userId: string) =>
    groupsOf(userId).union(
      db
        .selectFrom('user_group_access as a')
        .innerJoin('user_group_members as m', 'm.group_id', 'a.user_group_id')
        .select('a.target_group_id as group_id')
        .where('m.user_id', '=', userId),
    );
  /** People whose devices a person sees (besides their own). */
  const ownersFor = (userId: string) => db.selectFrom('user_group_members as o').select('o.user_id').where('o.group_id', 'in', userGroupsFor(userId));
  /** Device groups a person's user groups may reach. */
  const deviceGroupsFor = (userId: string) =>
    db.selectFrom('device_group_access').select('device_group_id').where('user_group_id', 'in', groupsOf(userId));
  /** A person's own devices and those of the people whose devices they see (`d` is the devices table's alias). */
  const byOwner = (userId: string) => (eb: ExpressionBuilder<Database & { d: Database['devices'] }, 'd'>) =>
    eb.or([eb('d.user_id', '=', userId), eb('d.user_id', 'in', ownersFor(userId))]);

  /**
   * Devices (as `d`) visible to a person who is not an administrator. Few of them: found on the
   * owner and group indexes, then sorted. Many (`dense`): read in id order, probing the small
   * sets of owners and device groups per device, so a page stops at its last row. SQLite keeps
   * no statistics here and would take the indexes for both, so there the unary `+` keeps it off
   * them (PostgreSQL decides from its own statistics).
   */
  const visibleDevices = (userId: string, dense: boolean) => {
    if (!(dense && isSqlite)) {
      return db.selectFrom('devices as d').where((eb) => eb.or([byOwner(userId)(eb), eb('d.group_id', 'in', deviceGroupsFor(userId))]));
    }
    const owner = sql<string | null>`+${sql.ref('d.user_id')}`;
    const group = sql<string | null>`+${sql.ref('d.group_id')}`;
    return db
      .selectFrom('devices as d')
      .where((eb) => eb.or([eb(owner, '=', userId), eb(owner, 'in', ownersFor(userId)), eb(group, 'in', deviceGroupsFor(userId))]));
  };
  /** From how many visible devices a page is read in id order rather than gathered from the indexes. */
  const DENSE = 1_000;

  /**
   * How many devices a person who is not an administrator sees: those by owner, counted on the
   * owner index alone, plus those of their device groups owned by no one of those.
   */
  async function countVisible(userId: string, enabled: boolean | undefined): Promise<number> {
    const row = await db
      .selectNoFrom((eb) => [
        inState(eb.selectFrom('devices as d').select((e) => e.fn.countAll<number | string>().as('n')), enabled)
          .where(byOwner(userId))
          .as('owned'),
        inState(eb.selectFrom('devices as d').select((e) => e.fn.countAll<number | string>().as('n')), enabled)
          .where('d.group_id', 'in', deviceGroupsFor(userId))
          .where((e) => e.or([e('d.user_id', 'is', null), e.not(byOwner(userId)(e))]))
          .as('grouped'),
      ])
      .executeTakeFirstOrThrow();
    return Number(row.owned ?? 0) + Number(row.grouped ?? 0);
  }

  async function refsOf(table: 'user_groups' | 'device_groups', ids: string[]): Promise<GroupRef[]> {
    if (ids.length === 0) return [];
    return db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).orderBy('name_key').execute();
  }

  /** For each device group, the user groups that may reach it (Pro's "can be accessed from"). */
  async function accessFrom(deviceGroupIds: string[]): Promise<Map<string, GroupRef[]>> {
    if (deviceGroupIds.length === 0) return new Map();
    const pairs = await db
      .selectFrom('device_group_access as a')
      .innerJoin('user_groups as u', 'u.id', 'a.user_group_id')
      .select(['a.device_group_id as key', 'u.id', 'u.name'])
      .where('a.device_group_id', 'in', deviceGroupIds)
      .orderBy('u.name_key')
      .execute();
    return grouped(deviceGroupIds, pairs);
  }

  /**
   * What an administrator's client lists: every device (or every enabled one, which is what the
   * client asks for), by id, from the one after `after`.
   */
  const peersAfter = (enabledOnly: boolean) =>
    precompile(db, (p: { after: string; limit: number }) =>
      db
        .selectFrom(
          inState(db.selectFrom('devices as d'), enabledOnly || undefined)
            .leftJoin('users as u', 'u.id', 'd.user_id')
            .leftJoin('device_groups as g', 'g.id', 'd.group_id')
            .select(PEER_COLUMNS)
            .where('d.id', '>', p.after)
            .orderBy('d.id')
            .limit(p.limit)
            .as('p'),
        )
        .select(peerPageSql(!isSqlite)),
    );
  const everyPeerAfter = peersAfter(false);
  const enabledPeerAfter = peersAfter(true);

  return {
    async findById(id: string): Promise<DeviceGroup | undefined> {
      return db.selectFrom('device_groups').select(GROUP_COLUMNS).where('id', '=', id).executeTakeFirst();
    },

    /**
     * Whether a person who is not an administrator may reach this one device under the access
     * rules (their own, those of people whose devices they see, those of device groups their user
     * groups may reach): one statement, the device found by its primary key.
     */
    async canReach(userId: string, deviceId: string): Promise<boolean> {
      const row = await visibleDevices(userId, false).select('d.id').where('d.id', '=', deviceId).executeTakeFirst();
      return row !== undefined;
    },

    /** The device group of this name, ignoring case. */
    async findByName(name: string): Promise<DeviceGroup | undefined> {
      return db.selectFrom('device_groups').select(GROUP_COLUMNS).where('name_key', '=', name.toLowerCase()).executeTakeFirst();
    },

    /** Adds a group unless its name (ignoring case) is taken; whether it was added. */
    async insert(group: DeviceGroup): Promise<boolean> {
      const added = await db
        .insertInto('device_groups')
        .values({ ...group, name_key: group.name.toLowerCase() })
        .onConflict((oc) => oc.column('name_key').doNothing())
        .returning('id')
        .execute();
      return added.length > 0;
    },

    async update(id: string, patch: Partial<Pick<DeviceGroup, 'name' | 'note'>> & { updated_at: number }): Promise<void> {
      const columns = patch.name === undefined ? patch : { ...patch, name_key: patch.name.toLowerCase() };
      await db.updateTable('device_groups').set(columns).where('id', '=', id).execute();
    },

    /** Deletes the group; its devices stay, in no group. */
    async delete(id: string): Promise<boolean> {
      await db.updateTable('devices').set({ group_id: null }).where('group_id', '=', id).execute();
      const result = await db.deleteFrom('device_groups').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Groups by name with their device counts and access rules: three statements whatever the page size. */
    async list(page: PageRequest, ids?: string[]): Promise<Page<DeviceGroupSummary>> {
      let rows = db
        .selectFrom('device_groups as g')
        .select(['g.id', 'g.name', 'g.note', 'g.created_at', 'g.updated_at'])
        .select((eb) =>
          eb
            .selectFrom('devices as d')
            .whereRef('d.group_id', '=', 'g.id')
            .select((e) => e.fn.countAll<number | string>().as('c'))
            .as('device_count'),
        );
      let count = db.selectFrom('device_groups as g').select((eb) => eb.fn.countAll<number | string>().as('n'));
      if (ids) {
        if (ids.length === 0) return { total: 0, rows: [] };
        rows = rows.where('g.id', 'in', ids);
        count = count.where('g.id', 'in', ids);
      }
      const [found, counted] = await Promise.all([
        rows.orderBy('g.name_key').orderBy('g.id').limit(page.pageSize).offset(offsetOf(page)).execute(),
        count.executeTakeFirstOrThrow(),
      ]);
      const access = await accessFrom(found.map((row) => row.id));
      return {
        total: Number(counted.n),
        rows: found.map((row) => ({ ...row, device_count: Number(row.device_count ?? 0), user_groups: access.get(row.id) ?? [] })),
      };
    },

    accessFrom,

    /** Replaces the user groups that may reach a device group. */
    async setAccessFrom(deviceGroupId: string, userGroupIds: string[]): Promise<void> {
      await db.deleteFrom('device_group_access').where('device_group_id', '=', deviceGroupId).execute();
      if (userGroupIds.length === 0) return;
      await db
        .insertInto('device_group_access')
        .values(userGroupIds.map((user_group_id) => ({ device_group_id: deviceGroupId, user_group_id })))
        // Two saves at once both insert after deleting: the later one's rows are already there.
        .onConflict((oc) => oc.columns(['device_group_id', 'user_group_id']).doNothing())
        .execute();
    },

    /** What a user group may reach: other user groups' people's devices, and device groups. */
    async accessOfUserGroup(userGroupId: string): Promise<{ target_groups: GroupRef[]; device_groups: GroupRef[] }> {
      const [targets, deviceGroups] = await Promise.all([
        db.selectFrom('user_group_access').select('target_group_id').where('user_group_id', '=', userGroupId).execute(),
        db.selectFrom('device_group_access').select('device_group_id').where('user_group_id', '=', userGroupId).execute(),
      ]);
      return {
        target_groups: await refsOf('user_groups', targets.map((row) => row.target_group_id)),
        device_groups: await refsOf('device_groups', deviceGroups.map((row) => row.device_group_id)),
      };
    },

    /** Replaces the user groups whose people's devices a user group may reach (Pro's "can access"). */
    async setTargets(userGroupId: string, targetIds: string[]): Promise<void> {
      await db.deleteFrom('user_group_access').where('user_group_id', '=', userGroupId).execute();
      if (targetIds.length === 0) return;
      await db
        .insertInto('user_group_access')
        .values(targetIds.map((target_group_id) => ({ user_group_id: userGroupId, target_group_id })))
        .onConflict((oc) => oc.columns(['user_group_id', 'target_group_id']).doNothing())
        .execute();
    },

    /** Which of these ids are devices. */
    async existingDevices(ids: string[]): Promise<string[]> {
      const found: string[] = [];
      // In slices: SQLite allows at most 32,766 bound parameters per statement.
      for (let i = 0; i < ids.length; i += 5_000) {
        const slice = ids.slice(i, i + 5_000);
        for (const row of await db.selectFrom('devices').select('id').where('id', 'in', slice).execute()) found.push(row.id);
      }
      return found;
    },

    /** Makes these devices the group's members (leaving any other group); the others leave it. Counts of each. */
    async setDevices(groupId: string, deviceIds: string[], at: number): Promise<{ added: number; removed: number }> {
      const keep = new Set(deviceIds);
      const current = await db.selectFrom('devices').select('id').where('group_id', '=', groupId).execute();
      const removed = current.map((row) => row.id).filter((id) => !keep.has(id));
      const had = new Set(current.map((row) => row.id));
      const added = deviceIds.filter((id) => !had.has(id));
      for (let i = 0; i < removed.length; i += 5_000) {
        await db.updateTable('devices').set({ group_id: null, updated_at: at }).where('id', 'in', removed.slice(i, i + 5_000)).execute();
      }
      for (let i = 0; i < added.length; i += 5_000) {
        await db.updateTable('devices').set({ group_id: groupId, updated_at: at }).where('id', 'in', added.slice(i, i + 5_000)).execute();
      }
      return { added: added.length, removed: removed.length };
    },

    // ---- a signed-in client's lists (§9, §10): one page and its total, in SQL ----

    /** How many devices the viewer may see: those `enabled` or not, or all when undefined. */
    async countPeers(viewer: Viewer, enabled?: boolean): Promise<number> {
      if (!viewer.is_admin) return countVisible(viewer.user_id, enabled);
      const counted = await inState(db.selectFrom('devices as d'), enabled)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(counted.n);
    },

    /**
     * Enabled devices as their PeerPayload JSON each, in id order: the `limit` after the id
     * `after`, the ones of `ids`, or those that people of `userIds` own or that groups of
     * `groupIds` hold.
     */
    async enabledPeerPayloads(
      which: { after: string; limit: number } | { ids: string[] } | { userIds: string[] } | { groupIds: string[] },
    ): Promise<{ id: string; json: string }[]> {
      let rows = inState(db.selectFrom('devices as d'), true)
        .leftJoin('users as u', 'u.id', 'd.user_id')
        .leftJoin('device_groups as g', 'g.id', 'd.group_id')
        .select(PEER_COLUMNS)
        .orderBy('d.id');
      if ('after' in which) rows = rows.where('d.id', '>', which.after).limit(which.limit);
      else if ('ids' in which) rows = which.ids.length ? rows.where('d.id', 'in', which.ids) : rows.where(sql<boolean>`false`);
      else if ('userIds' in which) rows = which.userIds.length ? rows.where('d.user_id', 'in', which.userIds) : rows.where(sql<boolean>`false`);
      else rows = which.groupIds.length ? rows.where('d.group_id', 'in', which.groupIds) : rows.where(sql<boolean>`false`);
      const json = isSqlite ? peerPayloadSql(false) : sql`${peerPayloadSql(true)}::text`;
      return db
        .selectFrom(rows.as('p'))
        .select(['p.id', json.as('json')])
        .orderBy('p.id')
        .execute() as Promise<{ id: string; json: string }[]>;
    },

    /**
     * One page of the devices the viewer may see (of `total`), by id: the page's place by
     * offset, or, when the previous page's last id is known (`after`), the rows after it, which
     * the id index finds at once however deep the page.
     */
    async visiblePeers(viewer: Viewer, page: PageRequest, total: number, after?: string, enabled?: boolean): Promise<PeerPage> {
      if (viewer.is_admin && enabled !== false && (after !== undefined || page.current === 1)) {
        return toPeerPage(await (enabled ? enabledPeerAfter : everyPeerAfter).first({ after: after ?? '', limit: page.pageSize }));
      }
      let base = inState(viewer.is_admin ? db.selectFrom('devices as d') : visibleDevices(viewer.user_id, total > DENSE), enabled);
      if (after !== undefined) base = base.where('d.id', '>', after);
      const rows = base
        .leftJoin('users as u', 'u.id', 'd.user_id')
        .leftJoin('device_groups as g', 'g.id', 'd.group_id')
        .select(PEER_COLUMNS)
        .orderBy('d.id')
        .limit(page.pageSize)
        .offset(after === undefined ? offsetOf(page) : 0);
      return toPeerPage(await db.selectFrom(rows.as('p')).select(peerPageSql(!isSqlite)).executeTakeFirst());
    },

    /**
     * People whose devices the viewer may see: themselves, the people of their user groups and
     * of the groups those may access, and the owners of devices in device groups they may reach.
     */
    async visibleUsers(viewer: Viewer, page: PageRequest, status?: UserStatus): Promise<Page<User>> {
      let base = db.selectFrom('users as u');
      if (status !== undefined) base = base.where('u.status', '=', status);
      if (!viewer.is_admin) {
        const userId = viewer.user_id;
        base = base.where(
          'u.id',
          'in',
          db
            .selectFrom('users')
            .select('id')
            .where('id', '=', userId)
            .union(ownersFor(userId).$castTo<{ id: string }>())
            .union(
              db
                .selectFrom('devices as d')
                .select('d.user_id as id')
                .where('d.group_id', 'in', deviceGroupsFor(userId))
                .where('d.user_id', 'is not', null)
                .$narrowType<{ id: string }>(),
            ),
        );
      }
      const [rows, counted] = await Promise.all([
        base.selectAll('u').orderBy('u.name_key').orderBy('u.id').limit(page.pageSize).offset(offsetOf(page)).execute(),
        base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { total: Number(counted.n), rows: rows.map(toUser) };
    },

    /** Device groups the viewer may reach, or that hold a device they may see, by name. */
    async accessibleGroups(viewer: Viewer, page: PageRequest): Promise<Page<Pick<DeviceGroup, 'name'>>> {
      let base = db.selectFrom('device_groups as g');
      if (!viewer.is_admin) {
        const userId = viewer.user_id;
        base = base.where((eb) =>
          eb.or([
            eb('g.id', 'in', deviceGroupsFor(userId)),
            // Per group, on the group index: stops at the group's first device the person sees.
            eb.exists(db.selectFrom('devices as d').select('d.id').where('d.group_id', '=', sql.ref<string>('g.id')).where(byOwner(userId))),
          ]),
        );
      }
      const [rows, counted] = await Promise.all([
        base.select('g.name').orderBy('g.name_key').orderBy('g.id').limit(page.pageSize).offset(offsetOf(page)).execute(),
        base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { total: Number(counted.n), rows };
    },
  };
}

export type DeviceGroupStore = ReturnType<typeof createDeviceGroupStore>;
